"""lstmviz.backtest: walk-forward folds without look-ahead, persistence, conformal coverage, Diebold-Mariano."""

import dataclasses
import math
import time

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import lstmviz.backtest
from lstmviz.backtest import backtest, diebold_mariano
from lstmviz.data.synthetic import synthetic
from lstmviz.errors import UserError
from lstmviz.train import TrainConfig, fit

TINY = TrainConfig(lookback=8, hidden_size=6, epochs=3, batch_size=32, test_fraction=0.3)


def series(n=240, seed=0):
    return synthetic("trend + seasonality", n, noise=0.1, seed=seed) + 5  # positive, for the relative modes


def ar1(n, phi=0.6, seed=0):
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + rng.normal()
    return pd.Series(x, index=pd.RangeIndex(n), name="ar1")


def test_blocks_cover_the_test_rows_in_order_and_persistence_is_the_value_before():
    s = series()
    r = backtest(s, TINY, folds=3)
    p = r.predictions
    assert list(p.columns) == ["actual", "predicted", "persistence", "lower", "upper", "fold", "drift", "ets"]
    assert p.index.equals(s.index[-72:])  # round(240 * 0.3) test rows; the last block ends at the last row
    assert p["fold"].tolist() == [1] * 24 + [2] * 24 + [3] * 24
    np.testing.assert_array_equal(p["actual"], s.iloc[-72:])
    np.testing.assert_array_equal(p["persistence"], s.iloc[-73:-1])
    assert r.folds["train_rows"].tolist() == [168, 192, 216]
    for row in r.folds.itertuples():
        block = s.loc[row.start : row.end]
        by_hand = np.sqrt(np.mean((block.to_numpy() - s.shift(1).loc[block.index].to_numpy()) ** 2))
        assert row.persistence_rmse == pytest.approx(by_hand)
        err = p.loc[block.index, "predicted"] - block
        assert row.rmse == pytest.approx(np.sqrt((err**2).mean()))
    assert r.summary["skill"] == pytest.approx(1 - r.summary["rmse"] / r.summary["persistence_rmse"])


def test_each_fold_is_a_fit_on_the_rows_before_its_block():
    """Fold k's first prediction and band are what fit on the earlier rows forecasts one step beyond them."""
    s = series()
    r = backtest(s, TINY, folds=3, coverage=0.8)
    for row in r.folds.itertuples():
        alone = fit(s.iloc[: row.train_rows], dataclasses.replace(TINY, test_fraction=0.0))
        beyond = alone.forecast_beyond(coverage=0.8).iloc[0]
        first = r.predictions.loc[row.start]
        assert first["predicted"] == pytest.approx(beyond["predicted"], rel=1e-6)
        assert first["upper"] - first["predicted"] == pytest.approx(beyond["upper"] - beyond["predicted"], rel=1e-6)


@pytest.mark.parametrize("mode", ["price", "log_return", "window_ratio"])
def test_no_look_ahead_across_folds(mode):
    """Changing the values from the second row of fold 3's block on moves nothing of folds 1 and 2, nor fold 3's
    first prediction (its model and its window come from the rows before the block), and does move fold 3."""
    s = series()
    config = dataclasses.replace(TINY, target_mode=mode)
    a = backtest(s, config, folds=3)
    cut = s.index.get_loc(a.folds.loc[2, "start"]) + 1
    changed = s.copy()
    changed.iloc[cut:] *= np.linspace(1.5, 3, len(s) - cut)
    b = backtest(changed, config, folds=3)
    forecasts = ["predicted", "persistence", "lower", "upper", "fold"]
    known = a.predictions.index <= s.index[cut]  # a prediction for row cut reads rows up to cut - 1
    pd.testing.assert_frame_equal(a.predictions.loc[known, forecasts], b.predictions.loc[known, forecasts])
    pd.testing.assert_frame_equal(a.folds.iloc[:2], b.folds.iloc[:2])
    later = ~known
    assert not np.allclose(a.predictions.loc[later, "predicted"], b.predictions.loc[later, "predicted"])


def test_bands_hold_about_the_nominal_share_on_a_stationary_ar1():
    config = TrainConfig(lookback=10, hidden_size=8, epochs=4, batch_size=64, val_fraction=0.15, test_fraction=0.4)
    r = backtest(ar1(1200), config, folds=2, coverage=0.9)
    # 480 test rows: the binomial sd of the share is 0.014; conformal quantiles from ~110 and ~140 residuals add some
    assert r.summary["coverage"] == pytest.approx(0.9, abs=0.06)  # seeds 0-3 gave 0.90 to 0.94
    assert r.folds["coverage"].between(0.8, 0.99).all()
    narrow = backtest(ar1(1200), config, folds=2, coverage=0.5)
    assert narrow.summary["coverage"] == pytest.approx(0.5, abs=0.07)


