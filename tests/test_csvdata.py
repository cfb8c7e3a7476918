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


# ---- hostile files (issue 20): each was fed to the code before it and took minutes or got the wrong message
def _cpu_seconds(fn) -> tuple[object, float]:
    import time

    start = time.process_time()
    try:
        out = fn()
    except UserError as err:
        out = err
    return out, time.process_time() - start


def test_a_file_of_100_000_columns_is_refused_before_pandas_builds_them():
    """Was: 1 row x 100,000 numeric columns (0.9 MB): 150 s of CPU and no message."""
    from lstmviz.data.csvdata import MAX_COLUMNS

    names = ",".join(f"c{j}" for j in range(100_000))
    out, seconds = _cpu_seconds(lambda: read_csv(f"{names}\n{','.join(['1'] * 100_000)}\n".encode()))
    assert isinstance(out, UserError) and (out.code, out.params) == (
        "csv.too_many_columns",
        {"columns": 100_000, "most": MAX_COLUMNS},
    )
    assert seconds < 1


def test_thousands_of_text_columns_parse_in_linear_time():
    """Was: 6 rows x 20,000 text columns: 156 s (one date parse per text column, `in` on a list). At the cap, 2,000
    text columns beside a numeric one: well under 5 s of CPU, and none of them taken for dates."""
    header = "y," + ",".join(f"c{j}" for j in range(1999))
    rows = "\n".join(f"{k}," + ",".join(["ab"] * 1999) for k in range(6))
    out, seconds = _cpu_seconds(lambda: read_csv(f"{header}\n{rows}\n".encode()))
    assert not isinstance(out, UserError), out
    assert out.numeric_columns == ("y",) and out.date_column is None and len(out.ignored_columns) == 1999
    assert seconds < 5


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_told_by_their_nul_bytes(encoding):
    """Was: read as UTF-8, and the message showed the NULs ("D\\0a\\0t\\0e")."""
    info = read_csv("Date,Preço\n2024-01-02,1.5\n2024-01-03,2.5\n".encode(encoding))
    assert info.encoding == encoding and info.numeric_columns == ("Preço",) and info.date_column == "Date"
    assert info.frame["Preço"].tolist() == [1.5, 2.5]


def test_random_bytes_and_a_zip_are_named_for_what_they_are():
    """Was: random bytes got "the CSV has a header but no rows", a zip "it is an Excel workbook"."""
    import zipfile

    noise = np.random.default_rng(0).integers(0, 256, 20_000, dtype=np.uint8).tobytes()
    with pytest.raises(UserError) as e:
        read_csv(noise)
    assert e.value.code == "csv.binary"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("prices.csv", "Date,y\n2024-01-02,1\n")
    with pytest.raises(UserError) as e:
        read_csv(archive.getvalue())
    assert e.value.code == "csv.zip"
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UserError) as e:
        read_csv(workbook.getvalue())
    assert e.value.code == "csv.workbook"


def test_an_overlong_value_is_cut_in_the_message_not_echoed_whole():
    """Was: a 9,999-digit typed number came back whole in the error."""
    from lstmviz.errors import MAX_SHOWN
    from lstmviz.sequences import parse_numbers

    with pytest.raises(UserError) as e:
        parse_numbers("1 " + "9" * 9999)
    assert e.value.params["text"] == "9" * 9999  # the parameter is what was typed; the message cuts it
    assert len(str(e.value)) < 120 and "9" * (MAX_SHOWN - 1) + "…" in str(e.value)
    with pytest.raises(UserError) as e:
        read_csv((",".join(f"name{j}" for j in range(500)) + "\n" + ",".join(["x"] * 500) + "\n").encode())
    assert e.value.code == "csv.no_numeric" and len(str(e.value)) < 200


def test_a_failed_parse_is_cached_by_content_like_a_good_one(monkeypatch):
    """Was: a failure was not cached, so every rerun of that session parsed the bad file again."""
    from lstmviz.data import csvdata
    from lstmviz.ui import csvupload

    calls = []
    real = csvdata.read_csv
    monkeypatch.setattr(csvdata, "read_csv", lambda *a, **k: calls.append(1) or real(*a, **k))
    csvupload.parse.clear()
    blob = b"a,b\n"
    first = csvupload.parse("digest-of-a-bad-file", None, None, None, None, _blob=blob)
    again = csvupload.parse("digest-of-a-bad-file", None, None, None, None, _blob=blob)
    assert isinstance(first, UserError) and (again.code, again.params) == (first.code, first.params) == (
        "csv.no_rows",
        {},
    )
    assert len(calls) == 1
    csvupload.parse.clear()
