"""lstmviz.verdict: the verdict in words a student reads, the diagnosis in measured numbers, the fixes."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from lstmviz.backtest import BacktestResult
from lstmviz.config import TrainConfig
from lstmviz.significance import diebold_mariano
from lstmviz.train import fit
from lstmviz.verdict import FIXES, apply_fix, backtest_details, backtest_verdict, band_findings, diagnose, verdict


def metrics(model, persistence=1.0, moving_average=5.0, linear=6.0, pvalue=0.001):
    """A FitResult as verdict reads it: its metrics table, the model's Diebold–Mariano p against persistence."""
    rmse = {"model": model, "persistence": persistence, "moving_average": moving_average, "linear": linear}
    table = pd.DataFrame({"rmse": rmse, "dm_pvalue": {"model": pvalue, "persistence": 1.0}}).rename_axis("model")
    return SimpleNamespace(metrics=table)


def test_a_tenfold_loss_reads_as_a_ratio_not_a_percentage():
    v = verdict(metrics(281.7, 28.18, 400, 500))  # StockLSTM on the bundled S&P 500 before this change
    assert v.state == "loses" and v.ratio == pytest.approx(281.7 / 28.18)
    assert "persistence's test error is 10× smaller (RMSE 28.18 against the model's 281.7)" in v.text()
    assert "%" not in v.text() and v.baseline is None and v.fixes == ()


@pytest.mark.parametrize(
    ("model", "state", "words"),
    [
        (1.14, "loses", "persistence's test error is 12% smaller"),  # 1 - 1/1.14
        (0.8, "beats", "its test error is 20% smaller (RMSE 0.8 against 1)"),
        (0.4, "beats", "its test error is 2.5× smaller"),
        (1.002, "ties", "make the same test error"),
    ],
)
def test_small_and_large_differences(model, state, words):
    v = verdict(metrics(model))
    assert v.state == state and words in v.text()


def test_a_simpler_baseline_that_wins_is_named():
    v = verdict(metrics(3.0, 1.0, 2.5, 6.0))
    assert v.baseline == "moving_average"
    assert (
        v.findings[-1].text() == "A simpler forecast beats the model too: the moving average of the window (RMSE 2.5)."
    )


def test_divergence_suggests_a_lower_learning_rate():
    v = verdict(metrics(np.nan))
    assert v.state == "diverged" and v.fixes == ("lower_lr",) and "Lower the learning rate" in v.text()
    assert apply_fix(TrainConfig(lr=3e-3), "lower_lr").lr == pytest.approx(3e-4)
    assert set(FIXES) == {"log_return", "window_ratio", "lower_lr"}
    with pytest.raises(ValueError, match=r"fix \('bigger'\) must be one of"):
        apply_fix(TrainConfig(), "bigger")


def test_a_constant_series_gives_no_infinite_percentage():
    s = pd.Series(3.0, index=pd.date_range("2024-01-01", periods=120))
    r = fit(s, TrainConfig(lookback=8, hidden_size=4, epochs=2))
    assert r.metrics.loc["persistence", "rmse"] == 0
    v = verdict(r)
    assert v.state == "loses" and v.ratio is None
    assert v.text().startswith("Persistence is exact on this test (the values never change)")
    assert "inf" not in v.text()
    assert verdict(metrics(0.0, 0.0)).state == "ties"
    assert verdict(SimpleNamespace(metrics=r.metrics.iloc[:0])).state == "no_test"


def result(train, test_actual, test_predicted, mode="price"):
    """A FitResult's predictions and config, as diagnose reads them."""
    actual = np.r_[train, test_actual]
    predicted = np.r_[np.full(len(train), np.nan), test_predicted]
    split = ["train"] * len(train) + ["test"] * len(test_actual)
    p = pd.DataFrame({"actual": actual, "predicted": predicted, "split": split})
    return SimpleNamespace(predictions=p, config=TrainConfig(target_mode=mode))


