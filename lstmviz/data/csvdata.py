"""Uploaded CSV files: size limit, date column detection, numeric columns, missing values."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd

from lstmviz.config import TrainConfig
from lstmviz.windows import split_bounds

MAX_BYTES = 20 * 1024 * 1024  # what a browser uploads in seconds and pandas parses in well under one
NAN_POLICIES = ("drop", "ffill")
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
        raise ValueError(f"the file is larger than the {max_bytes / 2**20:.0f} MB limit; upload fewer rows")
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


def read_csv(source: bytes | str | Path | IO[bytes], *, max_bytes: int = MAX_BYTES) -> CsvInfo:
    """Parse CSV bytes, a path or a binary file object; ValueError says what is wrong with the file."""
    data = _read_bytes(source, max_bytes)
    try:
        if _is_yfinance_export(data):
            df = pd.read_csv(io.BytesIO(data), header=[0, 1], skiprows=[2])
            dates = df.pop(df.columns[0])  # the index column, headed ("Price", "Ticker")
            df = flatten_columns(df)
            df.insert(0, "Date", dates)
        else:
            df = pd.read_csv(io.BytesIO(data))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise ValueError(f"could not read the file as CSV: {e}") from None
    if df.empty:
        raise ValueError("the CSV has a header but no rows")
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    date_column = _find_date_column(df, numeric)
    if not numeric:
        raise ValueError(f"the CSV has no numeric column (columns: {', '.join(map(str, df.columns))})")
    frame = df[numeric].astype(float)
    if date_column is not None:
        dates = _parse_dates(df[date_column])
        bad = dates.isna()
        if bad.any():
            first = df[date_column][bad].iloc[0]
            raise ValueError(
                f"column {date_column!r}: {int(bad.sum())} of {len(df)} values are not dates (first: {first!r})"
            )
        frame.index = pd.DatetimeIndex(dates, name=str(date_column))
        frame = frame.sort_index()
        dup = frame.index[frame.index.duplicated()]
        if len(dup):
            raise ValueError(f"column {date_column!r} repeats the date {dup[0].date()}; one row per date, please")
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
    if target not in df.columns:
        raise ValueError(f"target ({target!r}) is not a column; choose one of {', '.join(map(str, df.columns))}")
    for name in features:
        if name not in df.columns:
            raise ValueError(f"feature {name!r} is not a column; choose from {', '.join(map(str, df.columns))}")
        if name == target:
            raise ValueError(f"feature {name!r} is the target already; pick other columns as features")
    if nan_policy is not None and nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be None, 'drop' or 'ffill'; got {nan_policy!r}")
    out = df[[target, *features]]
    missing = out.isna().sum()
    if nan_policy is None and missing.any():
        name = missing.idxmax()
        first = out.index[out[name].isna()][0]
        raise ValueError(
            f"column {name!r} has {int(missing[name])} missing values (first at {first}); "
            "choose 'drop' to remove those rows or 'ffill' to carry the last value forward"
        )
    if nan_policy == "ffill":
        out = out.ffill()
    out = out.dropna()
    if config is not None:
        rows = len(out) - (config.target_mode == "log_return")  # returns need the row before
        split_bounds(rows, config.lookback, config.horizon, config.val_fraction, config.test_fraction)
    return out
