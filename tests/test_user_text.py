"""User text is shown as text: crafted links, tickers, numbers and file names never render as Markdown."""

import re

import pandas as pd
import pytest

from lstmviz.ui import i18n
from lstmviz.ui.i18n import t
from lstmviz.ui.safetext import ZWSP, SafeText, chart_text, plain
from lstmviz.ui.train_panels import metrics_markdown
from tests.apphelpers import open_page

PHISH = "[LOG_IN](https://evil.example/login)"
IMAGE = "![x](https://evil.example/x.png)"
# Markdown a renderer would turn into a link, an image, an autolink, LaTeX, a shortcode or coloured text,
# i.e. the construct's first character not escaped by a backslash
LIVE = re.compile(r"(?i)(?<!\\)(\[[^\]]*(?<!\\)\]\(|!\[|https?\\?://\w|www\\?\.|@\w|(?<!\\)\$|:red\[|:material/)")


def _bodies(at) -> list[str]:
    """The Markdown of every element that renders it (texts, captions, alerts) and shows the crafted text."""
    elements = [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success]
    return [e.value for e in elements if "evil" in e.value.lower()]


@pytest.mark.parametrize(
    "text", [PHISH, IMAGE, "$\\frac{1}{0}$", ":red[alarm] :material/lock:", "<b>x</b> www.evil.example"]
)
def test_plain_escapes_every_construct_and_keeps_the_characters(text):
    escaped = plain(text)
    assert not LIVE.search(escaped)
    assert re.sub(r"\\(.)", r"\1", escaped).replace(ZWSP, "") == text  # what Markdown shows: the text itself


def test_t_escapes_string_fields_once_and_keeps_its_own_markup():
    label = t("{name}, {column}, {n} rows", name="[x](https://e.example).csv", column="a_b", n="1,750")
    assert isinstance(label, SafeText) and not LIVE.search(label)
    nested = t("Trained on {label}.", label=label)  # a SafeText inside a text is not escaped again
    assert nested == f"Trained on {label}."
    assert "**" in t("No data to train on yet: the message under **Data** in the sidebar says why.")


def test_chart_labels_cannot_carry_html():
    assert chart_text('<a href="https://evil.example">x</a>') == '&lt;a href="https://evil.example"&gt;x&lt;/a&gt;'


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_a_crafted_typed_sequence_link_shows_as_text(lang):
    at = open_page("pages/1_Cell.py", source="typed", numbers=PHISH, lang=lang)
    assert not at.exception and at.error
    assert _bodies(at) and all(not LIVE.search(body) for body in _bodies(at)), _bodies(at)
    assert "LOG\\_IN" in at.error[0].value  # the user's text is there, as text


@pytest.mark.parametrize("tickers", [IMAGE, PHISH])
def test_a_crafted_ticker_box_shows_as_text(tickers):
    at = open_page("pages/3_Train.py", data="yahoo", tickers=tickers)
    assert not at.exception and at.error
    assert _bodies(at) and all(not LIVE.search(body) for body in _bodies(at)), _bodies(at)


def test_library_error_texts_are_escaped_in_both_languages(monkeypatch):
    for lang in ("en", "pt"):
        monkeypatch.setattr(i18n, "lang", lambda lang=lang: lang)
        try:
            from lstmviz.sequences import parse_numbers

            parse_numbers(IMAGE)
        except ValueError as err:
            shown = t("{error}. Showing the last good input.", error=i18n.error_text(err))
        assert not LIVE.search(shown), shown


def test_the_metrics_table_shows_its_cells_as_text_and_keeps_its_own_markup():
    """The Markdown table of the Train page: a cell that were crafted text renders as the text, a pipe included
    (it would otherwise split the row); only the best values' bold green is markup."""
    text = pd.DataFrame({"RMSE": [PHISH, "0.2"], "MAE | x": ["1", ":red[2]"]}, index=pd.Index([IMAGE, "b"], name="m"))
    best = pd.DataFrame({"RMSE": [False, True], "MAE | x": [True, False]}, index=text.index)
    table = metrics_markdown(text, best)
    assert not LIVE.search(table.replace(":green-background[:green[", ""))
    head, rule, *rows = table.split("\n")
    assert len(re.findall(r"(?<!\\)\|", head)) == 4 and rule == "|:--|--:|--:|"  # three cells: the pipe is text
    assert rows[0].count(":green-background[:green[**") == 1 and rows[1].count(":green-background[:green[**") == 1
