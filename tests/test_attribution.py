import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from lstmviz import attribution
from lstmviz.attribution import (
    completeness_gap,
    day_shares,
    gradient_x_input,
    integrated_gradients,
    occlusion,
    resting_days,
)
from lstmviz.budget import Deadline
from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.forecaster import build_model
from lstmviz.train import fit


class Linear(nn.Module):
    """f(x) = Σ_td w_td x_td + b per output, (N, W, D) -> (N, K)."""

    def __init__(self, W: int, D: int, K: int = 2):
        super().__init__()
        self.lin = nn.Linear(W * D, K)

    def forward(self, x):
        return self.lin(x.flatten(1))


def _lstm(D: int = 2, seed: int = 0):
    return build_model(TrainConfig(hidden_size=8, num_layers=2, horizon=3), D, seed=seed).eval()


def test_exact_on_a_linear_model():
    torch.manual_seed(0)
    model = Linear(6, 2)
    X, base = torch.randn(5, 6, 2), torch.randn(5, 6, 2)
    for output in (0, 1):
        got = integrated_gradients(model, X, baseline=base, steps=3, output=output)
        want = (X - base) * model.lin.weight[output].reshape(6, 2)  # (x − x') w, by hand
        torch.testing.assert_close(got, want.detach(), rtol=0, atol=1e-6)
        torch.testing.assert_close(gradient_x_input(model, X, baseline=base, output=output), want.detach())
        torch.testing.assert_close(occlusion(model, X, baseline=base, output=output), want.detach(), atol=1e-5, rtol=0)


def test_completeness_within_the_integration_error_and_more_steps_shrink_it():
    torch.manual_seed(1)
    model, X = _lstm(), 2 * torch.randn(16, 20, 2)
    gaps = {}
    for steps in (1, 2, 4, 64):
        a = integrated_gradients(model, X, steps=steps, output=1)
        gaps[steps] = completeness_gap(model, X, a, output=1).abs().max().item()
    with torch.no_grad():
        change = (model(X)[:, 1] - model(torch.zeros_like(X))[:, 1]).abs().max().item()
    assert gaps[64] < 1e-4 * max(change, 1.0)
    # Gauss–Legendre: each doubling of the nodes shrinks the quadrature error several times over (measured 7e-3,
    # 9e-4, 5e-6), until float32 rounding (~1e-8) is all that is left
    assert gaps[4] < gaps[2] / 5 < gaps[1] / 25


