"""Naive forecasts every model must beat, and the error metrics they are compared on.

Each baseline sees the same window the model sees: the last L values (L = lookback) up to the
origin, in original units, and forecasts the next value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

METRICS = ("rmse", "mae", "mape", "directional_accuracy")


def persistence(windows: np.ndarray) -> np.ndarray:
    """Tomorrow equals today: the window's last value. windows (N, L) -> (N,)."""
    return windows[:, -1]


def moving_average(windows: np.ndarray) -> np.ndarray:
    """The mean of the window. windows (N, L) -> (N,)."""
    return windows.mean(axis=1)


def linear(windows: np.ndarray) -> np.ndarray:
    """A least-squares line through the window, extended one step. windows (N, L) -> (N,)."""
    L = windows.shape[1]
    k = np.arange(L) - (L - 1) / 2  # centred step numbers, so the intercept is the window mean
    slope = (windows * k).sum(axis=1) / (k**2).sum()
    return windows.mean(axis=1) + slope * (L + 1) / 2  # step L sits (L + 1) / 2 after the centre


BASELINES = {"persistence": persistence, "moving_average": moving_average, "linear": linear}


def scores(actual: np.ndarray, predicted: np.ndarray, previous: np.ndarray) -> dict[str, float]:
    """rmse, mae, mape (in %, over nonzero actuals) and directional accuracy (share of steps where the
    forecast moves from `previous` the way the actual value did; a flat forecast never scores)."""
    err = predicted - actual
    nonzero = actual != 0
    mape = 100 * np.mean(np.abs(err[nonzero] / actual[nonzero])) if nonzero.any() else np.nan
    direction = np.sign(predicted - previous) == np.sign(actual - previous)
    return {
        "rmse": float(np.sqrt(np.mean(err**2))),
        "mae": float(np.mean(np.abs(err))),
        "mape": float(mape),
        "directional_accuracy": float(np.mean(direction)),
    }


def metrics_table(model_name: str, predicted: np.ndarray, actual: np.ndarray, windows: np.ndarray) -> pd.DataFrame:
    """One row per model: `model_name` with its `predicted` (N,), then each baseline on the same windows (N, L)."""
    previous = windows[:, -1]
    rows = {model_name: scores(actual, predicted, previous)}
    for name, fn in BASELINES.items():
        rows[name] = scores(actual, fn(windows), previous)
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(METRICS)).rename_axis("model")
