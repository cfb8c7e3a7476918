"""How a CSV file is written, told from its bytes: text encoding, separator, decimal mark, date order.

Brazilian Excel saves "CSV" with `;` separators, decimal commas (thousands dots) and dd/mm/yyyy dates
in Windows-1252 ("Latin-1"), and "Unicode text" as UTF-16 with tabs; American and pandas files use
`,`, decimal points and ISO or mm/dd/yyyy dates. Nothing here guesses a date order it cannot tell:
`date_order` says when the file does not say (csvdata asks the user).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lstmviz.errors import UserError

ENCODINGS = ("utf-8", "cp1252", "utf-16")  # what a user may choose; detection may find another
SEPARATORS = (",", ";", "\t")
DECIMALS = (".", ",")
DATE_ORDERS = ("dmy", "mdy", "ymd")  # day/month/year, month/day/year, year-month-day
SAMPLE_LINES = 200  # enough rows to see a day > 12 or a decimal mark; cheap on any file
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)  # UTF-32 LE's BOM starts as UTF-16 LE's
# Text encodings with NUL bytes where Latin text has them: (name, the byte positions that are NUL, their period)
_NUL_PATTERNS = (("utf-32-le", (1, 2, 3), 4), ("utf-32-be", (0, 1, 2), 4), ("utf-16-le", (1,), 2),
                 ("utf-16-be", (0,), 2))  # fmt: skip
_ZIP, _XLS = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # a zip (an .xlsx is one) and the old .xls
_CONTROL = bytes(set(range(32)) - {9, 10, 13})  # bytes no text file has: controls other than tab and new lines
# numbers as written with each decimal mark: plain (1234,5 / 1234.5), or in thousands groups (1.234,5 / 1,234.5)
_PLAIN = {",": r"[-+]?\d+(?:,\d+)?(?:[eE][-+]?\d+)?", ".": r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"}
_GROUPED = {",": r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?", ".": r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"}
GROUPED = {d: re.compile(p) for d, p in _GROUPED.items()}
NUMBER = {d: re.compile(f"{_GROUPED[d]}|{_PLAIN[d]}") for d in DECIMALS}
# a day and a month in either order, then the year (and maybe a time): 13/01/2024, 1-13-24 14:30
NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:([ T])(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _archive(data: bytes) -> UserError:
    """What a zip is: an Excel workbook (its parts under xl/) or another archive, whose CSV must be taken out first."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:  # a workbook cut short still starts as one
        return UserError("csv.workbook")
    return UserError("csv.workbook" if any(n.startswith("xl/") for n in names) else "csv.zip")


def detect_encoding(data: bytes) -> str:
    """A BOM, else UTF-32 or UTF-16 by where their NUL bytes fall (Latin text in UTF-16 has one every other
    byte), else UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what Brazilian Excel writes, "Latin-1")
    when it reads so, else what charset-normalizer finds. UserError for a workbook, a zip and bytes that are no
    text (control bytes a text file never has).

    charset-normalizer alone is unreliable on a file with a few accents (it calls "Preço" Urdu), so the
    encodings a spreadsheet writes are tried first.
    """
    if data.startswith(_ZIP):
        raise _archive(data)
    if data.startswith(_XLS):
        raise UserError("csv.workbook")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if b"\x00" in head:  # text in a one-byte encoding has no NUL; UTF-16 and UTF-32 of Latin text have them in place
        for name, at, period in _NUL_PATTERNS:
            zeros = [head[k::period] for k in at]
            if all(z.count(0) > 0.9 * len(z) for z in zeros):
                return name
    if len(head.translate(None, _CONTROL)) < 0.99 * len(head):  # random bytes, an image, an executable
        raise UserError("csv.binary")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is None:
        raise UserError("csv.encoding")
    return best.encoding


