"""Uploaded CSV files: size limit, the file's format (see csvformat), dates, numeric columns, missing values."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from lstmviz.config import TrainConfig
from lstmviz.data import csvformat
from lstmviz.errors import UserError
from lstmviz.targets import Rows

MB = 1_000_000  # a megabyte as the browser and Streamlit's uploader count it (outside Windows)
MAX_BYTES = 5 * MB  # a class uploads it in seconds, and 30 sessions parsing it fit a small server
# Streamlit's own limit on the CSV uploader (its max_upload_size, in MB), above the app's: a file between the two
# reaches the app, which says beside the uploader that it is too big, instead of Streamlit's bare refusal.
UPLOAD_MB = MAX_BYTES // MB + 1
# Columns a file may have: far more than a model reads (MODEL_LIMITS["features"]), and few enough that a file of
# them parses in well under a second (1 row x 100,000 columns took 150 s of CPU before this cap).
MAX_COLUMNS = 2_000
SNIFF_ROWS = 3  # rows of each text column tried as dates, all columns at once, before a column's whole sample
NAN_POLICIES = ("drop", "ffill")
FLOAT32_MAX = float(np.finfo(np.float32).max)
# English names anywhere in a name (as before: "Trade date"); Portuguese ones as whole words ("Nomes" is no "mês")
_DATE_NAME = re.compile(r"date|time|day|period|month|year|\b(?:data|dia|m[eê]s|ano|hora|per[ií]odo)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CsvInfo:
    """A parsed CSV: `frame` holds the numeric columns as floats, indexed by date when one was found, and how
    the file was read (detected, or as the caller said)."""

    frame: pd.DataFrame
    date_column: str | None
    numeric_columns: tuple[str, ...]
    ignored_columns: tuple[str, ...]  # neither the date nor numeric (e.g. a ticker name)
    encoding: str = "utf-8"  # a Python codec name: "utf-8", "cp1252" (what Excel calls ANSI or Latin-1), "utf-16"
    separator: str = ","  # one of csvformat.SEPARATORS
    decimal: str = "."  # "." or ","
    thousands: str | None = None  # the thousands mark the numbers use, if any
    date_order: str | None = None  # one of csvformat.DATE_ORDERS for numeric dates; None without (or with named months)


def _read_bytes(source: bytes | str | Path | IO[bytes], max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        data = Path(source).read_bytes()[: max_bytes + 1]
    else:
        data = source.read(max_bytes + 1)  # a file object, e.g. Streamlit's UploadedFile
    if len(data) > max_bytes:
        raise UserError("csv.too_large", mb=round(max_bytes / MB))
    return data


def _text_dates(values: pd.Series) -> pd.Series:
    """Dates not written as day and month numbers (ISO 2024-01-13, "Jan 13, 2024"): each tells its own order."""
    values = values.astype(str).str.strip()
    iso = pd.to_datetime(values, errors="coerce", format="ISO8601")  # the common case, 10x faster than "mixed"
    return iso if iso.notna().all() else pd.to_datetime(values, errors="coerce", format="mixed")


def _is_dates(values: pd.Series) -> bool:
    head = values.dropna().head(csvformat.SAMPLE_LINES)
    if head.empty:
        return False
    return csvformat.numeric_date_formats(head) is not None or bool(_text_dates(head).notna().all())


def _find_date_column(df: pd.DataFrame, numeric: set[str]) -> str | None:
    """The first non-numeric column named like a date (English or Portuguese), else the first of dates.

    Only the columns whose first SNIFF_ROWS values all read as dates, found with one parse over all columns, get
    the full check: one parse per text column made a file of thousands of text columns take minutes."""
    candidates = [c for c in df.columns if c not in numeric]
    for name in candidates:
        if _DATE_NAME.search(str(name)):
            return name
    if not candidates:
        return None
    head = df[candidates].head(SNIFF_ROWS).astype(str).apply(lambda column: column.str.strip())  # (rows, columns)
    cells = pd.Series(head.to_numpy().ravel(order="F"))
    neutral = (cells.str.fullmatch(csvformat.NUMERIC_DATE.pattern) | (cells == "nan")).to_numpy()  # nan: empty
    text_date = pd.to_datetime(cells.where(~neutral, "2000-01-01"), errors="coerce", format="mixed").notna()
    dated = (neutral | text_date.to_numpy()).reshape(len(candidates), -1).all(axis=1)  # (columns,)
    for name, maybe in zip(candidates, dated, strict=True):
        if maybe and _is_dates(df[name]):
            return name
    return None


def _dates(column: pd.Series, name: str, order: str | None, european: bool) -> tuple[pd.Series, str | None]:
    """The column as timestamps, and the order its dates were read in (None for dates with month names)."""
    if csvformat.numeric_date_formats(column) is not None:
        return csvformat.numeric_dates(column, name, order, european)
    year_first = column.astype(str).str.strip().str.match(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}").all()
    return _text_dates(column), ("ymd" if year_first else None)


def flatten_columns(df: pd.DataFrame) -> pd.DataFrame:
    """yfinance's (Price, Ticker) MultiIndex columns as flat names: "Close" for one ticker, "Close AAPL" for several.

    yf.download returns such columns even for a single ticker, and df.to_csv() writes them as
    three header rows (Price, Ticker, Date); flat columns pass through unchanged.
    """
    if not isinstance(df.columns, pd.MultiIndex):
        return df
    tickers = df.columns.get_level_values(-1).unique()
    if len(tickers) == 1:
        names = [str(c[0]) for c in df.columns]
    else:
        names = [" ".join(str(part) for part in c if str(part)) for c in df.columns]
    out = df.copy()
    out.columns = names
    return out


def _is_yfinance_export(text: str) -> bool:
    """Header rows "Price,...", "Ticker,..." and "Date,,,": a yf.download frame written with to_csv()."""
    lines = text[:4096].splitlines()
    return (
        len(lines) > 3
        and lines[0].startswith("Price,")
        and lines[1].startswith("Ticker,")
        and lines[2].startswith("Date,")
    )


def _table(text: str, separator: str, decimal: str, thousands: str | None) -> pd.DataFrame:
    """The file as a table, numbers read with its own marks; rows and columns a spreadsheet left empty dropped."""
    try:
        if _is_yfinance_export(text):
            df = pd.read_csv(io.StringIO(text), header=[0, 1], skiprows=[2])
            dates = df.pop(df.columns[0])  # the index column, headed ("Price", "Ticker")
            df = flatten_columns(df)
            df.insert(0, "Date", dates)
        else:
            df = pd.read_csv(io.StringIO(text), sep=separator, decimal=decimal, thousands=thousands)
    except pd.errors.EmptyDataError:
        raise UserError("csv.empty") from None
    except pd.errors.ParserError:
        raise _ragged(text, separator) from None
    if not isinstance(df.index, pd.RangeIndex):  # rows one cell longer than the header: pandas made an index of it
        raise _ragged(text, separator)
    return df.dropna(axis=1, how="all").dropna(how="all")


def _ragged(text: str, separator: str) -> UserError:
    """Why pandas could not parse the file: the first row with more or fewer cells than the header."""
    rows = csv.reader(io.StringIO(text), delimiter=separator)
    expected = len(next(rows, []))
    for number, row in enumerate(rows, start=2):
        if row and len(row) != expected:
            return UserError("csv.ragged", row=number, found=len(row), expected=expected)
    return UserError("csv.unreadable")


def _check_range(frame: pd.DataFrame) -> None:
    """Every value must fit the model's float32 (a 1e39 in a file would train on infinities)."""
    values = frame.to_numpy()
    bad = np.abs(values) > FLOAT32_MAX  # (n, D); False for NaN
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise UserError("csv.out_of_range", column=str(frame.columns[col]), value=values[row, col], row=int(row) + 2)