def test_saturation_measured_by_hand():
    train = np.arange(10.0)  # 0 .. 9
    test = np.r_[8.0, 9.0, 12.0, 14.0, 16.0]  # three of five above the training maximum
    flat = np.r_[8.0, 8.9, 9.0, 9.1, 9.2]  # stuck near 9 there: 0.1 for every 2
    d = diagnose(result(train, test, flat))
    assert (d.outside_share, d.train_min, d.train_max) == (0.6, 0.0, 9.0)
    assert d.slope == pytest.approx(0.05) and d.saturated
    assert d.fixes[0] == "window_ratio"
    assert "60% of the test values lie outside the range the model was trained on (0 to 9)" in d.text()
    assert "they move 0.05 for every 1" in d.text()
    following = diagnose(result(train, test, test + 0.3))
    assert following.slope == pytest.approx(1.0) and not following.saturated


def test_a_forecast_that_repeats_the_previous_value_is_caught():
    rng = np.random.default_rng(0)
    walk = np.cumsum(rng.normal(size=80)) + 50
    train, test = walk[:60], walk[60:]
    previous = walk[59:-1]
    d = diagnose(result(train, test, previous, mode="log_return"))
    assert d.corr_lag == pytest.approx(1.0) and d.corr_now < d.corr_lag and d.step == 0 and d.lags
    assert d.corr_now == pytest.approx(np.corrcoef(previous, test)[0, 1])
    assert d.fixes == ("window_ratio",)  # log returns are already in use
    assert "correlation 1.000 with the step before" in d.text() and "only 0.00 times as far" in d.text()
    assert "a tie is the expected result" in d.findings[-1].text()
    halfway = previous + 0.5 * (test - previous)  # a forecast that moves half of each step
    assert diagnose(result(train, test, halfway)).step == pytest.approx(0.5)
    assert not diagnose(result(train, test, previous - 3 * (test - previous))).lags  # far from the last value


def test_a_real_trend_saturates_the_price_model():
    s = pd.Series(np.linspace(10, 100, 200) + np.sin(np.arange(200)), index=pd.date_range("2024-01-01", periods=200))
    r = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=5))
    assert verdict(r).state == "loses"
    d = diagnose(r)
    assert d.outside_share == 1.0 and d.saturated and d.fixes == ("window_ratio", "log_return")


def backtest_result(rmse, persistence, pvalue, coverage=0.88):
    summary = {"rmse": rmse, "persistence_rmse": persistence, "skill": 1 - rmse / persistence, "dm_stat": 0.0,
               "dm_pvalue": pvalue, "coverage": coverage}  # fmt: skip
    return BacktestResult(pd.DataFrame(), pd.DataFrame({"fold": [1, 2, 3, 4]}), summary, 0.9, TrainConfig())


def test_backtest_verdict_in_words():
    ratio, luck, held = backtest_verdict(backtest_result(0.9, 1.0, 0.41))
    assert ratio.text() == "Over 4 folds the model's error is 10% smaller than persistence's (RMSE 0.9 against 1)."
    assert luck.text() == ("The model's errors are not significantly different from persistence's (Diebold–Mariano "
                           "p = 0.41): a difference this size could be luck.")  # fmt: skip
    assert held.text() == "The 90% bands held 88% of the actual values."
    win = backtest_verdict(backtest_result(0.5, 1.0, 0.012))
    assert (
        "the model's error is 2× smaller" in win[0].text()
        and "significant (Diebold–Mariano p = 0.012)" in win[1].text()
    )
    loss = backtest_verdict(backtest_result(3.0, 1.0, 1e-300))
    assert loss[0].text().startswith("Over 4 folds persistence's error is 3× smaller than the model's")
    assert "p < 0.001" in loss[1].text()  # not "p = 0"


def test_band_captions_give_the_width_and_the_measured_coverage():
    s = pd.Series(np.sin(np.arange(200) / 4), index=pd.date_range("2024-01-01", periods=200))
    r = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=3, horizon=3))
    width, held, further = band_findings(r, 0.8)
    assert width.params == {"q": pytest.approx(r.halfwidth(0.8)[0]), "c": 80}
    assert (
        width.text().startswith("The shaded band is ±") and "80% of the errors on the validation split" in width.text()
    )
    assert held.params["got"] == pytest.approx(100 * r.test_coverage(0.8))
    assert further.text() == f"3 steps ahead the band is ±{r.halfwidth(0.8)[-1]:.4g}."
    short = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=1, val_fraction=0.03))  # 6 val windows
    assert (
        band_findings(short, 0.9)[0].text()
        == "No interval: the validation split has too few windows (6) for a 90% band."
    )


