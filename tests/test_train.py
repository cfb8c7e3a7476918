import time

import numpy as np
import pandas as pd
import pytest
import torch

from lstmviz import overfit, prepare, train
from lstmviz.cell import trace
from lstmviz.config import CELLS
from lstmviz.data.synthetic import DEMAND_COLUMNS, demand, synthetic
from lstmviz.errors import UserError
from lstmviz.train import TrainConfig, fit

FAST = TrainConfig(lookback=10, hidden_size=8, epochs=3, batch_size=16)  # about 0.1 s per fit


def series(n=200, seed=0):
    return synthetic("trend + seasonality", n, noise=0.1, seed=seed) + 5  # positive, for log returns


def same(a, b):
    pd.testing.assert_frame_equal(a, b)


def test_result_shapes_and_splits():
    s = series()
    r = fit(s, FAST)
    p = r.predictions
    assert p.index.equals(s.index) and list(p.columns) == ["actual", "predicted", "lower", "upper", "split"]
    assert p["split"].tolist() == ["train"] * 140 + ["val"] * 30 + ["test"] * 30
    assert p["predicted"].isna().sum() == FAST.lookback  # the first rows have no full window before them
    np.testing.assert_array_equal(p["actual"], s.to_numpy())
    assert list(r.history.columns) == ["epoch", "train_loss", "val_loss"]
    assert list(r.metrics.index) == ["model", "persistence", "moving_average", "linear", "drift", "ets"]
    assert isinstance(r.model.rnn, torch.nn.LSTM) and r.model.head.out_features == 1


def test_scaler_sees_training_rows_only():
    s = series()
    changed = s.copy()
    changed.iloc[140:] *= 10  # the val and test rows
    a, b = fit(s, FAST), fit(changed, FAST)
    np.testing.assert_array_equal(a.scaler.mean, b.scaler.mean)
    np.testing.assert_array_equal(a.scaler.std, b.scaler.std)
    assert a.scaler.mean[0] == pytest.approx(s.iloc[:140].mean())


@pytest.mark.parametrize("mode", ["price", "log_return", "window_ratio"])
@pytest.mark.parametrize("horizon", [1, 4])
def test_no_look_ahead(mode, horizon):
    """Changing the data from a test date on moves no prediction for that date or before, nor the model."""
    s = series()
    cut = 185  # inside the test split
    changed = s.copy()
    changed.iloc[cut:] += np.linspace(1, 3, len(s) - cut)
    config = TrainConfig(lookback=10, hidden_size=8, epochs=3, batch_size=16, horizon=horizon, target_mode=mode)
    a, b = fit(s, config), fit(changed, config)
    for k, v in a.model.state_dict().items():
        torch.testing.assert_close(v, b.model.state_dict()[k], rtol=0, atol=0)
    same(a.history, b.history)
    pa, pb = a.predictions["predicted"], b.predictions["predicted"]
    pd.testing.assert_series_equal(pa.iloc[: cut + 1], pb.iloc[: cut + 1])
    assert not np.allclose(pa.iloc[cut + 2 :], pb.iloc[cut + 2 :])


def test_same_seed_same_result_and_caller_rng_untouched():
    s = series()
    torch.manual_seed(123)
    a = fit(s, FAST)
    after = torch.rand(1)
    torch.manual_seed(123)
    assert torch.equal(torch.rand(1), after)  # fit drew nothing from the caller's generator
    b = fit(s, FAST)
    same(a.predictions, b.predictions)
    same(a.history, b.history)
    c = fit(s, TrainConfig(**{**FAST.to_dict(), "seed": 1}))
    assert not a.predictions["predicted"].equals(c.predictions["predicted"])


def test_results_do_not_depend_on_the_eval_batch(monkeypatch):
    a = fit(series(), FAST)
    monkeypatch.setattr(prepare, "EVAL_BATCH", 7)  # many chunks and a short last one
    b = fit(series(), FAST)
    pd.testing.assert_frame_equal(a.predictions, b.predictions, check_exact=False, rtol=1e-5)
    pd.testing.assert_frame_equal(a.history, b.history, check_exact=False, rtol=1e-5)


def test_metrics_match_hand_computation():
    s = series()
    r = fit(s, FAST)
    test = r.predictions[r.predictions["split"] == "test"]
    err = test["predicted"] - test["actual"]
    assert r.metrics.loc["model", "rmse"] == pytest.approx(np.sqrt((err**2).mean()))
    assert r.metrics.loc["model", "mae"] == pytest.approx(err.abs().mean())
    prev = s.shift(1)[test.index]
    assert r.metrics.loc["persistence", "rmse"] == pytest.approx(np.sqrt(((test["actual"] - prev) ** 2).mean()))
    ma = s.rolling(FAST.lookback).mean().shift(1)[test.index]
    assert r.metrics.loc["moving_average", "mae"] == pytest.approx((test["actual"] - ma).abs().mean())
    up = np.sign(test["predicted"] - prev) == np.sign(test["actual"] - prev)
    assert r.metrics.loc["model", "directional_accuracy"] == pytest.approx(up.mean())


