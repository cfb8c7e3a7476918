"""The app's texts in English and Portuguese (Brazil): gettext's model, read with Babel.

The English text is the message id: code reads `t("Hidden units")`, `ngettext` for plurals and
`pgettext` where one English word has two meanings; the library's figure builders take `tr=t`,
so a notebook user gets English with no catalogue. Each language is one row of the locale table
(lstmviz.locales: its catalogue, Babel locale, plotly dictionary, date pattern); the Portuguese
catalogue's header holds the glossary. Numbers and dates in a text are written by Babel for the
language (lstmviz.formats).
"""

from __future__ import annotations

import datetime
import functools
import gettext
from collections.abc import Callable
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from lstmviz import formats
from lstmviz.errors import MESSAGES, Text, UserError, shown
from lstmviz.locales import DEFAULT, LOCALES, Locale
from lstmviz.ui.safetext import SafeText, plain


def lang() -> str:
    return st.session_state.get("lang", DEFAULT)


def here() -> Locale:
    """The current language's row of the locale table (lstmviz.locales): every language decision reads it."""
    return LOCALES.get(lang(), LOCALES[DEFAULT])


def language_for(browser_locale: str | None) -> str:
    """The app's language for a browser's (navigator.language: "pt-BR", "pt", "en-US"): the first row of the
    locale table in that language, else the default (English)."""
    return next((code for code, row in LOCALES.items() if row.matches(browser_locale or "")), DEFAULT)


def default_language() -> None:
    """On a session's first run, the browser's language, unless the link says ?lang=. Call it before the URL
    state is restored (page.setup, before urlstate.restore): the language then counts as chosen, so links
    made from this session carry it (a teacher's Portuguese link stays Portuguese for every student)."""
    if "lang" not in st.session_state and "lang" not in st.query_params:
        st.session_state["lang"] = language_for(st.context.locale)


def locale() -> str:
    """The Babel locale of the current language."""
    return here().babel


def decimal() -> str:
    """The language's decimal separator: "." in English, "," in Portuguese."""
    return here().decimal


def date_format() -> str:
    """strftime format of a day, for plotly's hover labels and tables: ISO in English, 13/09/2023 in Portuguese."""
    return here().strftime


def date_input_format() -> str:
    """The same for st.date_input, which writes its format in its own letters."""
    return here().picker


def csv_format() -> dict:
    """export.predictions_csv's keywords for a download in the language: decimal mark and column separator."""
    return {"decimal": here().decimal, "sep": here().csv_sep}


def number(x: float, spec: str = ",") -> SafeText:
    """A number formatted by the Python format `spec` in the language: 31,051 / 0.25 in English, 31.051 / 0,25 in
    Portuguese."""
    return SafeText(formats.number(x, spec, locale()))


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def magnitude(x: float) -> SafeText:
    """A ratio a student reads: 0.67, 42, 3.7·10⁶ (not 3.7e+06), in the language's decimal mark."""
    if not abs(x) >= 1e4 or x != x or abs(x) == float("inf"):
        return number(x, ".2g")
    exponent = int(f"{x:e}".split("e")[1])
    return SafeText(f"{number(x / 10**exponent, '.2g')}·10{str(exponent).translate(_SUPERSCRIPT)}")


def date(day: datetime.date) -> SafeText:
    """A day in the language: 2023-09-13 in English, 13/09/2023 in Portuguese."""
    return SafeText(formats.date(day, locale()))


def plotly_config() -> dict:
    """st.plotly_chart's config for the current language: plotly's own texts (the modebar), months on date axes,
    the decimal mark and the thousands separator on every axis and hover label."""
    config = {"displaylogo": False}
    row = here()
    if row.plotly is not None:
        name = row.babel.replace("_", "-")
        config.update(locale=name, locales={name: row.plotly})
    return config


def localise_figure(fig: go.Figure) -> go.Figure:
    """What plotly_config's locale cannot do: date axes in the language's order (the day first in Portuguese)."""
    row = here()
    if row.date_ticks and _has_dates(fig):
        fig.update_xaxes(tickformatstops=list(row.date_ticks), hoverformat=date_format())
    return fig


def _has_dates(fig: go.Figure) -> bool:
    for trace in fig.data:
        if getattr(trace, "x", None) is None:
            continue
        x = np.asarray(trace.x)
        if x.size and (x.dtype.kind == "M" or isinstance(x.flat[0], datetime.date | np.datetime64)):
            return True
    return False


MISSING: set[str] = set()  # texts asked for in a translated language that it lacks (a test keeps it empty)
MISSING_MAX = 200  # error messages can hold user input: a server keeps only the first few


@functools.cache
def _read(path: Path, babel: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=babel)


def catalogue(code: str | None = None) -> Catalog | None:
    """Language `code`'s catalogue (the current language's when None), read once per process (the .po itself: no
    compiled .mo); None for a language whose texts are the msgids (English)."""
    row = here() if code is None else LOCALES[code]
    return None if row.catalogue is None else _read(row.catalogue, row.babel)


@functools.cache
def _plural_index(messages: Catalog) -> Callable[[int], int]:
    return gettext.c2py(messages.plural_expr)  # the C expression of the .po's Plural-Forms header


def _missing(text: str) -> None:
    if len(MISSING) < MISSING_MAX:
        MISSING.add(text)


def _lookup(text: str | tuple[str, str], context: str | None = None) -> str | tuple[str, ...] | None:
    """The current language's `text` (a msgid, or (singular, plural)), or None where it has none."""
    current = catalogue()
    if current is None:
        return None
    message = current.get(text if isinstance(text, str) else text[0], context=context)
    if message is None or not message.string or not all(message.string):
        _missing(text if isinstance(text, str) else text[0])
        return None
    return message.string


def _format(template: str, fields: dict) -> SafeText:
    """`template` with `fields` in: numbers in the language's symbols, strings escaped so that user text shows as
    text (see lstmviz.ui.safetext)."""
    if not fields:
        return SafeText(template)
    fields = {k: plain(v) if isinstance(v, str) else v for k, v in fields.items()}
    return SafeText(template.format(**formats.localised(fields, locale())))


def N_(text: str) -> str:
    """Marks a text to translate later, where it is defined (a dict of labels); the catalogue test finds it."""
    return text


def t(text: str, /, **fields) -> SafeText:
    """`text` in the current language, with `fields` formatted in (numbers in the language's symbols)."""
    return _format(_lookup(text) or text, fields)


def pgettext(context: str, text: str, /, **fields) -> SafeText:
    """`text` in the sense `context` names: pgettext("sequence kind", "step") is a step function, not a timestep."""
    return _format(_lookup(text, context) or text, fields)


def ngettext(singular: str, plural: str, n: int, /, **fields) -> SafeText:
    """The singular or plural of a text for the count `n` (given also in `fields` when the text shows it)."""
    forms = _lookup((singular, plural))
    if forms is not None:
        return _format(forms[_plural_index(catalogue())(int(n))], fields)
    return _format(singular if n == 1 else plural, fields)


def error_text(err: Exception) -> str:
    """A library error in the current language: a UserError by its code, its params written for the language;
    any other error (a bug, not the user's doing) as raised."""
    if not isinstance(err, UserError):
        if here().catalogue is not None:
            _missing(str(err))
        return str(err)
    params = {k: t(v) if isinstance(v, Text) else v for k, v in shown(err.params).items()}
    message = MESSAGES[err.code]
    if isinstance(message, str):
        return t(message, **params)
    singular, plural, count = message
    return ngettext(singular, plural, params[count], **params)
