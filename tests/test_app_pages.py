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
from lstmviz.ui.settings.cell import CELL
from tests.apphelpers import ROOT, TIMEOUT, figures, open_page, shown, stepper_data


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


def _equations(at, step=None) -> str:
    """The equations the browser shows at `step` (by default the step the page opens at), as one TeX string."""
    data = stepper_data(at)
    return r" \\ ".join(data["equations"][data["step"] if step is None else step])


def test_cell_defaults_show_diagram_equations_heatmaps():
    at = _cell()
    assert not at.exception
    eq = _equations(at)
    for lhs in (r"f_t = \sigma", r"i_t = \sigma", r"\tilde C_t = \tanh", r"o_t = \sigma", r"h_t = o_t"):
        assert lhs in eq
    # the numbers are the real ones: the opening step, layer 0, unit 0 of the default model on the default sine
    x = torch.from_numpy(make_sequence("sine", 30, 0)).float().unsqueeze(1)
    tr = cached.trace(cached.explorer_lstm(4, 1, 0, 0.0, 0.0, 1.0), x)
    t0 = CELL["step"].default
    assert f"= {tr.f[0, t0, 0].item():.4f}" in eq and f"{tr.h[0, t0, 0].item():.4f}" in eq
    # and they say something: at t = 0 the input and every state are still 0.0000
    assert abs(x[t0, 0].item()) > 0.5 and abs(tr.c[0, t0, 0].item()) > 0.005 and abs(tr.h[0, t0, 0].item()) > 0.005
    data = stepper_data(at)
    assert data["names"]["f"] == "forget gate" and data["names"]["c"] == "cell state"
    assert data["values"]["c"][5][0] == pytest.approx(tr.c[0, 5, 0].item(), abs=1e-6)


def test_cell_sends_every_step_once_and_opens_at_the_session_step():
    at = _cell()
    data = stepper_data(at)
    assert data["step"] == CELL["step"].default and len(data["equations"]) == data["T"] == 30
    assert data["equations"][1] != data["equations"][0], "the browser's Forward shows step 1's own numbers"
    at.session_state["step"] = 10  # what a committed step, a link or a suggestion leaves in the session
    at.run()
    assert not at.exception
    assert stepper_data(at)["step"] == 10 and at.query_params["step"] == "10"
    at.session_state["step"] = 500
    at.run()
    assert stepper_data(at)["step"] == 29, "a step past the end is clipped to the last one"


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
    data = stepper_data(at)
    assert (data["layer"], data["unit"], data["units"], data["H"], data["T"]) == (1, 3, [0, 2], 16, 200)
    for kind in ["sine", "noisy sine", "step", "single spike", "random walk", "square wave"]:
        at.selectbox(key="kind").set_value(kind).run()
        assert not at.exception, kind


def test_forget_bias_changes_the_cell_state():
    at = _cell()
    c_before = stepper_data(at)["values"]["c"]
    at.slider(key="forget_bias").set_value(4.0).run()
    assert stepper_data(at)["values"]["c"] != c_before


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
    assert stepper_data(at)["T"] == 4
    at.text_area(key="numbers").set_value(text).run()
    assert not at.exception
    assert any(message in shown(e.value) for e in at.error)
    assert stepper_data(at)["T"] == 4, "the page keeps the last good input"


def test_portuguese_typed_numbers_have_decimal_commas():
    at = _cell(lang="pt")
    at.radio(key="source").set_value("typed").run()
    at.text_area(key="numbers").set_value("0,5; 1,2; -0,3").run()
    assert not at.exception and not at.error
    assert stepper_data(at)["T"] == 3  # three values
    assert at.text_area(key="numbers").label == "Números (separados por ponto e vírgula ou espaço, até 500: 0,5; 1,2)"
    at.text_area(key="numbers").set_value("0,5; 1e39").run()
    assert [shown(e.value) for e in at.error] == [
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
    at.session_state["step"] = 12  # as the browser commits it
    at.run()
    shared = dict(at.query_params)
    assert shared["hidden"] == "8" and shared["kind"] == "step" and shared["step"] == "12"
    again = _cell(**shared)  # a fresh session opened from the link
    assert again.slider(key="hidden").value == 8
    assert again.slider(key="forget_bias").value == 3.0
    assert again.selectbox(key="kind").value == "step"
    assert stepper_data(again)["step"] == 12
    assert _equations(again) == _equations(at)


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
        eq = _equations(at)
        assert "{,}" in eq and not re.search(r"\d\.\d", eq)
        data = stepper_data(at)
        assert data["decimal"] == "," and data["text"]["forward"] == "Avançar ▶"


def test_classroom_mode_hides_advanced_controls_and_keeps_their_values():
    at = _cell()
    at.slider(key="scale").set_value(2.0).run()
    at.toggle(key="classroom").set_value(True).run()
    assert not at.exception
    labels = [s.label for s in at.slider]
    assert "Input-gate bias shift" not in labels, "an advanced control at its default is hidden"
    assert "Recurrent weight scale (W_hh ×)" in labels, "one that was changed shows what was changed"
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
    c = [row[1] for row in stepper_data(at)["values"]["c"]]  # C_t of unit 1: it holds on after the spike at t=2
    assert abs(c[-1]) > 0.8 * max(abs(v) for v in c)
    at.button(key="reset").click().run()
    assert at.slider(key="forget_bias").value == 0.0 and at.selectbox(key="kind").value == "sine"


def test_cell_steps_a_model_from_the_train_page():
    from lstmviz.cell import trace
    from lstmviz.knobs import seeded_lstm
    from lstmviz.ui.state import Handover

    lstm, x = seeded_lstm(50, 2, seed=3), torch.linspace(-1, 1, 60).unsqueeze(1)  # the StockLSTM preset's size
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["lstmviz_current"] = Handover(lstm=lstm, x=x, source="Trained on a test series")
    at.switch_page("pages/1_Cell.py").run()
    assert not at.exception
    at.radio(key="layer").set_value(1).run()
    data = stepper_data(at)
    assert (data["T"], data["H"], data["layer"]) == (60, 50, 1)
    tr = trace(lstm, x)
    assert data["values"]["h"][59][0] == pytest.approx(tr.h[1, 59, 0].item(), abs=1e-6)
    assert f"{tr.c[1, 30, 0].item():.4f}" in _equations(at, 30)


def test_a_closed_input_gate_looks_closed_on_the_fixed_scales():
    data = stepper_data(_cell(input_bias="-5"))
    i = [v for row in data["values"]["i"] for v in row]
    assert max(i) < 0.05 and data["ranges"]["i"] == [0.0, 1.0], "i_t near 0 on [0, 1]: a dark, closed gate"
    c = [abs(v) for row in data["values"]["c"] for v in row]
    assert max(c) < 0.05 and data["ranges"]["c"] == [-1.0, 1.0], "C_t flat on [−1, 1], not stretched to ±0.05"