def test_on_epoch_stops_and_keeps_the_best_weights():
    seen = []

    def stop_after_two(epoch, history):
        seen.append((epoch, len(history)))
        return epoch < 2

    r = fit(series(), TrainConfig(**{**FAST.to_dict(), "epochs": 10}), on_epoch=stop_after_two)
    assert seen == [(1, 1), (2, 2)]
    assert len(r.history) == 2 and r.best_epoch == int(r.history.loc[r.history.val_loss.idxmin(), "epoch"])


def test_patience_stops_early():
    cfg = TrainConfig(lookback=10, hidden_size=8, epochs=200, lr=0.05, patience=2)
    r = fit(series(), cfg)
    assert len(r.history) < 200 and len(r.history) - r.best_epoch == 2


def test_features_and_cells():
    d = demand(200, seed=0)
    cfg = TrainConfig(lookback=14, horizon=3, hidden_size=8, epochs=2, features=("temperature", "holiday"), cell="gru")
    r = fit(d, cfg, target="demand")
    assert r.model.rnn.input_size == 3 and isinstance(r.model.rnn, torch.nn.GRU)
    assert list(r.data.columns) == ["demand", "temperature", "holiday"]
    rnn = fit(series(), TrainConfig(**{**FAST.to_dict(), "cell": "rnn"}))
    assert isinstance(rnn.model.rnn, torch.nn.RNN)


