"""FitResult's forecasts, input windows and conformal bands, on small seeded fits."""

import numpy as np
import pandas as pd
import pytest
import torch

from lstmviz.errors import UserError
from lstmviz.train import TrainConfig, fit
from tests.test_train import FAST, series


@pytest.mark.parametrize("mode", ["price", "log_return", "window_ratio"])
def test_multi_step_forecasts(mode):
    s = series()
    r = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=3, horizon=5, target_mode=mode))
    origin = s.index[150]
    f = r.forecast(origin)
    assert list(f.index) == list(s.index[151:156])
    np.testing.assert_array_equal(f["actual"], s.iloc[151:156])
    assert f["predicted"].iloc[0] == pytest.approx(r.predictions.loc[s.index[151], "predicted"])
    beyond = r.forecast_beyond()
    assert list(beyond.index) == list(pd.date_range(s.index[-1], periods=6, freq="D")[1:])
    assert beyond["actual"].isna().all() and np.isfinite(beyond["predicted"]).all()
    with pytest.raises(UserError) as e:
        r.forecast(s.index[2])
    first = s.index[9 + (mode == "log_return")]  # a return needs the row before
    assert (e.value.code, e.value.params) == ("forecast.origin", {"first": first, "lookback": 10})


def test_step_index_and_forecast_beyond():
    s = pd.Series(np.sin(np.arange(120) / 5.0))
    r = fit(s, TrainConfig(lookback=8, hidden_size=4, epochs=1, horizon=2))
    assert list(r.forecast_beyond().index) == [120, 121]


def test_input_window_is_what_the_model_reads_for_the_last_prediction():
    s = series()
    r = fit(s, FAST)
    x = r.input_window(-2)  # the window ending one row before the last: it predicts the last row
    assert x.shape == (FAST.lookback, 1)
    with torch.no_grad():
        z = r.model(x[None])[0, 0].double().item()
    assert r.scaler.target_back(np.array([z]))[0] == pytest.approx(r.predictions["predicted"].iloc[-1], rel=1e-6)
    np.testing.assert_allclose(x[:, 0].numpy(), r.scaler.transform(s.to_numpy()[-11:-1, None])[:, 0], rtol=1e-6)


def test_conformal_band_from_the_validation_residuals():
    s = series()
    r = fit(s, FAST)
    p = r.predictions
    val = p[p["split"] == "val"]
    np.testing.assert_allclose(r.residuals[:, 0], (val["predicted"] - val["actual"]).to_numpy(), rtol=1e-6)
    q = np.sort(np.abs(r.residuals[:, 0]))[int(np.ceil(31 * 0.9)) - 1]  # 30 val windows: the 28th smallest |e|
    assert r.halfwidth()[0] == pytest.approx(q)
    known = p["predicted"].notna()
    np.testing.assert_allclose((p["upper"] - p["predicted"])[known], q)
    np.testing.assert_allclose((p["predicted"] - p["lower"])[known], q)
    test = p[p["split"] == "test"]
    inside = ((test["actual"] >= test["lower"]) & (test["actual"] <= test["upper"])).mean()
    assert r.test_coverage() == pytest.approx(inside)
    assert r.test_coverage(0.5) <= r.test_coverage(0.95)


def test_multi_step_bands_widen_with_the_step_and_vanish_without_validation():
    s = series()
    r = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=3, horizon=4, target_mode="log_return"))
    assert r.residuals.shape == (27, 4)  # 30 val rows hold 27 four-step windows
    f = r.forecast(s.index[150], coverage=0.8)
    np.testing.assert_allclose(f["upper"] - f["predicted"], r.halfwidth(0.8))
    beyond = r.forecast_beyond()
    assert list(beyond.columns) == ["predicted", "lower", "upper", "actual"] and beyond["lower"].notna().all()
    none = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=2, val_fraction=0.0))
    assert np.isinf(none.halfwidth()).all() and none.predictions["lower"].isna().all()
    assert np.isnan(none.test_coverage())


def test_mase_scale_is_persistence_over_the_training_rows_by_hand():
    """MASE = the model's test MAE / the mean |y_t − y_(t−1)| over the rows before validation: on a series calm
    while it trains and wild after, a scale over every row would be several times larger."""
    rng = np.random.default_rng(0)
    calm, wild = 100 + np.cumsum(0.1 * rng.standard_normal(140)), 5 * rng.standard_normal(60)
    s = pd.Series(np.concatenate([calm, calm[-1] + wild]), index=pd.date_range("2024-01-01", periods=200, freq="D"))
    r = fit(s, TrainConfig(lookback=5, hidden_size=4, epochs=1, val_fraction=0.15, test_fraction=0.15))
    splits = r.predictions["split"]
    first_val = int(np.flatnonzero(splits.to_numpy() == "val")[0])  # the row position where validation starts
    y = s.to_numpy()
    scale = np.mean([abs(y[k] - y[k - 1]) for k in range(1, first_val)])  # by hand, over the training rows only
    test = r.predictions[splits == "test"]
    mae = np.mean(np.abs(test["actual"] - test["predicted"]))
    assert r.metrics.loc["model", "mae"] == pytest.approx(mae, rel=1e-6)
    assert r.metrics.loc["model", "mase"] == pytest.approx(mae / scale, rel=1e-6)
    assert np.mean(np.abs(np.diff(y))) > 3 * scale  # the wrong scale would be far off