def test_a_loss_neither_saturation_nor_a_lag_explains_still_gives_the_numbers_and_the_fixes():
    rng = np.random.default_rng(1)
    train, test = np.arange(60.0), np.arange(60.0, 20.0, -2.0)  # the test falls back inside the training range
    noisy = test + rng.normal(scale=8.0, size=len(test))  # follows the actual, badly
    d = diagnose(result(train, test, noisy))
    assert not d.saturated and not d.lags
    assert d.fixes == ("window_ratio", "log_return")
    assert d.text().startswith("Measured on the test: 5% of its values lie outside the range the model was trained on")
    assert f"correlate {d.corr_now:.3f} with the value they forecast and {d.corr_lag:.3f}" in d.text()


@pytest.mark.parametrize(("model", "pvalue"), [(0.99, 0.56), (1.01, 0.85), (0.4, 0.05), (3.0, 0.2), (0.8, np.nan)])
def test_no_beats_or_loses_without_significance(model, pvalue):
    """VIX in the issue: a 1% smaller error at p 0.56 is a tie, said with its size and its p."""
    v = verdict(metrics(model, pvalue=pvalue))
    assert v.state == "ties"
    assert "But that is no difference this test can tell from chance" in v.text()
    assert "beats persistence" not in v.text() and "does not beat" not in v.text()
    if model == 0.99:
        assert v.text().startswith("The model's test error is 1% smaller than that of persistence (tomorrow = "
                                   "today): RMSE 0.99 against 1. But that is no difference this test can tell from "
                                   "chance (Diebold–Mariano p = 0.56).")  # fmt: skip
    if model == 3.0:
        assert v.text().startswith("The test error of persistence (tomorrow = today) is 3× smaller than the model's")
    assert verdict(metrics(model, pvalue=0.049)).state == ("beats" if model < 1 else "loses")


def test_a_significant_difference_gives_its_p():
    v = verdict(metrics(0.8, pvalue=0.012))
    assert v.state == "beats" and v.findings[1].text() == (
        "The Diebold–Mariano test on the test errors gives p = 0.012: a difference this size is hardly chance."
    )
    assert "p < 0.001" in verdict(metrics(3.0, pvalue=1e-9)).findings[1].text()


def test_the_fit_verdict_tests_the_test_errors_by_hand():
    s = pd.Series(np.linspace(10, 100, 200) + np.sin(np.arange(200)), index=pd.date_range("2024-01-01", periods=200))
    r = fit(s, TrainConfig(lookback=10, hidden_size=8, epochs=5))
    test = r.predictions[r.predictions["split"] == "test"]
    previous = s.shift(1).loc[test.index]
    _, p = diebold_mariano(test["predicted"] - test["actual"], previous - test["actual"])
    assert r.metrics.loc["model", "dm_pvalue"] == pytest.approx(p)
    assert r.metrics.loc["persistence", "dm_pvalue"] == 1.0
    for name in ("drift", "ets"):  # each baseline's own test against persistence
        assert 0 <= r.metrics.loc[name, "dm_pvalue"] <= 1
    assert verdict(r).state == ("loses" if p < 0.05 else "ties")


def test_backtest_details_in_words():
    r = backtest_result(0.9, 1.0, 0.41)
    folds = pd.DataFrame({"fold": [1, 2, 3, 4], "coverage": [0.9, 0.72, 0.88, 0.95],
                          "dm_pvalue": [0.01, 0.3, 0.04, 0.5]})  # fmt: skip
    summary = dict(r.summary, drift_rmse=1.01, ets_rmse=1.002, winkler=4.25, width=3.5)
    baselines, held, score, told = backtest_details(dataclasses.replace(r, folds=folds, summary=summary))
    assert baselines.text() == ("Stronger baselines, fit on each fold's training rows: the random walk with drift has "
                                "RMSE 1.01, exponential smoothing (ETS) 1.002, the model 0.9.")  # fmt: skip
    assert held.text() == "Fold by fold the bands held 90%, 72%, 88%, 95% of the actual values; the fewest in fold 2."
    assert "is 4.25; their mean width 3.5." in score.text()
    assert told.text().endswith("(p < 0.05) in 2 of 4 folds.")
