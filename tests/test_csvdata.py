import io

import numpy as np
import pandas as pd
import pytest

from lstmviz.config import TrainConfig
from lstmviz.data.csvdata import prepare, read_csv

CSV = b"""Date,Close,Volume,Ticker
2024-01-03,101.5,2000,ABC
2024-01-02,100.0,1000,ABC
2024-01-04,,3000,ABC
2024-01-05,103.0,4000,ABC
"""


def test_detects_dates_numbers_and_sorts():
    info = read_csv(CSV)
    assert info.date_column == "Date"
    assert info.numeric_columns == ("Close", "Volume")
    assert info.ignored_columns == ("Ticker",)
    assert list(info.frame.index) == list(pd.date_range("2024-01-02", periods=4))
    assert info.frame["Close"].iloc[0] == 100.0


def test_file_object_and_path(tmp_path):
    assert read_csv(io.BytesIO(CSV)).numeric_columns == ("Close", "Volume")
    path = tmp_path / "x.csv"
    path.write_bytes(CSV)
    assert read_csv(path).date_column == "Date"


def test_unnamed_date_column_found_by_values():
    info = read_csv(b"when,y\n01/02/2024,1\n01/03/2024,2\n")
    assert info.date_column == "when"


def test_no_date_column_gives_a_step_index():
    info = read_csv(b"y,x\n1,2\n3,4\n")
    assert info.date_column is None and list(info.frame.index) == [0, 1]


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (b"y\n" + b"1\n" * 100, {"max_bytes": 50}, "larger than the"),
        (b"Date,name\n2024-01-01,a\n", {}, "no numeric column"),
        (b"Date,y\n2024-01-01,1\nsoon,2\n", {}, r"column 'Date': 1 of 2 values are not dates \(first: 'soon'\)"),
        (b"Date,y\n2024-01-01,1\n2024-01-01,2\n", {}, "repeats the date 2024-01-01"),
        (b"a,b\n", {}, "no rows"),
        (b"", {}, "could not read"),
    ],
)
def test_bad_files(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        read_csv(data, **kwargs)


def test_prepare_nan_policies():
    df = read_csv(CSV).frame
    with pytest.raises(ValueError, match=r"column 'Close' has 1 missing values .*'drop'.*'ffill'"):
        prepare(df, "Close", ("Volume",))
    assert len(prepare(df, "Close", ("Volume",), nan_policy="drop")) == 3
    filled = prepare(df, "Close", ("Volume",), nan_policy="ffill")
    assert filled["Close"].tolist() == [100.0, 101.5, 101.5, 103.0]
    assert list(filled.columns) == ["Close", "Volume"]


@pytest.mark.parametrize(
    ("target", "features", "message"),
    [
        ("Open", (), "target \\('Open'\\) is not a column"),
        ("Close", ("Nope",), "'Nope' is not a column"),
        ("Close", ("Close",), "is the target already"),
    ],
)
def test_prepare_bad_columns(target, features, message):
    with pytest.raises(ValueError, match=message):
        prepare(read_csv(CSV).frame, target, features, nan_policy="drop")


def test_prepare_checks_rows_for_the_config():
    df = pd.DataFrame({"y": np.arange(100.0)}, index=pd.date_range("2024-01-01", periods=100))
    prepare(df, "y", config=TrainConfig(lookback=20))
    with pytest.raises(ValueError, match=r"lookback \(90\) \+ horizon \(1\) must be shorter than the training split"):
        prepare(df, "y", config=TrainConfig(lookback=90))
