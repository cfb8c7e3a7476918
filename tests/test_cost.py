"""A request's memory, known from its shapes before it starts (lstmviz.cost), and the budget over the whole fit.

Each case was fed to the code before issue 20 first: the heaviest settings a link can set and a wide CSV with every
column as a feature ran (2.65 GB on the server, 6.7 GB in fit); the windows took windows x lookback x columns
float64 and float32; the final predictions ran past the budget.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import torch

from devtools.devserver import ROOT
from lstmviz import cost, prepare
from lstmviz.budget import Deadline
from lstmviz.config import LABELS, TrainConfig
from lstmviz.data.samples import load_sample
from lstmviz.errors import Text, UserError
from lstmviz.forecaster import build_model
from lstmviz.train import fit
from tests.modelfiles import peak_growth_mb

HEAVIEST = TrainConfig(lookback=250, hidden_size=128, num_layers=3, batch_size=128, max_mb=cost.DEFAULT_MAX_MB)


def wide(rows: int, columns: int) -> pd.DataFrame:
    values = np.random.default_rng(0).standard_normal((rows, columns)).cumsum(axis=0) + 100
    return pd.DataFrame(values, columns=[f"c{j}" for j in range(columns)])


def test_the_heaviest_link_settings_are_refused_before_the_data_is_copied(monkeypatch):
    """Was: lookback 250, 128 units, 3 layers, batch 128 on all 5,031 sample rows trained, far past its budget."""
    data = load_sample("sp500")["Close"]

    def no_copy(*args, **kwargs):
        raise AssertionError("the data was copied before the cost was checked")

    monkeypatch.setattr(pd.DataFrame, "astype", no_copy)
    with pytest.raises(UserError) as e:
        fit(data, HEAVIEST)
    assert e.value.code == "cost.memory"
    assert e.value.params["setting"] == LABELS["batch_size"] and e.value.params["most"] == cost.DEFAULT_MAX_MB
    assert e.value.params["mb"] == pytest.approx(cost.estimate(HEAVIEST, len(data), 1).total / cost.MB)


def test_a_wide_csv_with_every_column_a_feature_is_refused_naming_what_to_lower():
    """Was: 300 columns x 5,000 rows, all features, lookback 250: one fit took 6.7 GB."""
    frame = wide(5000, 300)
    config = TrainConfig(lookback=250, hidden_size=64, features=tuple(frame.columns[1:]), max_mb=cost.DEFAULT_MAX_MB)
    with pytest.raises(UserError) as e:
        fit(frame, config, target="c0")
    assert e.value.code == "cost.memory" and e.value.params["setting"] == LABELS["lookback"]
    lower = dataclasses.replace(config, lookback=20)  # what the message asks for is enough here
    assert cost.check(lower, len(frame), 300).total <= cost.DEFAULT_MAX_MB * cost.MB
    fewer = dataclasses.replace(config, features=tuple(frame.columns[1:]), lookback=20, max_mb=30.0)
    with pytest.raises(UserError) as e:  # the rows' part is the largest: fewer features
        cost.check(fewer, len(frame), 300)
    assert e.value.params["setting"] == Text("Extra input features")


def test_without_a_cap_nothing_is_refused():
    assert cost.check(dataclasses.replace(HEAVIEST, max_mb=None), 5031, 1).total > 400 * cost.MB


def test_server_max_mb_reads_the_environment():
    assert cost.server_max_mb({}) == cost.DEFAULT_MAX_MB
    assert cost.server_max_mb({cost.ENV: "350"}) == 350.0
    assert cost.server_max_mb({cost.ENV: "0"}) is None and cost.server_max_mb({cost.ENV: "none"}) is None
    with pytest.raises(ValueError, match=cost.ENV):
        cost.server_max_mb({cost.ENV: "lots"})


NEAR_PEAK = TrainConfig(lookback=120, hidden_size=64, num_layers=2, batch_size=64, epochs=1, patience=0,
                        features=("c1", "c2", "c3"))  # fmt: skip


def _near_peak_growth() -> float | None:
    """One fit's peak RSS growth at NEAR_PEAK, after a warm-up fit (torch's one-time buffers not counted)."""
    data = wide(1500, 4)
    fit(data, dataclasses.replace(NEAR_PEAK, lookback=10, hidden_size=8, num_layers=1), target="c0")  # warm-up
    result, growth = peak_growth_mb(lambda: fit(data, NEAR_PEAK, target="c0"))
    assert not isinstance(result, Exception), result
    return growth


def test_the_estimate_is_near_the_measured_peak():
    """The estimate against the peak RSS of one fit: within a factor the cap can rely on. Measured in a fresh
    process: in this one, heap that earlier tests freed and the allocator kept would hide part of the growth."""
    code = "import json; from tests.test_cost import _near_peak_growth; print(json.dumps(_near_peak_growth()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    growth = json.loads(out.stdout.strip().splitlines()[-1])
    if growth is None:
        pytest.skip("no /proc/self/clear_refs here")
    estimate = cost.estimate(NEAR_PEAK, 1500, 4).total / cost.MB
    assert 0.5 * estimate <= growth <= 1.3 * estimate, (growth, estimate)


def test_memory_grows_with_rows_not_with_windows_times_lookback():
    """Was: every window built at once, float64 then float32: 5,000 rows x 20 columns at lookback 250 is 300 MB of
    windows. Gathered a batch at a time from the scaled rows, the run holds the rows and one batch."""
    data = wide(5000, 20)
    config = TrainConfig(lookback=250, hidden_size=4, epochs=1, batch_size=64, patience=0, max_seconds=3.0,
                         features=tuple(data.columns[1:]))  # fmt: skip
    fit(data.iloc[:600], dataclasses.replace(config, lookback=10), target="c0")  # warm-up
    result, growth = peak_growth_mb(lambda: fit(data, config, target="c0"))
    assert not isinstance(result, Exception), result
    if growth is None:
        pytest.skip("no /proc/self/clear_refs here")
    assert growth < 150, f"memory rose {growth:.0f} MB"


def test_gathered_windows_are_the_sliding_windows():
    """targets.Windows.gather against numpy's sliding_window_view of the scaled rows, in every mode."""
    data = wide(300, 3).abs()
    for mode in ("price", "log_return", "window_ratio"):
        config = TrainConfig(lookback=7, horizon=3, target_mode=mode, features=("c1", "c2"))
        p = prepare.Prepared.of(data, config, "c0")
        windows = p.batches("train")
        sel = np.array([5, 0, 41, 7])
        X, Y = windows.gather(sel)
        t = windows.starts[sel]
        scaled = p.scaler.transform(p.values)
        view = np.lib.stride_tricks.sliding_window_view(scaled, 7, axis=0)[t - 6].transpose(0, 2, 1)  # (B, W, D)
        target = scaled[t[:, None] + np.arange(1, 4), 0]  # (B, K)
        if mode == "window_ratio":
            y = p.values[:, 0]
            view[:, :, 0] = (y[t[:, None] + np.arange(-6, 1)] / y[t][:, None] - 1 - p.scaler.mean[0]) / p.scaler.std[0]
            target = (y[t[:, None] + np.arange(1, 4)] / y[t][:, None] - 1 - p.scaler.mean[0]) / p.scaler.std[0]
        np.testing.assert_array_equal(X, view.astype(np.float32))
        np.testing.assert_array_equal(Y, target.astype(np.float32))


