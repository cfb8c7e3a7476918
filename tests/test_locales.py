"""The locale table (lstmviz.locales) is the one place a language is decided: a made-up language added to it as a
row, with its own catalogue, gets its numbers, dates, texts, plurals, charts and downloads, with nothing else
edited."""

import datetime
import io

import pandas as pd
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol

from lstmviz import formats, locales
from lstmviz.export import predictions_csv
from lstmviz.ui import i18n

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Hidden units"
msgstr "Unités cachées"

msgid "Loss {loss:,.2f}"
msgstr "Perte {loss:,.2f}"

msgid "{n} epoch"
msgid_plural "{n} epochs"
msgstr[0] "{n} époque"
msgstr[1] "{n} époques"
"""


@pytest.fixture
def made_up(monkeypatch, tmp_path):
    """A language "xx" in French's number symbols, with a day written 13.09.2023 and tab-separated downloads."""
    po = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    row = locales.Locale(
        "xx", "Xish", "fr_FR", date="dd.MM.yyyy", csv_sep="\t", tickers=(("XX.PA", "Hidden units"),),
        catalogue=po, plotly={"format": {"decimal": ",", "thousands": " "}}, date_ticks=locales.DAY_FIRST_TICKS,
    )  # fmt: skip
    monkeypatch.setitem(locales.LOCALES, "xx", row)
    monkeypatch.setattr(i18n, "lang", lambda: "xx")
    return row


def test_a_made_up_locale_writes_numbers_and_dates_as_its_row_says(made_up):
    group, decimal = get_group_symbol("fr_FR"), get_decimal_symbol("fr_FR")
    assert i18n.decimal() == decimal == ","
    assert i18n.number(1234567.891, ",.2f") == f"1{group}234{group}567{decimal}89"
    assert i18n.date(datetime.date(2023, 9, 13)) == "13.09.2023"
    assert formats.date(datetime.date(2023, 9, 13), "fr_FR") == "13.09.2023"  # the library reads the row too
    assert (i18n.date_format(), i18n.date_input_format()) == ("%d.%m.%Y", "DD.MM.YYYY")
    assert i18n.language_for("fr-CA") == "xx" and i18n.language_for("de-DE") == "en"


def test_a_made_up_locale_reads_its_own_catalogue(made_up):
    i18n.MISSING.clear()
    assert i18n.t("Hidden units") == "Unités cachées"
    assert i18n.t("Loss {loss:,.2f}", loss=1234.5) == f"Perte 1{get_group_symbol('fr_FR')}234,50"
    assert [i18n.ngettext("{n} epoch", "{n} epochs", n, n=n) for n in (1, 2)] == ["1 époque", "2 époques"]
    assert not i18n.MISSING
    assert i18n.t("Train") == "Train" and "Train" in i18n.MISSING  # not in its catalogue: English, and noted
    i18n.MISSING.clear()


def test_a_made_up_locale_charts_and_downloads_follow_it(made_up):
    config = i18n.plotly_config()
    assert config["locale"] == "fr-FR" and config["locales"]["fr-FR"] is made_up.plotly
    frame = pd.DataFrame({"actual": [1.5, -2.25]}, index=pd.date_range("2024-01-01", periods=2, name="Date"))
    blob = predictions_csv(frame, **i18n.csv_format())
    assert blob.decode().splitlines()[1] == "2024-01-01\t1,5"
    back = pd.read_csv(io.BytesIO(blob), sep="\t", decimal=",", index_col=0, parse_dates=True)
    pd.testing.assert_frame_equal(back, frame, check_freq=False)


def test_english_is_the_default_and_writes_no_catalogue_misses(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    i18n.MISSING.clear()
    assert i18n.t("Not a msgid anywhere") == "Not a msgid anywhere" and not i18n.MISSING
    assert i18n.csv_format() == {"decimal": ".", "sep": ","} and i18n.catalogue() is None


def test_portuguese_downloads_open_in_brazilian_excel(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "pt")
    assert i18n.csv_format() == {"decimal": ",", "sep": ";"}
    assert [symbol for symbol, _ in i18n.here().tickers] == ["PETR4.SA", "VALE3.SA", "ITUB4.SA", "^BVSP", "BRL=X"]


@pytest.mark.parametrize("row", list(locales.LOCALES.values()), ids=lambda row: row.code)
def test_every_shipped_row_is_consistent(row):
    assert row.decimal != row.csv_sep and {"dd", "MM", "yyyy"} <= set(row.date.replace(".", "/").replace("-", "/")
                                                                      .split("/"))  # fmt: skip
    assert row.catalogue is None or row.catalogue.is_file()
