"""Uploaded CSV files: size limit, date column detection, numeric columns, missing values."""

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
from lstmviz.errors import UserError
from lstmviz.windows import split_bounds

MAX_BYTES = 20 * 1024 * 1024  # what a browser uploads in seconds and pandas parses in well under one
NAN_POLICIES = ("drop", "ffill")
FLOAT32_MAX = float(np.finfo(np.float32).max)
_DATE_NAME = re.compile(r"date|time|day|period|month|year", re.IGNORECASE)


@dataclass(frozen=True)
class CsvInfo:
    """A parsed CSV: `frame` holds the numeric columns as floats, indexed by date when one was found."""

    frame: pd.DataFrame
    date_column: str | None
    numeric_columns: tuple[str, ...]
    ignored_columns: tuple[str, ...]  # neither the date nor numeric (e.g. a ticker name)


def _read_bytes(source: bytes | str | Path | IO[bytes], max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        data = Path(source).read_bytes()[: max_bytes + 1]
    else:
        data = source.read(max_bytes + 1)  # a file object, e.g. Streamlit's UploadedFile
    if len(data) > max_bytes:
        raise UserError("csv.too_large", mb=round(max_bytes / 2**20))
    return data


def _parse_dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.astype(str).str.strip(), errors="coerce", format="mixed")


def _find_date_column(df: pd.DataFrame, numeric: list[str]) -> str | None:
    """The first non-numeric column named like a date, else the first whose values all parse as dates."""
    candidates = [c for c in df.columns if c not in numeric]
    for name in candidates:
        if _DATE_NAME.search(str(name)):
            return name
    for name in candidates:
        if _parse_dates(df[name].dropna()).notna().all():
            return name
    return None


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


def _is_yfinance_export(data: bytes) -> bool:
    """Header rows "Price,...", "Ticker,..." and "Date,,,": a yf.download frame written with to_csv()."""
    lines = data[:4096].decode("utf-8", errors="replace").splitlines()
    return (
        len(lines) > 3
        and lines[0].startswith("Price,")
        and lines[1].startswith("Ticker,")
        and lines[2].startswith("Date,")
    )


def _ragged(data: bytes) -> UserError:
    """Why pandas could not parse the file: the first row with more or fewer cells than the header."""
    rows = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")))
    expected = len(next(rows, []))
    for number, row in enumerate(rows, start=2):
        if row and len(row) != expected:
            return UserError("csv.ragged", row=number, found=len(row), expected=expected)
    return UserError("csv.unreadable")


def _check_range(frame: pd.DataFrame) -> None:
    """Every value must fit the model's float32 (a 1e39 or an "inf" in a file would train on infinities)."""
    values = frame.to_numpy()
    bad = np.abs(np.nan_to_num(values, nan=0.0)) > FLOAT32_MAX  # (n, D); inf too
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise UserError("csv.out_of_range", column=str(frame.columns[col]), value=values[row, col], row=int(row) + 2)


def read_csv(source: bytes | str | Path | IO[bytes], *, max_bytes: int = MAX_BYTES) -> CsvInfo:
    """Parse CSV bytes, a path or a binary file object; UserError says what is wrong with the file."""
    data = _read_bytes(source, max_bytes)
    try:
        if _is_yfinance_export(data):
            df = pd.read_csv(io.BytesIO(data), header=[0, 1], skiprows=[2])
            dates = df.pop(df.columns[0])  # the index column, headed ("Price", "Ticker")
            df = flatten_columns(df)
            df.insert(0, "Date", dates)
        else:
            df = pd.read_csv(io.BytesIO(data))
    except pd.errors.EmptyDataError:
        raise UserError("csv.empty") from None
    except UnicodeDecodeError:
        raise UserError("csv.encoding") from None
    except pd.errors.ParserError:
        raise _ragged(data) from None
    if df.empty:
        raise UserError("csv.no_rows")
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    date_column = _find_date_column(df, numeric)
    if not numeric:
        raise UserError("csv.no_numeric", columns=tuple(map(str, df.columns)))
    frame = df[numeric].astype(float)
    _check_range(frame)
    if date_column is not None:
        dates = _parse_dates(df[date_column])
        bad = dates.isna()
        if bad.any():
            first = str(df[date_column][bad].iloc[0])
            raise UserError("csv.bad_dates", column=str(date_column), bad=int(bad.sum()), n=len(df), value=first)
        frame.index = pd.DatetimeIndex(dates, name=str(date_column))
        frame = frame.sort_index()
        dup = frame.index[frame.index.duplicated()]
        if len(dup):
            raise UserError("csv.repeated_date", column=str(date_column), date=dup[0])
    ignored = tuple(c for c in df.columns if c not in numeric and c != date_column)
    return CsvInfo(frame, date_column, tuple(numeric), ignored)


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
        rows = len(out) - (config.target_mode == "log_return")  # returns need the row before
        split_bounds(rows, config.lookback, config.horizon, config.val_fraction, config.test_fraction)
    return out