def test_diebold_mariano_by_hand():
    # d_t = e_model^2 - e_base^2 alternates 0.196 +- 1: mean 0.196, N = 100. Its autocovariances about the mean are
    # gamma_k = (-1)^k (N - k) / N; its lag-1 autocorrelation -1 is clipped to -0.99, whose Andrews bandwidth
    # (1.1447 (alpha N)^(1/3), alpha = 4 rho^2 / ((1 - rho)^2 (1 + rho)^2) = 9900) is 114, capped at N - 1 = 99 lags,
    # Bartlett weights 1 - k / 100. HLN scales by sqrt((N + 1 - 2h + h(h - 1)/N) / N) = sqrt(99 / 100) at h = 1;
    # Student's t with 99 degrees of freedom.
    d = 0.196 + np.tile([1.0, -1.0], 50)
    e_model, e_base = np.sqrt(np.maximum(d, 0)), np.sqrt(np.maximum(-d, 0))
    v = 1 + 2 * sum((1 - k / 100) * (-1) ** k * (100 - k) / 100 for k in range(1, 100))
    by_hand = math.sqrt(99 / 100) * 0.196 / math.sqrt(v / 100)
    stat, p = diebold_mariano(e_model, e_base)
    assert stat == pytest.approx(by_hand)
    assert p == pytest.approx(2 * scipy.stats.t.sf(by_hand, 99))
    assert diebold_mariano(e_base, e_model) == pytest.approx((-by_hand, p))
    assert diebold_mariano(e_model, -e_model) == (0.0, 1.0)  # the same squared errors


def test_summary_dm_is_the_test_on_the_pooled_errors():
    r = backtest(series(), TINY, folds=2)
    p = r.predictions
    stat, pvalue = diebold_mariano(p["predicted"] - p["actual"], p["persistence"] - p["actual"])
    assert (r.summary["dm_stat"], r.summary["dm_pvalue"]) == (pytest.approx(stat), pytest.approx(pvalue))
    assert 0 <= pvalue <= 1 and math.isfinite(stat)


def test_same_seed_same_result_and_another_seed_another():
    a, b = backtest(series(), TINY, folds=2), backtest(series(), TINY, folds=2)
    pd.testing.assert_frame_equal(a.predictions, b.predictions)
    pd.testing.assert_frame_equal(a.folds, b.folds)
    c = backtest(series(), dataclasses.replace(TINY, seed=1), folds=2)
    assert not np.allclose(a.predictions["predicted"], c.predictions["predicted"])


def test_on_fold_false_stops_and_keeps_the_folds_done():
    seen = []

    def stop_after_two(k, done):
        seen.append((k, done["fold"].tolist()))
        return k < 2

    r = backtest(series(), TINY, folds=4, on_fold=stop_after_two)
    assert seen == [(1, [1]), (2, [1, 2])]
    assert r.folds["fold"].tolist() == [1, 2] and set(r.predictions["fold"]) == {1, 2}
    assert r.summary["rmse"] == pytest.approx(np.sqrt(((r.predictions.predicted - r.predictions.actual) ** 2).mean()))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"folds": 0}, r"folds \(0\) must be"), ({"coverage": 1.5}, r"coverage \(1.5\) must be between 0 and 1")],
)  # fmt: skip
def test_bad_arguments_name_the_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        backtest(series(), TINY, **kwargs)


def test_more_folds_than_test_rows_is_a_user_error_with_both_numbers():
    """The page's folds setting can ask for more blocks than the test part has rows: said in the user's words."""
    with pytest.raises(UserError) as e:
        backtest(series(), TINY, folds=100)
    assert (e.value.code, e.value.params) == ("backtest.folds", {"folds": 100, "rows": 72})


def test_the_time_budget_is_the_whole_backtests_not_each_folds(monkeypatch):
    """Each fold trains in what is left of config.max_seconds; once it is spent no fold starts (stopped_by)."""
    budgets, real = [], lstmviz.backtest.fit

    def slow_fit(data, config, **kw):
        budgets.append(config.max_seconds)
        result = real(data, config, **kw)
        time.sleep(0.3)  # each fold takes a while
        return result

    monkeypatch.setattr(lstmviz.backtest, "fit", slow_fit)
    r = backtest(series(), dataclasses.replace(TINY, max_seconds=60.0), folds=3)
    assert len(r.folds) == 3 and r.stopped_by is None
    assert 60 >= budgets[0] > budgets[1] + 0.3 > budgets[2] + 0.6  # the same budget, shrinking fold by fold
    budgets.clear()
    r = backtest(series(), dataclasses.replace(TINY, max_seconds=0.2), folds=3)
    assert len(r.folds) == 1 and r.stopped_by == "budget" and budgets[0] <= 0.2
