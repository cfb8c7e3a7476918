import io

import numpy as np
import pandas as pd
import pytest

from lstmviz.config import TrainConfig
from lstmviz.data.csvdata import prepare, read_csv
from lstmviz.errors import UserError
from tests.csvfiles import DAYS, EXCEL_BR, PRICES, UNICODE_TEXT

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
    info = read_csv(b"when,y\n01/02/2024,1\n01/03/2024,2\n", date_order="mdy")
    assert info.date_column == "when" and info.frame.index[1] == pd.Timestamp("2024-01-03")


def test_an_infinity_is_out_of_range():
    with pytest.raises(UserError) as e:
        read_csv(b"a,b\n1,-inf\n3,4\n")
    assert (e.value.code, e.value.params) == ("csv.out_of_range", {"column": "b", "value": float("-inf"), "row": 2})


def test_no_date_column_gives_a_step_index():
    info = read_csv(b"y,x\n1,2\n3,4\n")
    assert info.date_column is None and list(info.frame.index) == [0, 1]


@pytest.mark.parametrize(
    ("data", "kwargs", "code", "params"),
    [
        (b"y\n" + b"1\n" * 2**19, {"max_bytes": 2**20}, "csv.too_large", {"mb": 1}),
        (b"Date,name\n2024-01-01,a\n", {}, "csv.no_numeric", {"columns": ("Date", "name")}),
        (b"Date,y\n2024-01-01,1\nsoon,2\n", {}, "csv.bad_dates", {"column": "Date", "bad": 1, "n": 2, "value": "soon"}),
        (b"Date,y\n2024-01-01,1\n2024-01-01,2\n", {}, "csv.repeated_date",
         {"column": "Date", "date": pd.Timestamp("2024-01-01")}),
        (b"a,b\n", {}, "csv.no_rows", {}),
        (b"", {}, "csv.empty", {}),
        (b"a,b\n1,2\n3,4,5\n", {}, "csv.ragged", {"row": 3, "found": 3, "expected": 2}),
        (b"a,b\n1,2\n3,1e39\n", {}, "csv.out_of_range", {"column": "b", "value": 1e39, "row": 3}),
    ],
)  # fmt: skip
def test_bad_files(data, kwargs, code, params):
    with pytest.raises(UserError) as e:
        read_csv(data, **kwargs)
    assert (e.value.code, e.value.params) == (code, params)


def test_prepare_nan_policies():
    df = read_csv(CSV).frame
    with pytest.raises(UserError) as e:
        prepare(df, "Close", ("Volume",))
    assert (e.value.code, e.value.params) == (
        "csv.missing_values", {"column": "Close", "count": 1, "first": pd.Timestamp("2024-01-04")}
    )  # fmt: skip
    assert len(prepare(df, "Close", ("Volume",), nan_policy="drop")) == 3
    filled = prepare(df, "Close", ("Volume",), nan_policy="ffill")
    assert filled["Close"].tolist() == [100.0, 101.5, 101.5, 103.0]
    assert list(filled.columns) == ["Close", "Volume"]


@pytest.mark.parametrize(
    ("target", "features", "code", "column"),
    [("Open", (), "data.no_column", "Open"), ("Close", ("Nope",), "data.no_column", "Nope"),
     ("Close", ("Close",), "data.target_is_feature", "Close")],
)  # fmt: skip
def test_prepare_bad_columns(target, features, code, column):
    with pytest.raises(UserError) as e:
        prepare(read_csv(CSV).frame, target, features, nan_policy="drop")
    assert (e.value.code, e.value.params["column"]) == (code, column)


def test_prepare_checks_rows_for_the_config():
    df = pd.DataFrame({"y": np.arange(100.0)}, index=pd.date_range("2024-01-01", periods=100))
    prepare(df, "y", config=TrainConfig(lookback=20))
    with pytest.raises(UserError) as e:
        prepare(df, "y", config=TrainConfig(lookback=90))
    assert e.value.code == "split.train_short"


@pytest.mark.parametrize(
    ("data", "encoding", "separator"),
    [(EXCEL_BR, "cp1252", ";"), (UNICODE_TEXT, "utf-16", "\t")],
    ids=["Excel-BR CSV (Latin-1, ;)", "Excel-BR Unicode text (UTF-16, tabs)"],
)
def test_a_brazilian_excel_export_reads_with_its_dates_and_values(data, encoding, separator):
    assert "ç".encode("cp1252") in data or encoding == "utf-16"
    info = read_csv(data)
    assert (info.encoding, info.separator, info.decimal, info.thousands, info.date_order) == (
        encoding, separator, ",", ".", "dmy"
    )  # fmt: skip
    assert info.numeric_columns == ("Preço", "Volume") and info.ignored_columns == ("Ativo",)
    assert list(info.frame.index) == list(DAYS)  # 02/01/2023 is the 2nd of January, never February the 1st
    np.testing.assert_array_equal(info.frame["Preço"].to_numpy(), PRICES)
    assert info.frame["Preço"].max() > 1000  # the thousands dot was read as one
    prepare(info.frame, "Preço", ("Volume",), config=TrainConfig(lookback=20))


