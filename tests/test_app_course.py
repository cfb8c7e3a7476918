"""AppTests of the course's panel: ?chapter=KEY opens the chapter with its settings, the answer waits for a
prediction, follows the controls, and Back / Next lead through the course."""

import pandas as pd
import pytest

from lstmviz import gradflow
from lstmviz.course import BY_KEY, CHAPTERS
from lstmviz.ui import i18n
from tests.apphelpers import open_page


def _panel(at) -> list[str]:
    return [m.value for m in at.main.get("markdown")]


def _answer(at, key: str, pick: int):
    at.radio(key=f"course_choice_{key}").set_value(pick).run()
    at.button(key=f"course_show_{key}").click().run()
    assert not at.exception
    return [*(s.value for s in at.success), *(w.value for w in at.warning if w.value.startswith("The answer"))]


def test_a_chapter_link_opens_its_settings_and_says_where_it_is():
    at = open_page("pages/1_Cell.py", chapter="gates")
    assert not at.exception
    assert at.slider(key="forget_bias").value == -3.0 and at.session_state["kind"] == "single spike"
    assert at.session_state["use_trained"] is False
    assert at.query_params["chapter"] == "gates" and at.query_params["forget_bias"] == "-3.0"
    n = [c.key for c in CHAPTERS].index("gates") + 1
    assert any(f"**The course** · chapter {n} of {len(CHAPTERS)}" == m.value for m in at.markdown)
    links = [p.proto.query_string for p in at.main.get("page_link")]
    assert links == ["chapter=lstm", "chapter=states"], links  # Back, Next


def test_the_answer_waits_for_a_prediction_then_follows_the_controls():
    at = open_page("pages/1_Cell.py", chapter="gates")
    assert at.button(key="course_show_gates").disabled, "predict first"
    assert _answer(at, "gates", 0) == ["The answer: Almost nothing (under 20 %)"]
    assert any("6% of the memory is kept" in m for m in _panel(at)), "the why quotes the computed f"
    at.slider(key="forget_bias").set_value(5.0).run()  # the student moves the control: the answer is read again
    assert [s.value for s in at.success] == ["Right: Nearly all of it (over 80 %)"]


def test_a_link_with_its_own_settings_keeps_them_over_the_chapters():
    at = open_page("pages/2_Gradients.py", chapter="reach", cmp_fb="0.0")
    assert at.slider(key="cmp_fb").value == 0.0
    assert _answer(at, "reach", 1) == ["Right: About the same (between a tenth and 10×)"]


def test_an_unknown_chapter_is_ignored_and_another_pages_chapter_is_dropped():
    at = open_page("pages/1_Cell.py", chapter="<b>nope</b>")
    assert not at.exception and "chapter" not in at.query_params
    at = open_page("pages/3_Train.py", chapter="gates")  # a Cell chapter on the Train page
    assert not at.exception and "chapter" not in at.query_params
    assert not any("**The course**" in m.value for m in at.markdown)


def test_the_adding_answer_is_read_from_the_pages_run():
    at = open_page("pages/2_Gradients.py", chapter="adding")
    assert not at.exception
    at.radio(key="course_choice_adding").set_value(1).run()
    at.button(key="course_show_adding").click().run()
    assert any("Train RNN and LSTM" in i.value and "read from that run" in i.value for i in at.info)
    steps = at.session_state["mem_steps"]
    flat = pd.DataFrame({"step": range(steps), "loss": [gradflow.BASELINE] * steps})
    low = pd.DataFrame({"step": range(steps), "loss": [0.001] * steps})
    run = {"T": at.session_state["mem_T"], "steps": steps, "seed": 1, "hist": {"rnn": flat, "lstm": low},
           "seconds": {"rnn": 1.0, "lstm": 1.0}}  # fmt: skip
    at.session_state["mem_run"] = run  # another seed's run: not the one the answer is about
    at.run()
    assert not at.success and any("read from that run" in i.value for i in at.info)
    at.session_state["mem_run"] = {**run, "seed": at.session_state["mem_seed"]}
    at.run()
    assert [s.value for s in at.success] == ["Right: Only the LSTM"]


def test_the_first_value_answer_is_read_from_the_pages_run():
    import numpy as np

    from lstmviz.firstvalue import FirstValueRun

    at = open_page("pages/2_Gradients.py", chapter="first_value")
    at.radio(key="course_choice_first_value").set_value(0).run()
    at.button(key="course_show_first_value").click().run()
    assert not at.exception and any("read from that run" in i.value for i in at.info)
    T = at.session_state["fv_T"]
    history = pd.DataFrame({"step": [0], "loss": [1.0]})
    first = FirstValueRun(history, np.r_[0.9, np.full(T - 1, 0.1 / (T - 1))], 0.02, 1.0)
    last = FirstValueRun(history, np.r_[np.zeros(T - 5), np.full(5, 0.2)], 1.0, 1.0)
    run = {"T": T, "steps": at.session_state["fv_steps"], "seed": 1, "runs": {"rnn": last, "lstm": first}}
    at.session_state["fv_run"] = run  # another seed's run: not the one the answer is about
    at.run()
    assert not at.success and any("read from that run" in i.value for i in at.info)
    at.session_state["fv_run"] = {**run, "seed": at.session_state["fv_seed"]}
    at.run()
    assert [s.value for s in at.success] == ["Right: Step 1, the value it must give back"]


def test_the_training_chapter_sets_stocklstm_and_its_answer_counts_its_parameters():
    at = open_page("pages/3_Train.py", chapter="training")
    assert not at.exception and not at.error
    assert at.session_state["preset"] == "StockLSTM" and at.session_state["data"] == "sample"
    assert _answer(at, "training", 1) == ["Right: Between 10,000 and 100,000"]
    assert any("31,051 parameters" in m for m in _panel(at))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.key)
def test_every_chapter_opens_in_portuguese_classroom_mode(chapter):
    i18n.MISSING.clear()
    at = open_page(chapter.page, chapter=chapter.key, lang="pt", classroom="1")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("**O curso** · capítulo" in m.value for m in at.markdown)
    if chapter.question and chapter.key not in ("adding", "first_value"):  # these two read the page's own run
        at.radio(key=f"course_choice_{chapter.key}").set_value(0).run()
        at.button(key=f"course_show_{chapter.key}").click().run()
        assert not at.exception
        assert [*at.success, *at.warning], "an answer is shown"
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert BY_KEY[chapter.key] is chapter


def test_classroom_mode_shows_the_advanced_controls_a_chapter_set():
    at = open_page("pages/1_Cell.py", chapter="gates", classroom="1")
    labels = [s.label for s in at.slider]
    assert "Recurrent weight scale (W_hh ×)" in labels and at.slider(key="scale").value == 0.0  # the chapter's ×0
    assert "Input-gate bias shift" not in labels  # advanced, left at its default: hidden