def test_trained_lstm_is_traceable():
    r = fit(series(), FAST)
    x = torch.randn(12, 1)
    with torch.no_grad():
        out, _ = r.model.rnn(x[None])
    torch.testing.assert_close(trace(r.model.rnn, x).h[-1], out[0], atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize(
    ("data", "kwargs", "code", "params"),
    [
        (series(100), {"config": TrainConfig(lookback=90)}, "split.train_short",
         {"lookback": 90, "horizon": 1, "train": 70, "n": 100}),
        (series().where(lambda v: v.index != v.index[5]), {}, "data.not_finite",
         {"column": "trend + seasonality", "first": series().index[5]}),
        (series() - 100, {"config": TrainConfig(target_mode="log_return")}, "data.log_return",
         {"column": "trend + seasonality", "first": series().index[0]}),
        (demand(100), {"target": "sales"}, "data.no_column", {"column": "sales", "columns": DEMAND_COLUMNS}),
        (series().iloc[::-1], {}, "data.unsorted", {}),
        (series() - 100, {"config": TrainConfig(target_mode="window_ratio")}, "data.window_ratio",
         {"column": "trend + seasonality", "first": series().index[0]}),
    ],
)  # fmt: skip
def test_bad_input(data, kwargs, code, params):
    with pytest.raises(UserError) as e:
        fit(data, **kwargs)
    assert (e.value.code, e.value.params) == (code, params)


@pytest.mark.parametrize(
    ("data", "message"), [(demand(100), "target is None but data has 10 columns"), ([1, 2, 3], "Series or DataFrame")]
)
def test_calls_no_page_makes_are_plain_value_errors(data, message):
    with pytest.raises(ValueError, match=message):
        fit(data)


def test_config_validation_names_the_value():
    with pytest.raises(UserError) as e:
        TrainConfig(horizon=31)
    assert (e.value.code, e.value.params) == (
        "setting.between", {"setting": "Horizon (steps forecast at once)", "low": 1, "high": 30, "value": 31}
    )  # fmt: skip
    with pytest.raises(UserError) as e:
        TrainConfig(cell="lstmx")
    assert (e.value.code, e.value.params["value"], e.value.params["choices"]) == ("setting.one_of", "lstmx", CELLS)
    with pytest.raises(UserError) as e:
        TrainConfig(val_fraction=0.3, test_fraction=0.35)
    assert (e.value.code, e.value.params) == ("setting.shares", {"val": 0.3, "test": 0.35, "most": 0.6})
    assert TrainConfig.from_dict(TrainConfig(features=["a"]).to_dict()) == TrainConfig(features=("a",))


@pytest.mark.parametrize("mode", ["price", "log_return", "window_ratio"])
def test_plan_labels_rows_as_fit_does(mode):
    s = series()
    config = TrainConfig(lookback=10, hidden_size=8, epochs=1, target_mode=mode)
    from lstmviz.train import plan

    pd.testing.assert_series_equal(plan(s, config), fit(s, config).predictions["split"])
    with pytest.raises(UserError, match="lookback") as e:
        plan(s.iloc[:40], TrainConfig(lookback=30))
    assert e.value.code == "split.train_short"


def test_evaluate_reproduces_fit_for_a_loaded_model():
    from lstmviz.checkpoint import load_model, save_model
    from lstmviz.train import evaluate

    s = series()
    r = fit(s, FAST)
    model, config = load_model(save_model(r))
    again = evaluate(model, s, config)
    same(again.predictions, r.predictions)
    same(again.metrics, r.metrics)
    with pytest.raises(UserError) as e:
        frame = demand(200)[["demand", "temperature"]]
        evaluate(model, frame, TrainConfig(lookback=10, features=("temperature",)), target="demand")
    assert (e.value.code, e.value.params) == ("model.columns", {"model": 1, "data": 2})


def _val_loss(r) -> float:
    """The validation MSE of r.model, recomputed from the data as fit computes it."""
    return train._loss(r.model, prepare.Prepared.of(r.data, r.config, None).batches("val"))


def test_max_seconds_stops_training_and_keeps_the_best_weights():
    config = TrainConfig(**{**FAST.to_dict(), "epochs": 1000, "patience": 0, "max_seconds": 0.3})
    start = time.perf_counter()
    r = fit(series(), config)
    assert time.perf_counter() - start < 0.3 + 1.0  # the budget, then the final predictions
    assert r.stopped_by == "budget" and 1 <= len(r.history) < 1000
    assert r.best_epoch == int(r.history.loc[r.history.val_loss.idxmin(), "epoch"])
    assert _val_loss(r) == pytest.approx(r.history.val_loss.min(), rel=1e-6)


def test_the_model_keeps_the_best_epochs_weights_not_the_last_ones():
    # the Learning page's overfitting run: the validation loss turns up after its best epoch and keeps rising
    request = overfit.OverfitRequest()
    r = fit(overfit.noisy_series(request.seed), request.config())
    val = r.history.set_index("epoch")["val_loss"]
    assert r.best_epoch == val.idxmin() < len(val) and val.iloc[-1] > 1.1 * val.min()
    assert _val_loss(r) == pytest.approx(val[r.best_epoch], rel=1e-6)  # the best epoch's model, not the last one's


def test_max_seconds_is_checked_between_batches_within_an_epoch():
    config = TrainConfig(lookback=10, hidden_size=8, epochs=1, batch_size=1, max_seconds=1e-6)
    r = fit(series(), config)  # one batch of one window, then the budget is spent
    assert r.stopped_by == "budget" and len(r.history) == 1


@pytest.mark.parametrize(
    ("config", "on_epoch", "why"),
    [
        (FAST, None, "epochs"),
        (TrainConfig(lookback=10, hidden_size=8, epochs=200, lr=0.05, patience=2), None, "patience"),
        (FAST, lambda epoch, history: False, "stop"),
    ],
)
def test_stopped_by_says_why_training_ended(config, on_epoch, why):
    r = fit(series(), config, on_epoch=on_epoch)
    assert r.stopped_by == why and not r.diverged


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflow this test is about
def test_a_loss_that_becomes_nan_is_flagged_as_diverged():
    """Values near float64's limit overflow the scaler: every loss is NaN. Was: metrics of NaN, nothing said."""
    r = fit(series() * 1e200 + 1e307, FAST)
    assert r.diverged and r.stopped_by == "diverged"
    assert len(r.history) == 1  # no point in more epochs


def test_max_seconds_must_be_positive():
    with pytest.raises(ValueError, match=r"max_seconds \(0\)"):
        TrainConfig(max_seconds=0)


def test_window_ratio_reads_each_window_relative_to_its_last_value():
    s = series()
    config = TrainConfig(lookback=10, hidden_size=8, epochs=3, batch_size=16, target_mode="window_ratio")
    r = fit(s, config)
    y = s.to_numpy()
    train = y[: r.split.val_start]
    ratios = train[1:] / train[:-1] - 1  # the scaler's column 0: one-step ratios of the training rows
    assert r.scaler.mean[0] == pytest.approx(ratios.mean()) and r.scaler.std[0] == pytest.approx(ratios.std())
    x = r.input_window(-2)  # the window that predicts the last row
    expected = (y[-11:-1] / y[-2] - 1 - ratios.mean()) / ratios.std()
    np.testing.assert_allclose(x[:, 0].numpy(), expected, rtol=1e-5, atol=1e-6)
    with torch.no_grad():
        z = r.model(x[None])[0, 0].double().item()
    by_hand = y[-2] * (1 + r.scaler.target_back(np.array([z]))[0])  # back in the series' units
    assert r.predictions["predicted"].iloc[-1] == pytest.approx(by_hand, rel=1e-6)


def test_window_ratio_does_not_care_about_the_level():
    """The test values jump to ten times any level seen in training: a window wholly after the jump predicts ten
    times what it did before, where the price model cannot follow."""
    s = series()
    cut, L = 175, 10  # inside the test split (rows 170-199)
    jumped = s.copy()
    jumped.iloc[cut:] *= 10
    after = s.index[cut + L :]  # predictions whose window lies wholly after the jump
    config = TrainConfig(lookback=L, hidden_size=8, epochs=3, batch_size=16, target_mode="window_ratio")
    a, b = fit(s, config), fit(jumped, config)
    np.testing.assert_allclose(10 * a.predictions.loc[after, "predicted"], b.predictions.loc[after, "predicted"],
                               rtol=1e-5)  # fmt: skip
    price = TrainConfig(**{**config.to_dict(), "target_mode": "price"})
    flat = fit(jumped, price).predictions.loc[after, "predicted"]
    assert (flat < 0.5 * jumped[after]).all()  # saturated far below the new level
