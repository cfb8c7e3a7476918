"""Naive forecasts every model must beat, and the error metrics they are compared on.

Each baseline sees the same window the model sees: the last W values (W = lookback) up to the
origin, in original units, and forecasts the next value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lstmviz.significance import diebold_mariano

METRICS = ("rmse", "mae", "mase", "mape", "directional_accuracy", "up_share", "dm_pvalue")


def persistence(windows: np.ndarray) -> np.ndarray:
    """Tomorrow equals today: the window's last value. windows (N, W) -> (N,)."""
    return windows[:, -1]


def moving_average(windows: np.ndarray) -> np.ndarray:
    """The mean of the window. windows (N, W) -> (N,)."""
    return windows.mean(axis=1)


def linear(windows: np.ndarray) -> np.ndarray:
    """A least-squares line through the window, extended one step. windows (N, W) -> (N,)."""
    W = windows.shape[1]
    k = np.arange(W) - (W - 1) / 2  # centred step numbers, so the intercept is the window mean
    slope = (windows * k).sum(axis=1) / (k**2).sum()
    return windows.mean(axis=1) + slope * (W + 1) / 2  # step W sits (W + 1) / 2 after the centre


BASELINES = {"persistence": persistence, "moving_average": moving_average, "linear": linear}
NAMES = {
    "model": "this model", "persistence": "persistence (last value)",
    "moving_average": "moving average of the window", "linear": "linear trend of the window",
    "drift": "random walk with drift", "ets": "exponential smoothing (ETS)",
}  # each metrics row in words  # fmt: skip


def crosses_zero(values: np.ndarray) -> bool:
    """Whether the values are not all of one sign: there a percentage error (MAPE) means nothing."""
    return bool(np.min(values) <= 0 <= np.max(values))


def scores(actual: np.ndarray, predicted: np.ndarray, previous: np.ndarray, scale: float = np.nan) -> dict[str, float]:
    """Errors of `predicted` (N,) against `actual` (N,), `previous` (N,) being the value known at each origin.

    rmse; mae; mase = mae / `scale` (Hyndman and Koehler 2006: the scale is persistence's mean absolute
    error over the training rows, so below 1 beats what tomorrow = today did there); mape in % (NaN where
    actual and previous values cross zero: a percentage of a value near 0 explodes); directional accuracy
    (the share of steps where the forecast moves from `previous` the way the actual value did; a flat
    forecast never scores) and its base rate up_share (the share of steps where the actual went up: a
    forecast that always says "up" scores that); dm_pvalue, the Diebold–Mariano p of these errors against
    persistence's (lstmviz.significance).
    """
    err = predicted - actual
    meaningless = crosses_zero(np.concatenate([actual, previous]))
    mape = np.nan if meaningless else 100 * np.mean(np.abs(err / actual))
    direction = np.sign(predicted - previous) == np.sign(actual - previous)
    mae = float(np.mean(np.abs(err)))
    return {
        "rmse": float(np.sqrt(np.mean(err**2))),
        "mae": mae,
        "mase": mae / scale if scale > 0 else np.nan,
        "mape": float(mape),
        "directional_accuracy": float(np.mean(direction)),
        "up_share": float(np.mean(actual > previous)),
        "dm_pvalue": diebold_mariano(err, previous - actual)[1],
    }


def naive_scale(train: np.ndarray) -> float:
    """MASE's scale: persistence's mean absolute one-step error over the training values (n,)."""
    return float(np.mean(np.abs(np.diff(train)))) if len(train) > 1 else np.nan


def metrics_table(
    model_name: str, predicted: np.ndarray, actual: np.ndarray, windows: np.ndarray, scale: float = np.nan,
    fitted: Mapping[str, np.ndarray] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """One row per model: `model_name` with its `predicted` (N,), then each baseline on the same windows (N, W),
    then each of `fitted` (name: its forecasts (N,) of the same values, e.g. lstmviz.ets's).

    `scale`: MASE's denominator (naive_scale of the training values); NaN leaves MASE out.
    """
    previous = windows[:, -1]
    rows = {model_name: scores(actual, predicted, previous, scale)}
    for name, fn in BASELINES.items():
        rows[name] = scores(actual, fn(windows), previous, scale)
    for name, forecasts in (fitted or {}).items():
        rows[name] = scores(actual, forecasts, previous, scale)
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(METRICS)).rename_axis("model")
