"""The app's languages, one row each: every language decision (texts, numbers, dates, charts, downloads, ticker
picks, the demand series' holidays) reads its row here, so a language is one row plus its catalogue.

No Streamlit: lstmviz.formats, lstmviz.export and the data sources read the same rows as lstmviz.ui.i18n.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import get_decimal_symbol


def N_(text: str) -> str:
    """Marks a msgid (as lstmviz.ui.i18n.N_, which this module cannot import): the UI translates it when shown."""
    return text


CATALOGUES = Path(__file__).parent / "ui" / "locales"  # gettext's layout: <babel>/LC_MESSAGES/messages.po


@dataclass(frozen=True)
class Locale:
    code: str  # the app's name for it: ?lang=pt
    name: str  # as the language switch shows it, in its own words
    babel: str  # Babel's locale: numbers, dates and plural rules
    date: str  # a day as Babel's pattern, with the day (dd), month (MM) and year (yyyy) in some order
    csv_sep: str  # what a spreadsheet in that language splits a downloaded CSV's columns on
    tickers: tuple[tuple[str, str], ...]  # the Yahoo panel's quick picks: (symbol, what it is)
    catalogue: Path | None = None  # its .po; None: the English msgids as they are
    plotly: dict | None = None  # plotly.js's locale dictionary ("dictionary" and "format"); None: plotly's own
    date_ticks: tuple[dict, ...] = ()  # plotly tickformatstops where its automatic date ticks read wrong
    holidays: str | None = None  # the country whose calendar the demand series' holidays follow (holidays package)

    @property
    def decimal(self) -> str:
        """The decimal mark, as Babel has it for the locale: "." or ","."""
        return get_decimal_symbol(self.babel)

    @property
    def strftime(self) -> str:
        """The day's pattern as strftime writes it (plotly's hover labels, tables): %d/%m/%Y."""
        return _convert(self.date, {"dd": "%d", "MM": "%m", "yyyy": "%Y"})

    @property
    def picker(self) -> str:
        """The day's pattern as st.date_input writes it: DD/MM/YYYY."""
        return _convert(self.date, {"dd": "DD", "MM": "MM", "yyyy": "YYYY"})

    def matches(self, browser_locale: str) -> bool:
        """Whether a browser's language (navigator.language: "pt-BR", "pt") is this one's."""
        return browser_locale.lower().replace("_", "-").split("-")[0] == self.babel.lower().split("_")[0]


def _convert(pattern: str, letters: dict[str, str]) -> str:
    return re.sub("|".join(letters), lambda m: letters[m[0]], pattern)


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
DAY_FIRST_TICKS = (  # the day before the month (plotly's automatic formats write "Sep 10")
    dict(dtickrange=[None, 86_400_000], value="%d/%m %H:%M"),
    dict(dtickrange=[86_400_000, "M1"], value="%-d %b"),
    dict(dtickrange=["M1", "M12"], value="%b %Y"),
    dict(dtickrange=["M12", None], value="%Y"),
)

LOCALES = {
    "en": Locale(
        "en", "English", "en", date="yyyy-MM-dd", csv_sep=",",  # ISO days, as the app always wrote
        tickers=(("AAPL", N_("Apple")), ("MSFT", N_("Microsoft")), ("^GSPC", N_("S&P 500 index"))),
    ),
    "pt": Locale(
        "pt", "Português (BR)", "pt_BR", date="dd/MM/yyyy", csv_sep=";",  # Brazilian Excel splits on ;
        tickers=(
            ("PETR4.SA", N_("Petrobras")), ("VALE3.SA", N_("Vale")), ("ITUB4.SA", N_("Itaú Unibanco")),
            ("^BVSP", N_("Ibovespa index")), ("BRL=X", N_("US dollar in reais")),
        ),
        catalogue=CATALOGUES / "pt_BR" / "LC_MESSAGES" / "messages.po", plotly=PLOTLY_PT,
        date_ticks=DAY_FIRST_TICKS, holidays="BR",
    ),
}  # fmt: skip
DEFAULT = "en"


def of_babel(babel: str) -> Locale | None:
    """The row whose Babel locale is `babel`, if any (lstmviz.formats is called with Babel's names)."""
    return next((row for row in LOCALES.values() if row.babel == babel), None)
