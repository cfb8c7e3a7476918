"""AppTests: identical runs in two sessions (two AppTests) train once per server; each session gets its own copy."""

import pandas as pd
import torch

import lstmviz.train
from lstmviz import gradflow
from tests.apphelpers import count_calls, figures_by_title, open_page, trained_page

TINY = {"days": "200", "epochs": "3", "hidden_size": "4", "lookback": "10", "patience": "0"}


def test_a_second_session_pressing_train_gets_the_same_result_without_training(monkeypatch):
    fits = count_calls(monkeypatch, lstmviz.train, "fit")
    first = trained_page(**TINY)
    second = trained_page(**TINY)  # a reloaded tab is a new session too
    assert len(fits) == 1
    a, b = first.session_state["trained"].result, second.session_state["trained"].result
    assert a.model is not b.model  # each session inspects (and may change) its own copy
    for k, v in a.model.state_dict().items():
        assert torch.equal(v, b.model.state_dict()[k])
    pd.testing.assert_frame_equal(a.predictions, b.predictions)
    assert "Predictions against actuals" in figures_by_title(second)
    with torch.no_grad():
        b.model.head.weight.zero_()  # one student's change stays theirs
    third = trained_page(**TINY)
    torch.testing.assert_close(third.session_state["trained"].result.model.head.weight, a.model.head.weight)
    trained_page(**TINY, seed="1")  # another seed is another run
    assert len(fits) == 2


def test_a_run_the_time_budget_cut_is_handed_out_but_its_figures_are_each_session_s_own(monkeypatch):
    real, calls = lstmviz.train.fit, []

    def cut_by_the_budget(*args, **kwargs):
        calls.append(1)
        result = real(*args, **kwargs)
        result.stopped_by = "budget"  # as fit reports a run that config.max_seconds ended
        return result

    monkeypatch.setattr(lstmviz.train, "fit", cut_by_the_budget)
    first, second = trained_page(**TINY), trained_page(**TINY)
    assert second.session_state["trained"].result.stopped_by == "budget" and len(calls) == 1  # from the cache
    assert first.session_state["trained"].shared is None and second.session_state["trained"].shared is None


def test_a_session_that_stopped_early_does_not_hand_its_half_run_to_others(monkeypatch):
    first = open_page("pages/3_Train.py", **TINY)
    real = lstmviz.train.fit

    def stopped_after_one_epoch(*args, on_epoch, **kwargs):
        first.session_state["trained"].stop.set()  # what a newer run of that page does (fastReruns)
        return real(*args, on_epoch=on_epoch, **kwargs)

    monkeypatch.setattr(lstmviz.train, "fit", stopped_after_one_epoch)
    first.button(key="train").click().run(timeout=120)
    assert first.session_state["trained"].stopped_at == 1
    monkeypatch.setattr(lstmviz.train, "fit", real)
    second = trained_page(**TINY)
    assert second.session_state["trained"].stopped_at is None
    assert len(second.session_state["trained"].result.history) == 3


def test_the_adding_problem_and_the_clipping_demo_train_once_for_two_sessions(monkeypatch):
    memory = count_calls(monkeypatch, gradflow, "train_memory_task")
    clipping = count_calls(monkeypatch, gradflow, "clipping_run")
    shown = []
    for _ in range(2):
        at = open_page("pages/2_Gradients.py")
        at.default_timeout = 120
        at.slider(key="mem_T").set_value(10).run()
        at.slider(key="mem_steps").set_value(100).run()
        next(b for b in at.button if b.label == "Train RNN and LSTM").click().run()
        next(b for b in at.button if b.label == "Run the clipping demo").click().run()
        assert not at.exception
        shown.append(figures_by_title(at))
    assert len(memory) == 2 and len(clipping) == 2  # RNN and LSTM; without and with clipping: once each
    for title in ("Adding problem: who remembers?", "Gradient norm before clipping"):
        assert shown[0][title]["data"] == shown[1][title]["data"]
