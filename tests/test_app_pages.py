"""AppTests: every page renders with defaults, and each control can be moved without an exception."""

import re
import subprocess
import sys
import threading

import pytest
import torch
from streamlit.testing.v1 import AppTest

from lstmviz.sequences import make_sequence
from lstmviz.ui import cached, i18n
from tests.apphelpers import ROOT, TIMEOUT, figures, open_page, shown, values


def test_home_renders_the_cell_diagram():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    figs = figures(at)
    assert figs, "the home page shows the cell diagram"
    hover = figs[0]["data"][0]["hovertext"]
    assert any("f_t = σ" in h for h in hover)


def test_home_page_paints_without_importing_torch():
    # A fresh interpreter: this one has imported torch already. torch takes seconds to import,
    # and only the pages that compute need it.
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"assert not AppTest.from_file({str(ROOT / 'app.py')!r}).run().exception\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def _cell(**query):
    return open_page("pages/1_Cell.py", **query)


def test_every_rerun_keeps_torch_on_one_thread_in_its_own_thread(monkeypatch):
    # Streamlit runs each rerun in a new thread; torch.set_num_threads binds only the calling one.
    calls = []
    monkeypatch.setattr(torch, "set_num_threads", lambda n: calls.append((n, threading.get_ident())))
    _cell().run()
    assert [n for n, _ in calls] == [1, 1]
    assert threading.get_ident() not in {thread for _, thread in calls}


def test_cell_defaults_show_diagram_equations_heatmaps():
    at = _cell()
    assert not at.exception
    eq = at.latex[0].value
    for lhs in (r"f_t = \sigma", r"i_t = \sigma", r"\tilde C_t = \tanh", r"o_t = \sigma", r"h_t = o_t"):
        assert lhs in eq
    # the numbers are the real ones: t=0, layer 0, unit 0 of the default model on the default sine
    tr = cached.explorer_trace(4, 1, 0, 0.0, 0.0, 1.0, tuple(float(v) for v in make_sequence("sine", 30, 0)))
    assert f"= {tr.f[0, 0, 0].item():.4f}" in eq and f"{tr.h[0, 0, 0].item():.4f}" in eq
    titles = [a["text"] for a in figures(at)[1]["layout"]["annotations"]]
    assert "forget gate f_t" in titles and "cell state C_t" in titles


def test_cell_step_controls_move_the_equations():
    at = _cell()
    before = [e.value for e in at.latex]
    at.button(key="forward").click().run()
    assert at.slider(key="step").value == 1
    assert [e.value for e in at.latex] != before
    at.slider(key="step").set_value(10).run()
    assert not at.exception
    at.button(key="back").click().run()
    assert at.slider(key="step").value == 9


def test_cell_every_control_moves_without_error():
    at = _cell()
    for key, value in [("hidden", 16), ("forget_bias", 3.0), ("input_bias", -2.0), ("scale", 2.5), ("length", 200)]:
        at.slider(key=key).set_value(value).run()
        assert not at.exception, key
    at.radio(key="layers").set_value(2).run()
    at.radio(key="layer").set_value(1).run()
    at.selectbox(key="unit").set_value(3).run()
    at.multiselect(key="units").set_value([0, 2]).run()
    at.number_input(key="weight_seed").set_value(7).run()
    at.number_input(key="data_seed").set_value(3).run()
    assert not at.exception
    assert len(figures(at)[2]["data"]) == 4, "C_t and h_t for two units"
    for kind in ["sine", "noisy sine", "step", "single spike", "random walk", "square wave"]:
        at.selectbox(key="kind").set_value(kind).run()
        assert not at.exception, kind
    at.toggle(key="playing").set_value(True).run()
    assert not at.exception


def test_forget_bias_changes_the_cell_state():
    at = _cell()
    c_before = figures(at)[2]["data"][0]["y"]
    at.slider(key="forget_bias").set_value(4.0).run()
    assert figures(at)[2]["data"][0]["y"] != c_before


@pytest.mark.parametrize(
    "text, message",
    [
        ("1, 2, banana", "not a number"),
        ("1, nan, 2", "(nan) is not a number"),
        ("2 1e39", "value 2 (1e39) is too large"),
        ("1e308", "too large"),
        (", ".join(["1"] * 501), "at most 500"),
    ],
)
def test_bad_typed_input_shows_message_and_keeps_last_good(text, message):
    at = _cell()
    at.radio(key="source").set_value("typed").run()
    at.text_area(key="numbers").set_value("1, 2, 3, 4").run()
    assert at.slider(key="step").max == 3
    at.text_area(key="numbers").set_value(text).run()
    assert not at.exception
    assert any(message in shown(e.value) for e in at.error)
    assert at.slider(key="step").max == 3, "the page keeps the last good input"


