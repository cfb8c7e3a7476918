"""AppTests: every page renders with defaults, and each control can be moved without an exception."""

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lstmviz.sequences import make_sequence
from lstmviz.ui import cached

TIMEOUT = 30
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    yield


def _figures(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_home_renders_the_cell_diagram():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    figs = _figures(at)
    assert figs, "the home page shows the cell diagram"
    hover = figs[0]["data"][0]["hovertext"]
    assert any("f_t = σ" in h for h in hover)


def _cell():
    return AppTest.from_file(str(ROOT / "pages" / "1_Cell.py"), default_timeout=TIMEOUT).run()


def test_cell_defaults_show_diagram_equations_heatmaps():
    at = _cell()
    assert not at.exception
    eq = at.latex[0].value
    for lhs in (r"f_t = \sigma", r"i_t = \sigma", r"\tilde C_t = \tanh", r"o_t = \sigma", r"h_t = o_t"):
        assert lhs in eq
    # the numbers are the real ones: t=0, layer 0, unit 0 of the default model on the default sine
    tr = cached.explorer_trace(4, 1, 0, 0.0, 0.0, 1.0, tuple(float(v) for v in make_sequence("sine", 30, 0)))
    assert f"= {tr.f[0, 0, 0].item():.4f}" in eq and f"{tr.h[0, 0, 0].item():.4f}" in eq
    titles = [a["text"] for a in _figures(at)[1]["layout"]["annotations"]]
    assert "forget gate f_t" in titles and "cell state C_t" in titles


def test_cell_step_controls_move_the_equations():
    at = _cell()
    before = [e.value for e in at.latex]
    at.button[1].click().run()  # Forward
    assert at.slider(key="step").value == 1
    assert [e.value for e in at.latex] != before
    at.slider(key="step").set_value(10).run()
    assert not at.exception
    at.button[0].click().run()  # Back
    assert at.slider(key="step").value == 9


def test_cell_every_control_moves_without_error():
    at = _cell()
    for label, value in [
        ("Hidden units", 16),
        ("Forget-gate bias shift", 3.0),
        ("Input-gate bias shift", -2.0),
        ("Recurrent weight scale (W_hh ×)", 2.5),
        ("Length", 200),
    ]:
        next(s for s in at.slider if s.label == label).set_value(value).run()
        assert not at.exception, label
    at.sidebar.radio[0].set_value(2).run()  # two layers
    assert not at.exception
    for kind in ["sine", "noisy sine", "step", "single spike", "random walk", "square wave"]:
        at.sidebar.selectbox[0].set_value(kind).run()
        assert not at.exception, kind
    at.toggle(key="playing").set_value(True).run()
    assert not at.exception


def test_forget_bias_changes_the_cell_state():
    at = _cell()
    c_before = _figures(at)[2]["data"][0]["y"]
    next(s for s in at.slider if s.label == "Forget-gate bias shift").set_value(4.0).run()
    assert _figures(at)[2]["data"][0]["y"] != c_before


@pytest.mark.parametrize(
    "text, message",
    [("1, 2, banana", "not a number"), ("1, nan, 2", "finite"), (", ".join(["1"] * 501), "at most 500")],
)
def test_bad_typed_input_shows_message_and_keeps_last_good(text, message):
    at = _cell()
    at.sidebar.radio[1].set_value("Type numbers").run()
    at.text_area[0].set_value("1, 2, 3, 4").run()
    assert at.slider(key="step").max == 3
    at.text_area[0].set_value(text).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert at.slider(key="step").max == 3, "the page keeps the last good input"
