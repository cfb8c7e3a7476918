"""Numbers and dates written for a locale by Babel ("en", "pt_BR"), from Python's format specs.

Texts keep Python's specs (`{rmse:.4g}`, `{share:.0%}`) so a translator sees what the number is;
`number` turns the spec into a Babel pattern, so 31,051.5 reads 31.051,5 in Portuguese.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re

from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from lstmviz.locales import of_babel

# The part of Python's format-spec mini-language the app's texts use: a sign, grouping, precision, type.
_SPEC = re.compile(r"(?P<sign>\+)?(?P<group>,)?(?:\.(?P<precision>\d+))?(?P<kind>[dfge%]?)")


def number(x: numbers.Real, spec: str = "", locale: str = "en") -> str:
    """`format(x, spec)` in `locale`'s symbols: number(1234.5, ",.1f", "pt_BR") == "1.234,5"."""
    match = _SPEC.fullmatch(spec)
    if match is None:
        raise ValueError(f"number format {spec!r} is not supported (use [+][,][.N][d|f|g|e|%])")
    if match["sign"] and x >= 0:  # "+g": a plus before what is not negative (forget bias +1)
        return "+" + number(x, spec[1:], locale)
    group, precision, kind = match["group"], match["precision"], match["kind"]
    x = int(x) if isinstance(x, numbers.Integral) else float(x)
    if isinstance(x, float) and not math.isfinite(x):
        return format(x, spec)  # nan, inf: the same in every language here
    whole = "#,##0" if group else "0"
    if kind == "%":
        return format_percent(x, whole + _decimals(precision or "0") + "%", locale=locale)
    python = format(x, spec)
    if kind in ("g", "e") and "e" in python:  # scientific: the mantissa in the locale, the exponent as Python writes it
        mantissa, exponent = python.split("e")
        pattern = whole + _decimals(str(len(mantissa.partition(".")[2])))
        return format_decimal(float(mantissa), pattern, locale=locale) + "e" + exponent
    if x == 0 and (kind == "g" or (kind == "" and precision)):  # Babel's significant-digit pattern writes 0.0
        return "0"
    if kind == "g" or (kind == "" and precision):  # significant digits, trailing zeros dropped, as %g does
        return format_decimal(x, "@" + "#" * max(int(precision or 6) - 1, 0), locale=locale)
    if kind == "f":
        return format_decimal(x, whole + _decimals(precision or "6"), locale=locale)
    if isinstance(x, float):  # no type: as str() writes it, with every digit it needs
        return format_decimal(x, whole + "." + "#" * 17, locale=locale)
    return format_decimal(x, whole, locale=locale)


def _decimals(precision: str) -> str:
    return "." + "0" * int(precision) if int(precision) else ""


def date(day: datetime.date, locale: str = "en") -> str:
    """A day as the locale writes it: 2023-09-13 in English (ISO), 13/09/2023 in Portuguese."""
    row = of_babel(locale)  # the app's languages write a day as their row of lstmviz.locales says
    return format_date(day, row.date if row is not None else "short", locale=locale)


class Number:
    """A number field of a text: `f"{Number(0.25, 'pt_BR'):.1%}"` == "25,0%"."""

    __slots__ = ("locale", "value")

    def __init__(self, value: numbers.Real, locale: str) -> None:
        self.value, self.locale = value, locale

    def __format__(self, spec: str) -> str:
        return number(self.value, spec, self.locale)


class Day:
    """A date field: `{d}` as the locale writes a day (with the time, if not midnight), `{d:long}` in words
    ("1 de fevereiro de 2024"), where 01/02 would be the very thing in question."""

    __slots__ = ("locale", "value")

    def __init__(self, value: datetime.date, locale: str) -> None:
        self.value, self.locale = value, locale

    def __format__(self, spec: str) -> str:
        day = self.value.date() if isinstance(self.value, datetime.datetime) else self.value
        if spec == "long":
            return format_date(day, "long", locale=self.locale)
        if spec:
            raise ValueError(f"date format {spec!r} is not supported (use no spec or 'long')")
        text = date(day, self.locale)
        if isinstance(self.value, datetime.datetime) and self.value.time() != datetime.time():
            text += " " + format_time(self.value, "HH:mm", locale=self.locale)
        return text


def localised(fields: dict, locale: str) -> dict:
    """`fields` as str.format should write them in `locale`: numbers (not bools) in its symbols, days and times
    as it writes them (no 00:00:00 on a day), lists and tuples as a list ("a, b e c")."""
    return {k: _field(v, locale) for k, v in fields.items()}


def _field(value, locale: str):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return Number(value, locale)
    if isinstance(value, datetime.date):  # datetime and pandas' Timestamp too
        return Day(value, locale)
    if isinstance(value, list | tuple):
        return format_list([str(v) for v in value], locale=locale) if value else "—"
    return value