def read_csv(
    source: bytes | str | Path | IO[bytes],
    *,
    max_bytes: int = MAX_BYTES,
    encoding: str | None = None,
    separator: str | None = None,
    decimal: str | None = None,
    date_order: str | None = None,
) -> CsvInfo:
    """Parse CSV bytes, a path or a binary file object; UserError says what is wrong with the file.

    Each of encoding, separator, decimal ("." or ",") and date_order ("dmy", "mdy") is detected when None
    (see lstmviz.data.csvformat); CsvInfo says what was used. Dates are read day first when a day above 12
    comes first or the file is European-style (`;` or decimal commas); when nothing tells, UserError
    "csv.ambiguous_dates" asks for date_order instead of guessing.
    """
    data = _read_bytes(source, max_bytes)
    if not data.strip():
        raise UserError("csv.empty")
    encoding = encoding or csvformat.detect_encoding(data)
    text = csvformat.decode(data, encoding)
    separator = separator or csvformat.detect_separator(text)
    cells = csvformat.sample_cells(text, separator)
    decimal = decimal or csvformat.detect_decimal(cells, separator)
    thousands = csvformat.detect_thousands(cells, decimal, separator)
    end = text.find("\n")
    columns = len(next(csv.reader([text if end < 0 else text[:end]], delimiter=separator), []))
    if columns > MAX_COLUMNS:  # before pandas builds a column of each
        raise UserError("csv.too_many_columns", columns=columns, most=MAX_COLUMNS)
    df = _table(text, separator, decimal, thousands)
    del text
    if df.empty:
        raise UserError("csv.no_rows")
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    date_column = _find_date_column(df, set(numeric))
    if not numeric:
        raise UserError("csv.no_numeric", columns=tuple(map(str, df.columns)))
    frame = df[numeric].astype(float)
    _check_range(frame)
    order = None
    if date_column is not None:
        dates, order = _dates(df[date_column], str(date_column), date_order, separator == ";" or decimal == ",")
        bad = dates.isna()
        if bad.any():
            first = str(df[date_column][bad].iloc[0])
            raise UserError("csv.bad_dates", column=str(date_column), bad=int(bad.sum()), n=len(df), value=first)
        frame.index = pd.DatetimeIndex(dates, name=str(date_column))
        frame = frame.sort_index()
        dup = frame.index[frame.index.duplicated()]
        if len(dup):
            raise UserError("csv.repeated_date", column=str(date_column), date=dup[0])
    else:
        frame = frame.reset_index(drop=True)
    kept = set(numeric)
    ignored = tuple(c for c in df.columns if c not in kept and c != date_column)
    return CsvInfo(frame, date_column, tuple(numeric), ignored, encoding, separator, decimal, thousands, order)


