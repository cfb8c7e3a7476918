"""Lesson tests of the Learning page: each computes the figure's own numbers at the page's defaults (read from its
settings table), or after a suggestion's settings, and asserts what the page tells the student."""

import numpy as np
import pytest
import torch

from lstmviz import optim, overfit
from lstmviz.figures.learning import adam_moments, distance_curves, optimiser_paths, overfit_curves
from lstmviz.overfit import OverfitRequest
from lstmviz.ui.lessons import adam, overfitting
from lstmviz.ui.settings.learning import LEARNING, RACE_KEYS, RUN_KEYS, arguments
from tests.test_lessons import _font_sizes

D = LEARNING.defaults()


@pytest.fixture(autouse=True)
def one_torch_thread():
    """As the app runs (lstmviz.ui.page): one torch thread."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _race(**changes):
    return optim.race(**arguments(RACE_KEYS, {**D, **changes}))


def _run(**changes):
    return overfit.overfit_run(OverfitRequest(**arguments(RUN_KEYS, {**D, **changes})))


# ---- Adam, step by step ---------------------------------------------------------------------------------


def test_lesson_at_the_defaults_adam_arrives_before_momentum_and_far_before_sgd_at_the_same_alpha():
    runs = _race()
    sgd, momentum, adam_t = (runs[k]["arrives"] for k in optim.OPTIMISERS)
    assert adam_t < momentum < sgd  # measured 58, 63 and 122 steps
    assert 2 * adam_t < sgd


def test_lesson_at_t_1_the_bias_correction_makes_m_hat_ten_times_m():
    trace = _race()["adam"]
    ratio = trace["m_hat"][0] / trace["m"][0]  # what the sentence prints
    np.testing.assert_allclose(ratio, 1 / (1 - D["a_beta1"]))
    assert D["a_beta1"] == 0.9 and ratio == pytest.approx([10, 10])
    np.testing.assert_allclose(trace["m_hat"][0], trace["g"][0])  # m̂₁ = g₁, as the explanation says


def test_the_explanation_names_the_valley_the_figure_draws():
    a, b = optim.CURVATURE
    assert f"L(θ) = ½ ({a:g} θ₁² + {b:g} θ₂²)" in adam.EXPLAIN and "twenty times" in adam.EXPLAIN and b / a == 20


def test_lesson_adam_suggestions_show_what_they_say():
    slow = _race(**adam.SUGGESTIONS[0][1])  # α = 0.05
    assert slow["sgd"]["arrives"] is None and slow["momentum"]["arrives"] < slow["adam"]["arrives"]
    calm, default = _race(**adam.SUGGESTIONS[1][1])["adam"], _race()["adam"]  # β₁ = 0.5: a straighter path

    def length(run):
        return np.linalg.norm(np.diff(run["path"], axis=0), axis=1).sum()

    assert length(calm) < 0.9 * length(default)
    tiny = _race(**adam.SUGGESTIONS[2][1])  # the course's α = 0.001
    assert all(run["arrives"] is None for run in tiny.values())
    for _, settings in adam.SUGGESTIONS:
        assert set(settings) <= set(adam.KEYS)


# ---- Overfitting and what stops it --------------------------------------------------------------------------


def test_lesson_at_the_defaults_the_validation_loss_turns_up_while_the_training_loss_keeps_falling():
    run = _run()
    h = run.history.set_index("epoch")
    assert run.epochs == overfit.EPOCHS and run.best_epoch <= overfit.EPOCHS // 2  # measured epoch 18
    assert h.val_loss.iloc[-1] > 1.2 * h.val_loss.min()  # measured 0.649 against 0.481
    assert h.train_loss.iloc[-1] < 0.8 * h.train_loss[run.best_epoch]  # still falling: 0.31 against 0.45
    assert run.gap > 0.2  # measured 0.336


@pytest.mark.parametrize("suggestion, least", [(0, 0.5), (1, 0.25)])  # measured 79 % and 41 %
def test_lesson_dropout_and_weight_decay_narrow_the_gap_by_what_the_sentence_says(suggestion, least):
    label, settings = overfitting.SUGGESTIONS[suggestion]
    run, base = _run(**settings), _run()
    assert "the gap narrows" in label and overfit.narrowing(run, base) >= least
    text = overfitting.claims(run, base)
    assert f"narrow it by **{overfit.narrowing(run, base):.0%}**" in text.replace("\u00a0", " ")


def test_lesson_early_stopping_stops_patience_epochs_after_the_best_and_keeps_the_best():
    run = _run(**overfitting.SUGGESTIONS[2][1])
    assert run.stopped_by == "patience" and run.epochs == run.best_epoch + 5 < 20
    fig = overfit_curves(run)
    stars = [d for d in fig.data if d.name == "the epoch the model keeps"]
    h = run.history.set_index("epoch")
    assert [(d.x[0], d.y[0]) for d in stars] == [(run.best_epoch, h.train_loss[run.best_epoch]),
                                                  (run.best_epoch, h.val_loss[run.best_epoch])]  # fmt: skip


def test_overfit_suggestions_set_only_their_lessons_settings():
    for _, settings in overfitting.SUGGESTIONS:
        assert set(settings) <= set(overfitting.KEYS)


def test_learning_figures_take_every_text_size_from_the_layout_font():
    runs = _race(a_steps=20)
    figs = [optimiser_paths(runs), distance_curves(runs), adam_moments(runs["adam"], coord=0, step=1),
            overfit_curves(_run(o_patience=1), _run(o_patience=2))]  # fmt: skip
    for fig in figs:
        assert fig.layout.font.size
        assert not list(_font_sizes(fig.to_plotly_json())), fig.layout.title.text