def test_chunks_do_not_change_the_result(monkeypatch):
    torch.manual_seed(2)
    model, X = _lstm(), torch.randn(7, 10, 2)
    whole = integrated_gradients(model, X, steps=16)
    monkeypatch.setattr(attribution, "CHUNK", 5)  # windows and nodes split across chunks
    seen = []
    chunked = integrated_gradients(model, X, steps=16, on_chunk=lambda done, total: seen.append((done, total)))
    torch.testing.assert_close(chunked, whole)
    assert seen[-1] == (7 * 16, 7 * 16) and len(seen) == -(-7 * 16 // 5)


def test_equal_to_captum_on_a_trained_lstm():
    captum = pytest.importorskip("captum.attr")
    data = pd.Series(np.sin(np.arange(300) / 6) + 0.1 * np.random.default_rng(0).standard_normal(300))
    result = fit(data, TrainConfig(lookback=20, hidden_size=12, epochs=3, seed=0))
    X, _ = result._prepared.windows("test")
    base = torch.randn_like(X)
    ours = integrated_gradients(result.model, X, baseline=base, steps=64)
    theirs = captum.IntegratedGradients(result.model).attribute(X, baselines=base, target=0, n_steps=64,
                                                                 method="gausslegendre")  # fmt: skip
    assert ours.abs().max() > 1e-2  # something to compare
    torch.testing.assert_close(ours, theirs.detach(), rtol=0, atol=1e-4)


def test_a_model_that_learned_persistence_rests_on_the_last_day():
    rng = np.random.default_rng(3)
    level = np.cumsum(np.where(rng.random(600) < 0.1, rng.standard_normal(600), 0.0))  # a jump on one day in ten
    series = pd.Series(np.concatenate([level, level[::-1]]) + 50)  # back where it began: the test levels were seen
    result = fit(series, TrainConfig(lookback=10, hidden_size=16, epochs=30, lr=1e-2, seed=0))
    m = result.metrics["rmse"]
    assert m["model"] < 1.05 * m["persistence"]  # tomorrow is today unless it jumps: it learned persistence
    X, _ = result._prepared.windows("test")
    shares = day_shares(integrated_gradients(result.model, X, steps=32))
    assert shares[-1] >= 0.9
    assert resting_days(shares) == 1


def test_cross_checks_agree_where_the_model_is_nearly_linear():
    torch.manual_seed(4)
    model, X = _lstm(), 0.01 * torch.randn(4, 12, 2)  # tiny inputs: tanh and σ stay in their linear range
    ig = integrated_gradients(model, X, steps=16)
    torch.testing.assert_close(gradient_x_input(model, X), ig, rtol=0.05, atol=1e-7)
    torch.testing.assert_close(occlusion(model, X), ig, rtol=0.05, atol=1e-7)


def test_day_shares_and_resting_days_by_hand():
    a = np.zeros((2, 5, 2))
    a[:, -1, 0], a[:, -2, 1], a[0, 0, 0] = 3.0, -2.0, 2.0  # |.| per day over windows and features: 2, 0, 0, 4, 6
    np.testing.assert_allclose(day_shares(a), [2 / 12, 0, 0, 4 / 12, 6 / 12])
    assert resting_days(day_shares(a)) == 2  # the last day holds exactly a half: not more than half
    assert resting_days(np.array([0.1, 0.2, 0.7])) == 1
    assert resting_days(np.zeros(4)) == 4
    np.testing.assert_array_equal(day_shares(np.zeros((1, 3, 1))), np.zeros(3))


def test_bad_input_names_the_problem_and_a_passed_deadline_stops():
    model = _lstm()
    with pytest.raises(ValueError, match=r"\(N, W, D\)"):
        integrated_gradients(model, torch.zeros(5, 2))
    with pytest.raises(ValueError, match="baseline"):
        integrated_gradients(model, torch.zeros(1, 5, 2), baseline=torch.zeros(1, 4, 2))
    with pytest.raises(ValueError, match="steps"):
        integrated_gradients(model, torch.zeros(1, 5, 2), steps=0)
    with pytest.raises(ValueError, match="output"):
        integrated_gradients(model, torch.zeros(1, 5, 2), output=3)
    with pytest.raises(UserError) as e:
        integrated_gradients(model, torch.zeros(1, 5, 2), deadline=Deadline(1e-9))
    assert e.value.code == "attribution.budget"


def test_test_origins_are_the_rows_before_each_test_prediction():
    data = pd.Series(np.sin(np.arange(120) / 5))
    result = fit(data, TrainConfig(lookback=8, hidden_size=4, epochs=1, seed=0))
    origins = attribution.test_origins(result)
    split = result.predictions["split"].to_numpy()
    assert origins[-1] == len(data) - 2  # the last row is forecast from the one before it
    assert (split[origins + 1] == "test").all() and split[origins[0]] == "val"
    assert len(origins) == (split == "test").sum()
    some = attribution.spread(origins, 3)
    assert len(some) == 3 and some[0] == origins[0] and some[-1] == origins[-1] and np.isin(some, origins).all()
    np.testing.assert_array_equal(attribution.spread(origins, 100), origins)


@pytest.mark.parametrize("mode", ["price", "window_ratio"])
def test_in_units_add_up_to_the_forecast_in_the_datas_units(mode):
    data = pd.Series(1000 + 50 * np.sin(np.arange(200) / 5) + np.arange(200))  # far from mean 0, std 1
    result = fit(data, TrainConfig(lookback=8, hidden_size=4, epochs=2, seed=0, target_mode=mode))
    positions = attribution.test_origins(result)[-3:]
    a = attribution.in_units(result, positions, steps=64)  # (3, W, 1)
    predicted = result.predictions["predicted"].to_numpy()[positions + 1]
    with torch.no_grad():  # the forecast of the ordinary window: every input at its training mean (scaled zeros)
        z0 = result.model(torch.zeros(1, 8, 1))[0, 0].item()
    base = result.scaler.target_back(np.array([[z0]]))[0, 0]
    if mode == "window_ratio":  # y_t (1 + v): the origin's value times the ratio
        base = data.to_numpy()[positions] * (1 + base)
    np.testing.assert_allclose(a.sum(axis=(1, 2)), predicted - base, rtol=1e-3)


def test_chunks_shrink_for_big_models_so_activations_stay_bounded():
    small = build_model(TrainConfig(hidden_size=50, num_layers=2), 1)
    big = build_model(TrainConfig(hidden_size=128, num_layers=3), 1)
    assert attribution.chunk_size(small, 60) == attribution.CHUNK  # StockLSTM: the full chunk
    B = attribution.chunk_size(big, 250)
    assert 1 <= B < attribution.CHUNK and B * 4 * 10 * 250 * 128 * 3 <= attribution.ACTIVATION_BYTES
    assert attribution.chunk_size(Linear(4, 1), 4) == attribution.CHUNK  # no recurrent layer: nothing to bound
