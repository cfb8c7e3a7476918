"""lstmviz.ets, lstmviz.evaluation and what the backtest reports with them: drift and ETS, the interval score,
per-fold scores, every horizon step, the recent-window band; each against a hand computation or statsmodels."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.holtwinters import SimpleExpSmoothing

from lstmviz import ets
from lstmviz.backtest import backtest
from lstmviz.baselines import naive_scale
from lstmviz.evaluation import seed_spread, winkler
from lstmviz.figures.backtest import skill_band
from lstmviz.intervals import halfwidth, recent_halfwidth
from lstmviz.prepare import Prepared
from lstmviz.train import TrainConfig, fit
from lstmviz.verdict import seed_findings

TINY = TrainConfig(lookback=8, hidden_size=6, epochs=3, batch_size=32, test_fraction=0.3)


def walk(n=300, seed=0):
    return 100 + np.cumsum(np.random.default_rng(seed).normal(0.2, 1, size=n))


def test_drift_is_the_last_value_plus_the_mean_training_step():
    y = np.array([1.0, 3.0, 4.0, 8.0, 5.0, 6.0])
    f = ets.drift(y, 4)  # c = (8 - 1) / 3
    np.testing.assert_allclose(f, [np.nan, 1 + 7 / 3, 3 + 7 / 3, 4 + 7 / 3, 8 + 7 / 3, 5 + 7 / 3])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ets_fits_as_statsmodels_on_the_training_rows_then_runs_the_same_recursion_with_fixed_parameters(seed):
    rng = np.random.default_rng(seed)
    y = [walk(seed=seed), 5 + np.sin(np.arange(300) / 5) + rng.normal(0, 0.3, 300), np.cumsum(rng.normal(size=300))
         * 0.1 + rng.normal(size=300)][seed]  # fmt: skip
    f = ets.ets(y, 200)
    trained = SimpleExpSmoothing(y[:200], initialization_method="estimated").fit()
    alpha, level = ets.ets_parameters(y[:200])
    assert alpha == pytest.approx(trained.params["smoothing_level"], abs=1e-4)
    assert np.sum((y[:200] - f[:200]) ** 2) <= trained.sse * (1 + 1e-9)  # least squares: as low as statsmodels'
    fixed = SimpleExpSmoothing(y, initialization_method="known", initial_level=level).fit(
        smoothing_level=alpha, optimized=False
    )
    np.testing.assert_allclose(f, fixed.fittedvalues, rtol=1e-12)  # run on through val and test, not refit
    changed = y.copy()
    changed[250:] += 50
    np.testing.assert_array_equal(ets.ets(changed, 200)[:251], f[:251])  # f[t] reads rows before t only
    assert ets.ets_parameters(np.full(10, 3.0)) == (1.0, 3.0)


def test_the_interval_score_by_hand():
    actual = np.array([1.0, 5.0, -2.0, 0.5])
    lower, upper = np.array([0.0, 0.0, 0.0, np.nan]), np.array([2.0, 4.0, 1.0, np.nan])
    # widths 2, 4, 1; misses: row 2 above by 1, row 3 below by 2; 2/alpha = 20 at 90 %
    assert winkler(actual, lower, upper, 0.9) == pytest.approx((2 + (4 + 20 * 1) + (1 + 20 * 2)) / 3)
    assert np.isnan(winkler(actual, np.full(4, np.nan), np.full(4, np.nan), 0.9))


def test_the_recent_window_band_slides_over_the_errors_seen():
    calibration = np.array([1.0, -2.0, 3.0, -4.0])
    errors = np.array([10.0, -0.5, 0.1, 7.0])
    q = recent_halfwidth(calibration, errors, 0.5)  # rank ceil(5 * 0.5) = 3 of the last 4 |errors|
    assert q[0] == halfwidth(calibration[:, None], 0.5)[0] == 3.0  # split-conformal's, before any new error
    assert q.tolist() == [3.0, 4.0, 4.0, 4.0]  # 3rd smallest of {2,3,4,10}, {3,4,10,0.5}, {4,10,0.5,0.1}
    two = recent_halfwidth(calibration, errors, 0.5, steps=2)  # made 2 rows before: one error fewer is known
    assert two.tolist() == [3.0, 3.0, 4.0, 4.0]  # {1,2,3,4}, {1,2,3,4}, {2,3,4,10}, {3,4,10,0.5}
    later = errors.copy()
    later[-1] = 1e6
    np.testing.assert_array_equal(recent_halfwidth(calibration, later, 0.5), q)  # a row's own error never used
    np.testing.assert_array_equal(recent_halfwidth(calibration, later, 0.5, steps=2), two)


@pytest.fixture(scope="module")
def walked():
    s = pd.Series(walk(), index=pd.date_range("2020-01-01", periods=300), name="price")
    config = dataclasses.replace(TINY, horizon=3)
    return s, config, backtest(s, config, folds=3)


def test_each_fold_scores_by_hand(walked):
    s, config, r = walked
    p = r.predictions
    for row in r.folds.itertuples():
        block = p[p["fold"] == row.fold]
        y, f = block["actual"].to_numpy(), block["predicted"].to_numpy()
        alone = fit(s.iloc[: row.train_rows], dataclasses.replace(config, test_fraction=0.0))
        train_end = alone.split.val_start  # the fold's training rows: what its scaler, drift and ETS are fit on
        values = s.to_numpy()
        at = np.flatnonzero(s.index.isin(block.index))
        c = (values[train_end - 1] - values[0]) / (train_end - 1)
        np.testing.assert_allclose(block["drift"], values[at - 1] + c)
        np.testing.assert_allclose(block["ets"], ets.ets(values, train_end)[at])
        assert row.drift_rmse == pytest.approx(np.sqrt(np.mean((values[at - 1] + c - y) ** 2)))
        scale = np.mean(np.abs(np.diff(values[:train_end])))
        assert scale == naive_scale(values[:train_end])
        assert row.mase == pytest.approx(np.mean(np.abs(f - y)) / scale)
        prev = values[at - 1]
        assert row.direction == pytest.approx(np.mean(np.sign(f - prev) == np.sign(y - prev)))
        width = block["upper"] - block["lower"]
        assert row.width == pytest.approx(width.mean())
        assert row.winkler == pytest.approx(winkler(y, block["lower"].to_numpy(), block["upper"].to_numpy(), 0.9))
        assert 0 <= row.dm_pvalue <= 1
    assert r.summary["ets_rmse"] == pytest.approx(np.sqrt(np.mean((p["ets"] - p["actual"]) ** 2)))
    assert r.summary["drift_rmse"] == pytest.approx(np.sqrt(np.mean((p["drift"] - p["actual"]) ** 2)))


def test_every_horizon_step_is_scored_against_persistence_that_many_rows_before(walked):
    s, config, r = walked
    assert r.by_step["step"].tolist() == [1, 2, 3]
    first = r.by_step.iloc[0]
    assert first["rmse"] == pytest.approx(r.summary["rmse"]) and first["coverage"] == pytest.approx(
        r.summary["coverage"]
    )
    y = s.to_numpy()
    at = np.flatnonzero(s.index.isin(r.predictions.index))
    for step in (1, 2, 3):
        row = r.by_step.iloc[step - 1]
        assert row["persistence_rmse"] == pytest.approx(np.sqrt(np.mean((y[at] - y[at - step]) ** 2)))
    # by hand: each fold's model (a fit on the rows before its block), one origin at a time, the forecast of row t
    # made at t - step, read through the fold's own scaler
    whole = Prepared.of(s, config, None)
    errors = {1: [], 2: [], 3: []}
    for fold in r.folds.itertuples():
        alone = fit(s.iloc[: fold.train_rows], dataclasses.replace(config, test_fraction=0.0))
        prepared = dataclasses.replace(whole, scaler=alone.scaler)
        for t in range(s.index.get_loc(fold.start), s.index.get_loc(fold.end) + 1):
            for step in (1, 2, 3):
                forecast = prepared.predict(alone.model, np.array([t - step]), 3)[0, step - 1]
                errors[step].append(forecast - y[t])
    for step, e in errors.items():
        assert r.by_step.iloc[step - 1]["rmse"] == pytest.approx(np.sqrt(np.mean(np.square(e))), rel=1e-6)


def test_the_recent_band_option(walked):
    s, config, r = walked
    recent = backtest(s, config, folds=3, conformal="recent")
    assert recent.conformal == "recent"
    pd.testing.assert_series_equal(recent.predictions["predicted"], r.predictions["predicted"])
    first = recent.predictions.groupby("fold").head(1)  # each block's first band is split-conformal's
    np.testing.assert_allclose(first["upper"] - first["predicted"], r.predictions.groupby("fold").head(1)["upper"]
                               - r.predictions.groupby("fold").head(1)["predicted"])  # fmt: skip
    assert not np.allclose(recent.predictions["upper"], r.predictions["upper"])
    assert recent.by_step.loc[0, "coverage"] == recent.summary["coverage"]  # step 1's bands are the same bands
    with pytest.raises(ValueError, match=r"conformal \('adaptive'\) must be one of split, recent"):
        backtest(s, config, folds=3, conformal="adaptive")


def test_the_seed_spread_by_hand():
    def result(*skills):
        return SimpleNamespace(folds=pd.DataFrame({"skill": skills}))

    spread = seed_spread([result(0.1, -0.2, 0.0), result(0.3, -0.1), result(-0.05, -0.4, 0.2)])
    assert spread["fold"].tolist() == [1, 2] and spread["seeds"].tolist() == [3, 3]  # the folds all three did
    np.testing.assert_allclose(spread["skill_min"], [-0.05, -0.4])
    np.testing.assert_allclose(spread["skill_median"], [0.1, -0.2])
    np.testing.assert_allclose(spread["skill_max"], [0.3, -0.1])
    assert seed_spread([result(0.1)]) is None
    (said,) = seed_findings(spread)
    assert said.text().startswith("Over 3 seeds the skill of a fold moved by up to 0.350 (fold 1: -0.050 to 0.300)")
    fig = skill_band(spread)
    assert [trace.name for trace in fig.data] == [None, "3 seeds: lowest to highest", "median skill"]
    assert list(fig.data[-1].y) == [0.1, -0.2]


def test_a_log_return_folds_training_rows_count_the_first_price():
    """In "log_return" mode a fold's training rows are its model rows' training split plus the first price (the
    return into data row 1 needs data row 0): drift, ETS and MASE's scale are fit on exactly those data rows."""
    s = pd.Series(walk(), index=pd.date_range("2020-01-01", periods=300), name="price")
    config = dataclasses.replace(TINY, horizon=2, target_mode="log_return")
    r = backtest(s, config, folds=2)
    values = s.to_numpy()
    for row in r.folds.itertuples():
        block = r.predictions[r.predictions["fold"] == row.fold]
        alone = fit(s.iloc[: row.train_rows], dataclasses.replace(config, test_fraction=0.0))
        train_end = alone.split.val_start + 1  # the model's training returns, and the price before the first
        at = np.flatnonzero(s.index.isin(block.index))
        c = (values[train_end - 1] - values[0]) / (train_end - 1)  # the mean training step
        np.testing.assert_allclose(block["drift"], values[at - 1] + c)
        np.testing.assert_allclose(block["ets"], ets.ets(values, train_end)[at])
        f, y = block["predicted"].to_numpy(), block["actual"].to_numpy()
        assert row.mase == pytest.approx(np.mean(np.abs(f - y)) / naive_scale(values[:train_end]))