def test_dates_whose_order_cannot_be_told_are_reported_not_guessed():
    data = b"Date,y\n01/02/2024,1\n01/03/2024,2\n02/03/2024,3\n"  # January 2nd or February 1st?
    with pytest.raises(UserError) as e:
        read_csv(data)
    assert (e.value.code, e.value.params) == (
        "csv.ambiguous_dates",
        {"column": "Date", "day_first": pd.Timestamp("2024-02-01"), "month_first": pd.Timestamp("2024-01-02")},
    )
    assert list(read_csv(data, date_order="dmy").frame.index.strftime("%Y-%m-%d")) == [
        "2024-02-01", "2024-03-01", "2024-03-02"
    ]  # fmt: skip
    assert read_csv(data, date_order="mdy").frame.index[0] == pd.Timestamp("2024-01-02")


@pytest.mark.parametrize(
    ("data", "order", "first"),
    [
        (b"Date,y\n12/01/2024,1\n13/01/2024,2\n", "dmy", "2024-01-12"),  # a day above 12 comes first
        (b"Date,y\n01/12/2024,1\n01/13/2024,2\n", "mdy", "2024-01-12"),  # ... second
        (b"Data;y\n01/02/2024;1,5\n01/03/2024;2\n", "dmy", "2024-02-01"),  # a European-style file: day first
        (b"Date,y\n2024-01-02,1\n2024-01-03,2\n", "ymd", "2024-01-02"),
        (b"Date,y\n3-1-24 14:30,1\n13-1-24 09:00,2\n", "dmy", "2024-01-03 14:30"),
    ],
)
def test_the_date_order_the_file_tells(data, order, first):
    info = read_csv(data)
    assert info.date_order == order and info.frame.index[0] == pd.Timestamp(first)


def test_a_day_and_a_month_both_above_12_are_not_dates():
    with pytest.raises(UserError) as e:
        read_csv(b"Date,y\n13/01/2024,1\n01/13/2024,2\n")
    assert (e.value.code, e.value.params["bad"], e.value.params["value"]) == ("csv.bad_dates", 1, "01/13/2024")


def test_each_detection_can_be_overridden():
    data = EXCEL_BR
    assert read_csv(data, decimal=".").numeric_columns == ("Volume",)  # 1.000,50 is no number with a decimal point
    assert read_csv(data, encoding="latin-1").frame["Preço"].tolist() == PRICES.tolist()
    with pytest.raises(UserError) as e:
        read_csv(data, encoding="utf-8")  # Windows-1252 bytes are not UTF-8
    assert e.value.code == "csv.encoding"
    with pytest.raises(UserError) as e:
        read_csv(data, separator=",")
    assert (e.value.code, e.value.params) == ("csv.ragged", {"row": 2, "found": 2, "expected": 1})  # 1.000,50
    with pytest.raises(UserError) as e:
        read_csv(data, date_order="mdy")  # 13/01/2023 has no 13th month
    assert (e.value.code, e.value.params["value"]) == ("csv.bad_dates", "13/01/2023")


def test_numbers_without_thousands_marks_never_read_as_thousands():
    info = read_csv(b"Data;a;b\n13/01/2024;1.5;1,5\n14/01/2024;2.5;2,5\n")  # 1.5 in a decimal-comma file
    assert info.decimal == "," and info.numeric_columns == ("b",) and info.ignored_columns == ("a",)


def test_an_excel_workbook_is_named_as_such():
    with pytest.raises(UserError) as e:
        read_csv(b"PK\x03\x04" + b"\x00" * 100)
    assert e.value.code == "csv.workbook"


@pytest.mark.parametrize(("header", "date_column"), [("Data", "Data"), ("Mês", "Mês"), ("Nomes", None)])
def test_portuguese_date_column_names(header, date_column):
    info = read_csv(f"{header};Preço\n13/01/2024;1,5\n14/01/2024;2\n".encode() if date_column else
                    f"{header};Preço\nAna;1,5\nRui;2\n".encode())  # fmt: skip
    assert info.date_column == date_column
