import time

import numpy as np
import pytest
import torch
from torch import nn

from lstmviz import gradflow
from lstmviz.cell import trace
from lstmviz.gradflow import (
    adding_problem,
    clipping_run,
    forget_product,
    sensitivity_by_distance,
    train_memory_task,
)
from lstmviz.reference import sensitivity_by_batched_autograd


def test_forget_product_is_the_product_of_later_forget_gates():
    torch.manual_seed(0)
    tr = trace(nn.LSTM(2, 4, num_layers=2), torch.randn(7, 2))
    for layer in (0, 1):
        got = forget_product(tr, layer)
        f = tr.f[layer]
        assert got.shape == (7, 4)
        for t in range(7):
            want = torch.ones(4)
            for k in range(t + 1, 7):
                want = want * f[k]
            torch.testing.assert_close(got[t], want)
    with pytest.raises(ValueError, match="layer"):
        forget_product(tr, 2)


def test_sensitivity_matches_the_jacobian_computed_directly():
    T, H = 6, 3
    for cell in gradflow.CELLS:
        got = sensitivity_by_distance(cell, T, H, seed=3, forget_bias=1.0, recurrent_scale=2.0)
        rnn = gradflow._probe_cell(cell, H, 3, 1.0, 2.0)
        J = torch.autograd.functional.jacobian(lambda x, rnn=rnn: rnn(x[None])[0][0, -1], gradflow._probe_input(T, 3))
        assert J.shape == (H, T, 1)  # J[b, t] = ∂h_T[b]/∂x_t
        np.testing.assert_allclose(got, J.norm(dim=(0, 2)).flip(0).numpy(), rtol=1e-10)


@pytest.mark.parametrize(("forget_bias", "scale"), [(0.0, 1.0), (3.0, 1.0), (-2.0, 0.5), (0.0, 3.0)])
def test_sensitivity_matches_batched_autograd_over_vanishing_and_growing_ranges(forget_bias, scale):
    for cell in gradflow.CELLS:
        got = sensitivity_by_distance(cell, 120, 16, seed=1, forget_bias=forget_bias, recurrent_scale=scale)
        want = sensitivity_by_batched_autograd(cell, 120, 16, seed=1, forget_bias=forget_bias, recurrent_scale=scale)
        np.testing.assert_allclose(got, want, rtol=1e-9, err_msg=cell)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn_sensitivity_vanishes_at_scale_1_and_explodes_at_scale_5(seed):
    vanishing = sensitivity_by_distance("rnn", 100, 32, seed=seed)
    exploding = sensitivity_by_distance("rnn", 100, 32, seed=seed, recurrent_scale=5.0)
    assert vanishing[99] < 1e-10 * vanishing[0]
    assert exploding[99] > 1e3 * exploding[0]


def test_forget_bias_keeps_the_lstm_sensitive_far_back():
    plain = sensitivity_by_distance("lstm", 100, 32, seed=0)
    biased = sensitivity_by_distance("lstm", 100, 32, seed=0, forget_bias=3.0)
    assert biased[99] > 1e10 * plain[99]


def test_sensitivity_overflow_gives_inf_not_nan_or_an_error():
    s = sensitivity_by_distance("rnn", 2000, 32, seed=0, recurrent_scale=8.0)  # overflows: inf, and NaN in autograd
    assert s.shape == (2000,)
    assert not np.isnan(s).any()
    assert np.isinf(s).any()


def test_sensitivity_bad_cell():
    with pytest.raises(ValueError, match="cell must be one of"):
        sensitivity_by_distance("transformer", 10, 4, seed=0)


def test_clipping_bounds_the_update_and_without_it_norms_exceed_the_threshold():
    lr, clip = 0.05, 1.0
    clipped = clipping_run(clip=clip, steps=30, lr=lr)
    free = clipping_run(clip=None, steps=30, lr=lr)
    assert list(clipped.columns) == ["step", "grad_norm", "loss", "update_norm"]
    assert len(clipped) == len(free) == 30
    # SGD moves by lr * the applied gradient: clipping caps that at lr * clip
    assert (clipped["update_norm"] <= lr * clip * (1 + 1e-4)).all()
    assert (clipped["grad_norm"] > clip).any()  # the clip was needed, and applied
    assert (free["grad_norm"] > clip).any()
    ok = np.isfinite(free["grad_norm"])
    np.testing.assert_allclose(free["update_norm"][ok], lr * free["grad_norm"][ok], rtol=1e-3)
    assert free["loss"].max() > 10 * clipped["loss"].max()  # the blow-up clipping prevents
    assert clipped["loss"].iloc[-5:].mean() < clipped["loss"].iloc[0]


def test_clipping_run_is_seeded():
    a, b = clipping_run(clip=1.0, steps=5, seed=4), clipping_run(clip=1.0, steps=5, seed=4)
    assert a.equals(b)
    with pytest.raises(ValueError, match="clip"):
        clipping_run(clip=0.0, steps=5)


def test_adding_problem_data():
    n, T = 500, 20
    x, y = adding_problem(n, T, seed=1)
    assert x.shape == (n, T, 2) and y.shape == (n,)
    values, markers = x[..., 0], x[..., 1]
    assert ((values >= 0) & (values <= 1)).all()
    assert set(markers.unique().tolist()) == {0.0, 1.0}
    assert (markers.sum(1) == 2).all()
    assert (markers[:, : T // 2].sum(1) == 1).all()  # one in each half
    torch.testing.assert_close(y, (values * markers).sum(1))
    x2, y2 = adding_problem(n, T, seed=1)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    assert not torch.equal(x, adding_problem(n, T, seed=2)[0])


def test_adding_problem_baseline_is_one_sixth():
    _, y = adding_problem(20_000, 10, seed=0)
    assert ((y - 1.0) ** 2).mean().item() == pytest.approx(1 / 6, abs=0.01)


def test_adding_problem_bad_length():
    with pytest.raises(ValueError, match="T must be at least 2"):
        adding_problem(3, 1, seed=0)


def test_short_memory_training_lowers_the_loss_and_is_seeded():
    history = train_memory_task("lstm", T=8, seed=0, steps=200)
    assert list(history.columns) == ["step", "loss"]
    assert history["step"].tolist() == list(range(200))
    assert history["loss"].iloc[-20:].mean() < 0.5 * history["loss"].iloc[:20].mean()
    assert train_memory_task("lstm", T=8, seed=0, steps=5).equals(history.iloc[:5])


def test_on_step_false_stops_early():
    seen = []

    def on_step(step, history):
        seen.append(len(history))
        return step < 3

    history = train_memory_task("rnn", T=8, seed=0, steps=100, on_step=on_step)
    assert len(history) == 4
    assert seen == [1, 2, 3, 4]


def test_train_memory_task_bad_cell():
    with pytest.raises(ValueError, match="cell"):
        train_memory_task("mlp", T=8, seed=0, steps=2)


def test_max_seconds_ends_the_memory_task_and_the_clipping_run():
    start = time.perf_counter()
    history = train_memory_task("lstm", T=50, seed=0, steps=100_000, max_seconds=0.3)
    assert time.perf_counter() - start < 10  # 100,000 steps would take minutes: the budget stopped it
    assert 1 <= len(history) < 100_000
    assert train_memory_task("lstm", T=50, seed=0, steps=len(history)).equals(history)  # the same steps, cut short
    start = time.perf_counter()
    run = clipping_run(clip=1.0, steps=100_000, max_seconds=0.3)
    assert time.perf_counter() - start < 10  # 100,000 steps would take minutes: the budget stopped it
    assert 1 <= len(run) < 100_000
