import io

import numpy as np
import pandas as pd
import pytest

from lstmviz.config import TrainConfig
from lstmviz.data.csvdata import prepare, read_csv
from lstmviz.errors import UserError

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
        (b"a,b\n1,-inf\n3,4\n", {}, "csv.out_of_range", {"column": "b", "value": float("-inf"), "row": 2}),
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
