"""AppTests of the lessons whose claim is the page's own text: what a student reads at the defaults, after a
suggestion, after a reset, and with a model handed over from the Train page."""

import re

import pandas as pd
import torch
from streamlit.testing.v1 import AppTest

from lstmviz.knobs import seeded_lstm
from lstmviz.ui import i18n
from lstmviz.ui.settings.gradients import GRADIENTS, REACH_MARK
from lstmviz.ui.state import Handover
from tests.apphelpers import ROOT, TIMEOUT, open_page


def _grad(**query):
    return open_page("pages/2_Gradients.py", **query)


def test_the_reach_text_at_the_defaults_says_the_lstm_with_bias_1_reaches_far_and_pytorchs_default_does_not():
    at = _grad()
    (text,) = [m.value for m in at.markdown if "steps back**" in m.value]
    got = re.search(
        r"\*\*(\d+) steps back\*\*, the LSTM with forget bias \+1 keeps \*\*(\S+)×\*\*.* keeps (\S+)×", text
    )
    assert got, text
    assert int(got[1]) == REACH_MARK
    mantissa, exponent = re.fullmatch(r"(\d\.\d)·10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", got[2]).groups()  # 3.7·10⁶, as a student reads it
    assert float(mantissa) * 10 ** int(exponent.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))) >= 100
    assert float(got[3]) < 10  # 0.67


def test_each_explain_box_moves_its_own_section_and_resets_it():
    at = _grad()
    at.radio(key="g_loss").set_value("every").run()
    at.slider(key="cmp_fb").set_value(-2.0).run()
    at.button(key="reach_suggest_1").click().run()  # the reach box: "Scale the recurrent weights ×4"
    assert at.slider(key="cmp_scale").value == 4.0
    assert at.slider(key="cmp_fb").value == GRADIENTS["cmp_fb"].default, "a suggestion starts from the defaults"
    assert at.radio(key="g_loss").value == "every", "another section's control stays as it was"
    at.button(key="bptt_reset").click().run()
    assert at.radio(key="g_loss").value == "last"
    assert at.slider(key="cmp_scale").value == 4.0
    at.button(key="reach_reset").click().run()
    assert at.slider(key="cmp_scale").value == GRADIENTS["cmp_scale"].default
    assert not at.exception


def test_the_memory_task_states_what_it_trains_and_a_stopped_run_says_so():
    at = _grad()
    (prompt,) = [i.value for i in at.info if "Press Train" in i.value]
    assert f"{GRADIENTS['mem_steps'].default} steps each" in prompt and "10 s" not in prompt
    hist = pd.DataFrame({"step": range(300), "loss": [0.078] * 300})
    at.session_state["mem_run"] = {"T": 50, "steps": 1000, "hist": {"rnn": hist}, "seconds": {"rnn": 2.0}}
    at.run()
    (result,) = [m.value for m in at.markdown if "mean loss of the last 100 steps" in m.value]
    assert "better than the baseline, far from solved" in result and "(baseline 0.167)" in result
    assert any("Stopped after 300 of 2000 steps" in w.value for w in at.warning)


def _cell_with_a_trained_model(lang="en"):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.session_state["lstmviz_current"] = Handover(
        lstm=seeded_lstm(50, 2, seed=0), x=torch.zeros(60, 1), source="Trained on noisy sine, the last window"
    )
    return at.switch_page("pages/1_Cell.py").run()


def test_a_trained_model_shows_its_own_size_and_window_in_the_sidebar():
    at = _cell_with_a_trained_model()
    assert not at.exception
    sidebar = [m.value for m in at.sidebar.markdown]
    assert any("**2 × 50** (layers × hidden units)" in m for m in sidebar), sidebar
    assert any("**60 steps**" in m and "noisy sine" in m for m in sidebar), sidebar
    (box,) = [e for e in at.sidebar.expander if e.label.startswith("Explorer settings")][:1]
    assert box.slider(key="hidden").disabled  # the explorer's 4 units are folded away, not shown as the model


def test_a_trained_model_leaves_the_typed_numbers_disabled_and_their_errors_unsaid():
    at = _cell_with_a_trained_model()
    at.session_state["source"] = "typed"
    at.session_state["numbers"] = "1, 2, oops"  # not numbers, but not the input in use either
    at.run()
    assert not at.exception
    assert at.sidebar.text_area(key="numbers").disabled, "every explorer control is disabled with a trained model"
    assert not at.error, [e.value for e in at.error]


def test_portuguese_lessons_are_fully_translated():
    i18n.MISSING.clear()
    assert not _cell_with_a_trained_model(lang="pt").exception  # (AppTest cannot click there: a translated selectbox)
    at = _grad(lang="pt")
    at.button(key="reach_suggest_0").click().run()
    assert not at.exception
    assert not i18n.MISSING, sorted(i18n.MISSING)


def test_the_spike_hold_lesson_reads_its_numbers_and_its_gru_suggestion_opens_the_gru_holding_the_spike():
    from lstmviz.spikehold import SPIKE, spike_hold
    from lstmviz.ui.lessons import spike_hold as lesson
    from tests.apphelpers import stepper_data

    at = open_page("pages/1_Cell.py")
    gru = spike_hold("gru", lesson.BIAS)
    (text,) = [m.value for m in at.markdown if "the GRU holds" in m.value]
    assert f"the GRU holds {round(100 * gru.kept(lesson.STEPS))}% of h_t" in text
    at.button(key=f"{lesson.KEY}_suggest_0").click().run()
    assert not at.exception and at.session_state["cell"] == "gru"
    data = stepper_data(at)
    assert data["kind"] == "gru" and data["step"] == SPIKE and data["unit"] == gru.unit
    h = [row[gru.unit] for row in data["values"]["h"]]
    assert h[SPIKE + lesson.STEPS] / h[SPIKE] > 0.85  # held on the page as in the lesson


def test_the_log_returns_suggestion_keeps_the_data_it_needs_and_trains(monkeypatch):
    from lstmviz.ui import slots

    monkeypatch.setattr(slots, "BUDGET", 5.0)  # a short run: the claim is that it trains, not how well
    at = open_page("pages/3_Train.py", timeout=120)
    next(b for b in at.button if b.label == "Learn log returns instead of prices").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["data"] == "sample" and at.session_state["column"] == "Close"  # prices, all above 0
    result = at.session_state["trained"].result
    assert result is not None and result.config.target_mode == "log_return" and result.config.hidden_size == 50
    assert result.predictions["predicted"].notna().any()
