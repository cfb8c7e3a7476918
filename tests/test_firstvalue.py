"""The first-value task and its lesson (lstmviz/ui/lessons/first_value.py), at the Gradients page's defaults: the
numbers the lesson's text gives come from these runs, and the claims it makes are asserted here."""

import numpy as np
import pandas as pd
import pytest
import torch

from lstmviz import firstvalue
from lstmviz.figures.attribution import first_value_chart, shares_chart, window_strip
from lstmviz.ui.lessons import first_value as lesson
from lstmviz.ui.settings.gradients import GRADIENTS

D = GRADIENTS.defaults()


@pytest.fixture(scope="module")
def runs():
    """Both cells trained at the lesson's defaults, on one torch thread as the app runs them."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return {
            cell: firstvalue.train_first_value(cell, T=D["fv_T"], steps=D["fv_steps"], seed=D["fv_seed"])
            for cell in firstvalue.CELLS
        }
    finally:
        torch.set_num_threads(before)


def test_the_task_is_the_first_value_plus_noise():
    x, y = firstvalue.first_value_task(4000, 7, seed=1)
    assert x.shape == (4000, 7, 1) and y.shape == (4000,)
    assert (y - x[:, 0, 0]).std().item() == pytest.approx(firstvalue.NOISE, rel=0.05)
    assert abs(np.corrcoef(y, x[:, 1, 0])[0, 1]) < 0.05  # later steps tell nothing about the answer


def test_lesson_the_lstm_learns_it_and_rests_on_step_1(runs):
    lstm = runs["lstm"]
    assert D["fv_T"] == 30 and firstvalue.learned(lstm)  # held-out MSE measured 0.017 (guessing 0: 1)
    assert firstvalue.peak_step(lstm.shares) == 1  # the text's "the peak is at step 1"
    assert lstm.shares[0] > 0.5  # measured 93 %
    assert firstvalue.answer(lstm) == firstvalue.CHOICES.index("first") == 0  # the question's right choice


def test_lesson_the_rnn_does_not_learn_it_and_fades_towards_the_recent_steps(runs):
    rnn = runs["rnn"]
    assert not firstvalue.learned(rnn) and rnn.test_mse > 0.8  # no better than guessing 0
    assert firstvalue.peak_step(rnn.shares) == D["fv_T"]  # the last step
    assert rnn.shares[0] < 0.02 < rnn.shares[-1]
    assert firstvalue.recent_share(rnn.shares) > 0.5  # measured 97 % on the last 5 steps
    assert np.all(np.diff(rnn.shares[-5:]) > -0.02)  # rising towards the end, give or take a step
    assert firstvalue.answer(rnn) == firstvalue.CHOICES.index("last")


def test_lesson_the_text_says_what_the_runs_show(runs):
    said = {cell: lesson.RESULT.format(cell=cell.upper(), n=len(r.history), T=D["fv_T"], sec=r.seconds,
                                       mse=r.test_mse, verdict=lesson.VERDICTS[firstvalue.learned(r)],
                                       first=float(r.shares[0]), recent=firstvalue.recent_share(r.shares),
                                       peak=firstvalue.peak_step(r.shares))
            for cell, r in runs.items()}  # fmt: skip
    assert "learned the task" in said["lstm"] and "the peak is at step 1." in said["lstm"]
    assert "has not learned it" in said["rnn"] and f"the peak is at step {D['fv_T']}." in said["rnn"]
    assert list(lesson.CHOICES) == list(firstvalue.CHOICES)
    fig = first_value_chart({cell: r.shares for cell, r in runs.items()})
    assert [tr.name for tr in fig.data] == ["RNN", "LSTM"]
    np.testing.assert_allclose(fig.data[1].y, 100 * runs["lstm"].shares)
    assert "Attribution" in fig.layout.title.text


def test_the_suggestions_set_the_lessons_own_settings():
    for _label, settings in lesson.SUGGESTIONS:
        assert set(settings) <= set(lesson.SETTINGS)
        assert all(lesson.SETTINGS[k].allows(v) for k, v in settings.items())


def test_the_figures_say_attribution_and_keep_their_numbers():
    frame = pd.DataFrame({"demand": np.arange(5.0), "price": np.ones(5)}, index=pd.date_range("2024-01-01", periods=5))
    a = np.arange(10.0).reshape(5, 2) - 4
    fig = window_strip(frame, a, when="2024-01-06")
    line, heat = fig.data
    assert fig.layout.title.text == "Attribution: what moved the forecast for 2024-01-06"
    np.testing.assert_array_equal(heat.z, a.T)  # rows: features, columns: days
    assert list(heat.y) == ["demand", "price"] and heat.zmid == 0 and heat.zmax == -heat.zmin == 5
    np.testing.assert_array_equal(line.y, frame["demand"])
    shares = np.full((5, 2), 0.1)
    heat = shares_chart(shares, ["demand", "price"]).data[0]
    assert heat.type == "heatmap" and list(heat.x) == [-5, -4, -3, -2, -1]
    bars = shares_chart(shares[:, :1] * 2, ["demand"]).data[0]
    assert bars.type == "bar"
    np.testing.assert_allclose(bars.y, 20.0)