def test_a_cut_prediction_pass_runs_latest_first_and_says_what_it_covers():
    """Was: the final predictions over every window ran after the budget, unbounded. Now the last chunk runs, the
    earlier ones only while the budget lasts, and FitResult.predicted_from says where the predictions start."""
    config = TrainConfig(lookback=20, hidden_size=8)
    p = prepare.Prepared.of(wide(2000, 1), config, "c0")
    model = build_model(config, 1, seed=0)
    windows = p.batches("train")
    z = prepare.forward_latest(model, windows, Deadline(1e-9))
    last = len(windows) - (len(windows) - 1) % prepare.EVAL_BATCH - 1  # the last chunk's first window
    assert np.isnan(z[:last]).all() and not np.isnan(z[last:]).any()
    with torch.no_grad():
        X, _ = windows.gather(slice(last, None))
        np.testing.assert_array_equal(z[last:], model.eval()(torch.from_numpy(X)).double().numpy())

    r = fit(
        wide(3000, 1), TrainConfig(lookback=20, hidden_size=8, epochs=50, patience=0, max_seconds=1e-3), target="c0"
    )
    predicted = r.predictions["predicted"]
    assert r.stopped_by == "budget" and r.predicted_from is not None
    assert predicted.loc[: r.predicted_from].iloc[:-1].isna().all() and predicted.loc[r.predicted_from :].notna().all()
    assert np.isfinite(r.metrics.loc["model", "rmse"])  # the test rows come first


def test_an_uncut_fit_predicts_every_row():
    r = fit(wide(300, 1), TrainConfig(lookback=10, hidden_size=8, epochs=2), target="c0")
    assert r.predicted_from is None and r.predictions["predicted"].iloc[10:].notna().all()
