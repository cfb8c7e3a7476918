import io

import numpy as np
import pandas as pd
import pytest

from lstmviz.export import neutralise, predictions_csv


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("-1.5", "-1.5"),  # a negative number is a number
        ("+2e3", "+2e3"),
        ("-inf", "'-inf"),
        ("-1\n", "'-1\n"),
        ("Close", "Close"),
        ("", ""),
    ],
)
def test_neutralise(text, want):
    assert neutralise(text) == want


def test_predictions_csv_neutralises_the_header_index_and_text_but_not_numbers():
    frame = pd.DataFrame(
        {'=HYPERLINK("https://evil.example")': [-1.5, 2.0], "split": ["train", "@evil"], "n": [-3, 4]},
        index=pd.Index(["-a", "=b"], name="+date"),
    )
    back = pd.read_csv(io.BytesIO(predictions_csv(frame)), index_col=0, dtype={"split": str})
    assert list(back.columns) == ['\'=HYPERLINK("https://evil.example")', "split", "n"]
    assert back.index.name == "'+date" and list(back.index) == ["'-a", "'=b"]
    assert back["split"].tolist() == ["train", "'@evil"]
    np.testing.assert_array_equal(back.iloc[:, 0], [-1.5, 2.0])
    np.testing.assert_array_equal(back["n"], [-3, 4])


def test_predictions_csv_of_a_fit_keeps_dates_and_numbers():
    index = pd.date_range("2024-01-01", periods=3, name="Date")
    frame = pd.DataFrame({"actual": [1.0, -2.0, 3.0], "predicted": [np.nan, -1.0, 2.5], "split": "test"}, index=index)
    assert predictions_csv(frame) == frame.to_csv().encode()


def test_predictions_csv_with_a_decimal_comma_is_semicolon_separated_and_reads_back():
    index = pd.date_range("2024-01-01", periods=3, name="Date")
    frame = pd.DataFrame(
        {"actual": [1234.5, -2.25, 3.0], "predicted": [np.nan, -1.0, 2.5], "split": ["train", "val", "=x;y"]},
        index=index,
    )
    blob = predictions_csv(frame, decimal=",")
    lines = blob.decode().splitlines()
    assert lines[0] == "Date;actual;predicted;split" and lines[1] == "2024-01-01;1234,5;;train"
    assert "." not in "".join(lines[1:3])  # no decimal point left for Excel to misread
    back = pd.read_csv(io.BytesIO(blob), sep=";", decimal=",", index_col=0, parse_dates=True)
    pd.testing.assert_frame_equal(back, frame.assign(split=["train", "val", "'=x;y"]), check_freq=False)


@pytest.mark.parametrize(("decimal", "sep"), [(",", ","), (";", None), (".", "."), (".", "ab")])
def test_predictions_csv_refuses_a_separator_a_reader_could_not_split(decimal, sep):
    with pytest.raises(ValueError, match="separator"):
        predictions_csv(pd.DataFrame({"a": [1.5]}), decimal=decimal, sep=sep)
