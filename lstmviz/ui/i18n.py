"""The app's texts in English and Portuguese (Brazil): gettext's model, read with Babel.

The English text is the message id: code reads `t("Hidden units")`, `ngettext` for plurals and
`pgettext` where one English word has two meanings; the library's figure builders take `tr=t`,
so a notebook user gets English with no catalogue. The Portuguese lives in
locales/pt_BR/LC_MESSAGES/messages.po (its header holds the glossary). Numbers and dates in a
text are written by Babel for the language (lstmviz.formats).
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
from babel.numbers import get_decimal_symbol

from lstmviz import formats
from lstmviz.errors import MESSAGES, Text, UserError
from lstmviz.ui.safetext import SafeText, plain

LANGS = {"en": "English", "pt": "Português (BR)"}
LOCALES = {"en": "en", "pt": "pt_BR"}  # Babel's names: numbers, dates and plural rules


def lang() -> str:
    return st.session_state.get("lang", "en")


def language_for(browser_locale: str | None) -> str:
    """The app's language for a browser's (navigator.language: "pt-BR", "pt", "en-US"): Portuguese for any
    Portuguese, else English."""
    return "pt" if (browser_locale or "").lower().replace("_", "-").split("-")[0] == "pt" else "en"


def default_language() -> None:
    """On a session's first run, the browser's language, unless the link says ?lang=. Call it before the URL
    state is restored (page.setup, before urlstate.restore): the language then counts as chosen, so links
    made from this session carry it (a teacher's Portuguese link stays Portuguese for every student)."""
    if "lang" not in st.session_state and "lang" not in st.query_params:
        st.session_state["lang"] = language_for(st.context.locale)


def locale() -> str:
    """The Babel locale of the current language."""
    return LOCALES[lang()]


def decimal() -> str:
    """The language's decimal separator: "." in English, "," in Portuguese."""
    return get_decimal_symbol(locale())


def date_format() -> str:
    """strftime format of a day, for plotly's hover labels and tables: ISO in English, 13/09/2023 in Portuguese."""
    return "%d/%m/%Y" if lang() == "pt" else "%Y-%m-%d"


def date_input_format() -> str:
    """The same for st.date_input, which writes its format in its own letters."""
    return "DD/MM/YYYY" if lang() == "pt" else "YYYY-MM-DD"


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


# Plotly's own texts (the modebar) and number and date formats in Portuguese: months on date axes, decimal
# comma and thousands dot on every axis and hover label. Passed with each chart (plotly.js config "locales").
PLOTLY_PT = {
    "dictionary": {
        "Autoscale": "Escala automática",
        "Box Select": "Seleção retangular",
        "Compare data on hover": "Comparar dados ao pairar",
        "Double-click on legend to isolate one trace": "Duplo clique na legenda para isolar uma série",
        "Double-click to zoom back out": "Duplo clique para desfazer o zoom",
        "Download plot as a png": "Baixar o gráfico como imagem (png)",
        "Download plot": "Baixar o gráfico",
        "Lasso Select": "Seleção por laço",
        "Pan": "Mover",
        "Reset axes": "Restaurar eixos",
        "Reset": "Restaurar",
        "Show closest data on hover": "Mostrar o dado mais próximo ao pairar",
        "Toggle Spike Lines": "Mostrar ou esconder linhas de referência",
        "Zoom": "Zoom",
        "Zoom in": "Aproximar",
        "Zoom out": "Afastar",
        "trace": "série",
    },
    "format": {
        "days": ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"],
        "shortDays": ["dom", "seg", "ter", "qua", "qui", "sex", "sáb"],
        "months": [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],  # fmt: skip
        "shortMonths": ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": ".",
    },
}


def plotly_config() -> dict:
    """st.plotly_chart's config for the current language."""
    config = {"displaylogo": False}
    if lang() == "pt":
        config.update(locale="pt-BR", locales={"pt-BR": PLOTLY_PT})
    return config


# Portuguese date ticks: the day before the month (plotly's automatic formats write "Sep 10").
PT_DATE_TICKS = [
    dict(dtickrange=[None, 86_400_000], value="%d/%m %H:%M"),
    dict(dtickrange=[86_400_000, "M1"], value="%-d %b"),
    dict(dtickrange=["M1", "M12"], value="%b %Y"),
    dict(dtickrange=["M12", None], value="%Y"),
]


def localise_figure(fig: go.Figure) -> go.Figure:
    """What plotly_config's locale cannot do: in Portuguese, date axes write the day first."""
    if lang() == "pt" and _has_dates(fig):
        fig.update_xaxes(tickformatstops=PT_DATE_TICKS, hoverformat=date_format())
    return fig


def _has_dates(fig: go.Figure) -> bool:
    for trace in fig.data:
        if getattr(trace, "x", None) is None:
            continue
        x = np.asarray(trace.x)
        if x.size and (x.dtype.kind == "M" or isinstance(x.flat[0], datetime.date | np.datetime64)):
            return True
    return False


MISSING: set[str] = set()  # texts asked for in Portuguese that have no translation (a test keeps it empty)
MISSING_MAX = 200  # error messages can hold user input: a server keeps only the first few
CATALOGUE = Path(__file__).parent / "locales" / "pt_BR" / "LC_MESSAGES" / "messages.po"


@functools.cache
def catalogue() -> Catalog:
    """The Portuguese catalogue, read once per process (the .po itself: no compiled .mo)."""
    with CATALOGUE.open("rb") as f:
        return read_po(f, locale="pt_BR")


@functools.cache
def _plural_index() -> Callable[[int], int]:
    return gettext.c2py(catalogue().plural_expr)  # the C expression of the .po's Plural-Forms header


def _missing(text: str) -> None:
    if len(MISSING) < MISSING_MAX:
        MISSING.add(text)


def _lookup(text: str | tuple[str, str], context: str | None = None) -> str | tuple[str, ...] | None:
    """The Portuguese of `text` (a msgid, or (singular, plural)), or None where the catalogue has none."""
    message = catalogue().get(text if isinstance(text, str) else text[0], context=context)
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
    out = _lookup(text) if lang() == "pt" else None
    return _format(out or text, fields)


def pgettext(context: str, text: str, /, **fields) -> SafeText:
    """`text` in the sense `context` names: pgettext("sequence kind", "step") is a step function, not a timestep."""
    out = _lookup(text, context) if lang() == "pt" else None
    return _format(out or text, fields)


def ngettext(singular: str, plural: str, n: int, /, **fields) -> SafeText:
    """The singular or plural of a text for the count `n` (given also in `fields` when the text shows it)."""
    if lang() == "pt":
        forms = _lookup((singular, plural))
        if forms is not None:
            return _format(forms[_plural_index()(int(n))], fields)
    return _format(singular if n == 1 else plural, fields)


def error_text(err: Exception) -> str:
    """A library error in the current language: a UserError by its code, its params written for the language;
    any other error (a bug, not the user's doing) as raised."""
    if not isinstance(err, UserError):
        if lang() == "pt":
            _missing(str(err))
        return str(err)
    params = {k: t(v) if isinstance(v, Text) else v for k, v in err.params.items()}
    message = MESSAGES[err.code]
    if isinstance(message, str):
        return t(message, **params)
    singular, plural, count = message
    return ngettext(singular, plural, params[count], **params)