def decode(data: bytes, encoding: str) -> str:
    """The file's text; a BOM is dropped."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise UserError("csv.encoding") from None
    return text.removeprefix("\ufeff")


def _sample(text: str) -> str:
    return "\n".join(text[: 1 << 16].splitlines()[:SAMPLE_LINES])


def detect_separator(text: str) -> str:
    """The first of tab, `;` and `,` that splits every sample line into the same number (> 1) of cells."""
    lines = [line for line in _sample(text).splitlines() if line.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line short
    for separator in ("\t", ";", ","):
        counts = {len(row) for row in csv.reader(lines, delimiter=separator)}
        if len(counts) == 1 and counts.pop() > 1:
            return separator
    return ","


def sample_cells(text: str, separator: str) -> list[str]:
    """The non-empty cells of the sample rows after the header."""
    rows = list(csv.reader(io.StringIO(_sample(text)), delimiter=separator))[1:]
    return [cell.strip() for row in rows for cell in row if cell.strip()]


def detect_decimal(cells: list[str], separator: str) -> str:
    """ "," where numbers are written 1,5 or 1.234,5, "." where 1.5 or 1,234.5; when no cell tells (1.234),
    "," in a `;` file (the European convention) and "." otherwise."""
    comma = sum(1 for c in cells if NUMBER[","].fullmatch(c) and not NUMBER["."].fullmatch(c))
    dot = sum(1 for c in cells if NUMBER["."].fullmatch(c) and not NUMBER[","].fullmatch(c))
    if comma != dot:
        return "," if comma > dot else "."
    return "," if separator == ";" else "."


def detect_thousands(cells: list[str], decimal: str, separator: str) -> str | None:
    """The thousands mark, only where a sample number is written with one: 1.5 in a decimal-comma file of plain
    numbers stays no number (pandas would read it 15 with a thousands dot)."""
    mark = "." if decimal == "," else ","
    if mark == separator or not any(GROUPED[decimal].fullmatch(c) for c in cells):
        return None
    return mark


def numeric_date_formats(values: pd.Series) -> dict[str, str] | None:
    """strptime formats for dates written as day and month numbers (13/01/2024, 1-13-24 14:30), one per order,
    e.g. {"dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y"}; None unless the first values are all written so."""
    head = values.dropna().head(SAMPLE_LINES).astype(str).str.strip()
    if head.empty or not head.str.fullmatch(NUMERIC_DATE.pattern).all():
        return None
    m = NUMERIC_DATE.fullmatch(head.iloc[0])
    sep, year = m[2], "%Y" if len(m[4]) == 4 else "%y"
    clock = "" if m[5] is None else m[5] + "%H:%M" + (":%S" if m[8] else "")
    return {"dmy": f"%d{sep}%m{sep}{year}{clock}", "mdy": f"%m{sep}%d{sep}{year}{clock}"}


def _strptime(values: pd.Series, fmt: str) -> pd.Series:
    """Timestamps, NaT where a value is not a date in `fmt` (Arrow's strptime: 30x pandas' on a str column)."""
    cells = pc.utf8_trim_whitespace(pa.array(values.astype(object).where(values.notna(), None), type=pa.string()))
    parsed = pc.strptime(cells, format=fmt, unit="s", error_is_null=True)
    return pd.Series(parsed.to_pandas(), index=values.index)


def numeric_dates(values: pd.Series, column: str, order: str | None, european: bool) -> tuple[pd.Series, str]:
    """The values as timestamps and the order they were read in ("dmy" or "mdy"): `order` if given, else the
    only one that reads every value (a 13 tells), else "dmy" for a European-style file (`;`, decimal commas).
    When both read every value to different days, UserError "csv.ambiguous_dates" asks instead of guessing.
    Where neither reads every value, the order that reads more; the caller reports the rest as not dates."""
    formats = numeric_date_formats(values)
    if order in ("dmy", "mdy"):
        return _strptime(values, formats[order]), order
    dmy, mdy = _strptime(values, formats["dmy"]), _strptime(values, formats["mdy"])
    every_dmy, every_mdy = bool(dmy.notna().all()), bool(mdy.notna().all())
    if every_dmy and every_mdy:
        differ = (dmy != mdy).to_numpy()
        if european or not differ.any():  # 01/01, 02/02...: both orders read the same days
            return dmy, "dmy"
        k = int(np.flatnonzero(differ)[0])
        raise UserError("csv.ambiguous_dates", column=column, day_first=dmy.iloc[k], month_first=mdy.iloc[k])
    if every_dmy != every_mdy:
        return (dmy, "dmy") if every_dmy else (mdy, "mdy")
    return (dmy, "dmy") if dmy.notna().sum() >= mdy.notna().sum() else (mdy, "mdy")
