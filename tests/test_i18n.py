"""Texts, plurals, contexts and numbers in the page's language: texts, tables, equations and plotly's axes."""

import datetime
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lstmviz.equations import latex_equations
from lstmviz.figures.train import metrics_text
from lstmviz.ui import i18n
from tests.apphelpers import shown

VERDICT = (
    "Stopped by the server's {budget:.0f} s time limit after {e} epochs; the model keeps its best weights "
    "(epoch {best})."
)
RMSE = "A simpler forecast beats the model too: the {name} (RMSE {r:.4g})."


@pytest.fixture
def pt(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "pt")


def test_portuguese_numbers_swap_the_separators(pt):
    assert i18n.decimal() == ","
    assert i18n.number(31051) == "31.051"
    assert i18n.number(1234567.891, ",.2f") == "1.234.567,89"
    assert i18n.number(8.93e-08, ".1e") == "8,9e-08"
    assert (i18n.number(1.5, "+g"), i18n.number(-3, "+g"), i18n.number(0, "+g")) == ("+1,5", "-3", "+0")
    assert (i18n.magnitude(3.716e6), i18n.magnitude(0.67), i18n.magnitude(1.2e-5)) == ("3,7·10⁶", "0,67", "1,2e-05")


def test_english_numbers_are_left_as_python_writes_them(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.decimal() == "."
    assert (i18n.number(31051), i18n.number(0.25, ".2f")) == ("31,051", "0.25")
    assert (
        i18n.t(RMSE, name="linear trend", r=11.8123)
        == "A simpler forecast beats the model too: the linear trend (RMSE 11.81)."
    )
    assert i18n.plotly_config() == {"displaylogo": False}


def test_portuguese_texts_write_their_number_fields_with_a_decimal_comma(pt):
    text = i18n.t(RMSE, name="tendência", r=np.float64(11.8123))
    assert text == "Uma previsão mais simples também supera o modelo: tendência (RMSE 11,81)."
    assert i18n.t(VERDICT, budget=120.0, e=np.int64(7), best=np.float32(5)) == (
        "Parado pelo limite de tempo de 120 s do servidor após 7 épocas; o modelo guarda os melhores pesos (época 5)."
    )
    # whole numbers print no separator, and text fields (names, dates, numbers formatted already) pass unchanged
    assert i18n.t("Epoch {e} of {n}", e=3, n=np.int64(25)) == "Época 3 de 25"
    assert shown(i18n.t("Trained on {label}.", label="S&P 500, 1.5 years, 2023-09-13")) == (
        "Treinado com S&P 500, 1.5 years, 2023-09-13."
    )


COLUMNS = (
    "Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input column.",
    "Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input columns.",
)


@pytest.mark.parametrize(("n", "words"), [(1, "1 coluna de entrada."), (2, "2 colunas de entrada."),
                                          (10, "10 colunas de entrada."), (0, "0 coluna de entrada.")])  # fmt: skip
def test_portuguese_plurals_follow_the_catalogue_rule(pt, n, words):
    text = i18n.ngettext(*COLUMNS, n, label="S&P 500", cell="LSTM", layers=2, hidden=50, params="31.051", inputs=n)
    assert shown(text) == f"Dados: S&P 500. Modelo: LSTM 2×50, 31.051 parâmetros, {words}"


def test_english_plurals(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    fields = dict(label="x", cell="LSTM", layers=1, hidden=8, params="1,000")
    assert i18n.ngettext(*COLUMNS, 1, inputs=1, **fields).endswith("1 input column.")
    assert i18n.ngettext(*COLUMNS, 3, inputs=3, **fields).endswith("3 input columns.")


def test_a_context_tells_the_two_steps_apart(pt):
    assert i18n.pgettext("sequence kind", "step") == "degrau"
    assert i18n.t("{cell}: step {step} of {steps}", cell="RNN", step=5, steps=1500) == "RNN: passo 5 de 1500"
    i18n.MISSING.clear()
    assert i18n.t("step") == "step" and "step" in i18n.MISSING  # without its context it is not the sequence kind
    i18n.MISSING.clear()


def test_dates_and_percentages_in_each_language(monkeypatch, pt):
    day = datetime.date(2023, 9, 13)
    assert i18n.date(day) == "13/09/2023"
    assert i18n.number(0.15, ".0%") == "15%" and i18n.number(0.125, ".1%") == "12,5%"
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.date(day) == "2023-09-13" and i18n.number(0.125, ".1%") == "12.5%"


def test_portuguese_plotly_config_carries_the_locale(pt):
    config = i18n.plotly_config()
    assert config["locale"] == "pt-BR" and config["displaylogo"] is False
    fmt = config["locales"]["pt-BR"]["format"]
    assert (fmt["decimal"], fmt["thousands"]) == (",", ".")
    assert fmt["shortMonths"][8] == "set" and len(fmt["months"]) == 12 and len(fmt["shortDays"]) == 7


def _numbers(latex: str, decimal: str) -> list[float]:
    sep = re.escape("{,}" if decimal == "," else ".")
    return [float(n.replace("{,}", ".")) for n in re.findall(rf"-?\d+{sep}\d+", latex)]


def test_equations_with_a_decimal_comma_hold_the_same_numbers():
    v = {"f": 0.63741, "i": 0.44612, "g": -0.27663, "o": 0.58191, "c": -0.12342, "h": -0.07142}
    v |= {"c_prev": 0.5, "h_prev": 0.0, "x": 1.0}
    pre = {"f": 0.56401, "i": -0.21633, "g": -0.28401, "o": 0.33042}
    english = " ".join(latex_equations(v, pre=pre))
    portuguese = " ".join(latex_equations(v, pre=pre, decimal=","))
    assert _numbers(portuguese, ",") == _numbers(english, ".") and len(_numbers(english, ".")) == 16
    assert not re.search(r"\d\.\d", portuguese)  # {,}: TeX puts no space after the comma, as 0,6374 should read


def test_metrics_text_with_a_decimal_comma():
    metrics = pd.DataFrame(
        {"rmse": [11.8123, 15.72], "mae": [9.4431, 12.65], "mape": [7.905, 10.23], "directional_accuracy": [0.6636, 0]},
        index=pd.Index(["model", "persistence"]),
    )
    text, _ = metrics_text(metrics, decimal=",")
    assert text.loc["this model"].tolist() == ["11,81", "9,443", "7,905", "66,36"]
    assert text.loc["persistence (last value)", "direction right (%)"] == "—"


@pytest.mark.parametrize(
    ("browser", "language"),
    [("pt-BR", "pt"), ("pt", "pt"), ("pt_PT", "pt"), ("en-US", "en"), ("de-DE", "en"), (None, "en")],
)
def test_the_browser_language_picks_the_app_language(browser, language):
    assert i18n.language_for(browser) == language


def _first_visit():
    import streamlit as st

    from lstmviz.ui import i18n

    i18n.default_language()
    st.session_state.setdefault("lang", st.query_params.get("lang", "en"))  # then the link, as urlstate.restore
    st.write(st.session_state["lang"])
    st.session_state["lang"] = st.session_state["lang"]


@pytest.mark.parametrize(
    ("locale", "query", "shown"),
    [("pt-BR", {}, "pt"), ("en-US", {}, "en"), ("pt-BR", {"lang": "en"}, "en"), ("en-US", {"lang": "pt"}, "pt"),
     (None, {}, "en")],
)  # fmt: skip
def test_a_first_visit_follows_the_browser_unless_the_link_says(locale, query, shown):
    at = AppTest.from_function(_first_visit)
    at.context = {"locale": locale}
    at.query_params.update(query)
    at.run()
    assert at.markdown[0].value == shown
    at.context = {"locale": "en-US"}  # later runs keep the session's language
    at.run()
    assert at.markdown[0].value == shown
