"""Downloads a user opens in a spreadsheet: CSV whose text cells cannot run as formulas."""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets read as a formula (OWASP)
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # a plain decimal number, which no sheet runs


def neutralise(text: str) -> str:
    """`text` with a leading ' where a spreadsheet would run it as a formula (=HYPERLINK(...), @SUM, -1+2).

    A number such as "-1.5" or "+2e3" stays as it is: it is a number there too, not a formula.
    """
    if not text.startswith(FORMULA_START) or _is_number(text):
        return text
    return "'" + text


def _is_number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


def predictions_csv(frame: pd.DataFrame, *, decimal: str = ".", sep: str | None = None) -> bytes:
    """frame as UTF-8 CSV bytes with every text cell neutralised: the header, the index and the values.

    Numbers are written as pandas writes them (negative ones too), with `decimal` as the decimal mark; only text
    (column and index names, string labels, object cells) is changed. With decimal="," the columns are separated by
    ";" (what Brazilian Excel opens in columns), else by ","; `sep` says another separator (a locale's own).
    """
    sep = sep if sep is not None else ";" if decimal == "," else ","
    if decimal not in (".", ",") or sep in ("", decimal, '"', "\n") or len(sep) != 1:
        raise ValueError(f"decimal {decimal!r} with separator {sep!r}: a reader could not split the columns")
    out = frame.copy()
    out.columns = [_cell(c) for c in out.columns]
    out.index = out.index.map(_cell).rename(_cell(out.index.name) if out.index.name is not None else None)
    for name in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[name]) or pd.api.types.is_datetime64_any_dtype(out[name])):
            out[name] = out[name].map(_cell)
    return out.to_csv(sep=sep, decimal=decimal).encode()


def _cell(value):
    return neutralise(value) if isinstance(value, str) else value