def prepare(
    df: pd.DataFrame,
    target: str,
    features: tuple[str, ...] = (),
    *,
    nan_policy: str | None = None,
    config: TrainConfig | None = None,
) -> pd.DataFrame:
    """Columns [target, *features] of df with missing values handled.

    nan_policy: None raises on any NaN, "drop" removes those rows, "ffill" carries the last value
    forward (and drops leading NaNs). With a TrainConfig as `config`, also checks that enough rows
    remain for its lookback, horizon and splits.
    """
    for name in (target, *features):
        if name not in df.columns:
            raise UserError("data.no_column", column=str(name), columns=tuple(map(str, df.columns)))
    if target in features:
        raise UserError("data.target_is_feature", column=str(target))
    if nan_policy is not None and nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be None, 'drop' or 'ffill'; got {nan_policy!r}")
    out = df[[target, *features]]
    missing = out.isna().sum()
    if nan_policy is None and missing.any():
        name = missing.idxmax()
        first = out.index[out[name].isna()][0]
        raise UserError("csv.missing_values", column=str(name), count=int(missing[name]), first=first)
    if nan_policy == "ffill":
        out = out.ffill()
    out = out.dropna()
    if config is not None:
        Rows.of(len(out), config)  # fit's split of these rows (returns need the row before): UserError if too short
    return out