def test_portuguese_typed_numbers_have_decimal_commas():
    at = _cell(lang="pt")
    at.radio(key="source").set_value("typed").run()
    at.text_area(key="numbers").set_value("0,5; 1,2; -0,3").run()
    assert not at.exception and not at.error
    assert at.slider(key="step").max == 2  # three values
    assert at.text_area(key="numbers").label == "Números (separados por ponto e vírgula ou espaço, até 500: 0,5; 1,2)"
    at.text_area(key="numbers").set_value("0,5; 1e39").run()
    assert [e.value for e in at.error] == [
        "o valor 2 (1e39) é grande demais para o modelo (no máximo ±3,4e38). Mostrando a última entrada válida."
    ]


def test_the_gradients_page_is_told_what_the_cell_shows():
    at = _cell()
    assert at.session_state["lstmviz_cell_view"].source.startswith("sine, T=")
    at.radio(key="source").set_value("typed").run()
    at.text_area(key="numbers").set_value("1, 2, 3, 4").run()
    assert at.session_state["lstmviz_cell_view"].source == "Type numbers, T=4, H=4, L=1"


def test_cell_view_round_trips_through_the_url():
    at = _cell()
    at.slider(key="hidden").set_value(8).run()
    at.slider(key="forget_bias").set_value(3.0).run()
    at.selectbox(key="kind").set_value("step").run()
    at.slider(key="step").set_value(12).run()
    shared = dict(at.query_params)
    assert shared["hidden"] == "8" and shared["kind"] == "step" and shared["step"] == "12"
    again = _cell(**shared)  # a fresh session opened from the link
    assert again.slider(key="hidden").value == 8
    assert again.slider(key="forget_bias").value == 3.0
    assert again.selectbox(key="kind").value == "step"
    assert again.slider(key="step").value == 12
    assert again.latex[0].value == at.latex[0].value


def test_a_hand_edited_link_falls_back_to_defaults():
    at = _cell(hidden="lots", kind="cosine", layers="7")
    assert not at.exception
    assert at.slider(key="hidden").value == 4
    assert at.selectbox(key="kind").value == "sine"
    assert at.radio(key="layers").value == 1


@pytest.mark.parametrize("script", ["app.py", "pages/1_Cell.py"])
def test_portuguese_screens_have_no_english_left(script):
    i18n.MISSING.clear()
    at = open_page(script, lang="pt")
    assert not at.exception
    assert not i18n.MISSING, f"untranslated: {sorted(i18n.MISSING)}"
    assert at.title[0].value in {"Explorador Visual de LSTM", "Percorra a célula"}
    if script == "pages/1_Cell.py":  # the equations' numbers with a decimal comma, written {,} for TeX
        assert "{,}" in at.latex[0].value and not re.search(r"\d\.\d", at.latex[0].value)


def test_classroom_mode_hides_advanced_controls_and_keeps_their_values():
    at = _cell()
    at.slider(key="scale").set_value(2.0).run()
    at.toggle(key="classroom").set_value(True).run()
    assert not at.exception
    labels = [s.label for s in at.slider]
    assert "Recurrent weight scale (W_hh ×)" not in labels
    assert at.query_params["classroom"] == "1"
    at.toggle(key="classroom").set_value(False).run()
    assert at.slider(key="scale").value == 2.0, "hiding a control must not lose its value"


def test_cell_suggestion_sets_the_controls():
    at = _cell()
    at.slider(key="input_bias").set_value(-5.0).run()  # left over from elsewhere: the suggestion resets it
    at.button(key="suggest_0").click().run()
    assert at.slider(key="forget_bias").value == 5.0
    assert at.slider(key="input_bias").value == 0.0
    assert at.selectbox(key="kind").value == "single spike"
    lines = [d for f in figures(at) for d in f["data"] if d.get("name") == "C_t, unit 1"]
    c = values(lines[0]["y"])  # C_t of unit 1: it holds on after the spike at t=2
    assert abs(c[-1]) > 0.8 * max(abs(v) for v in c)
    at.button(key="reset").click().run()
    assert at.slider(key="forget_bias").value == 0.0 and at.selectbox(key="kind").value == "sine"
