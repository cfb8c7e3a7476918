"""Baselines fit on the training rows and then run one step ahead with fixed parameters: drift and ETS.

Letters: n rows of the target y, n_train the training rows (fit on y[:n_train] only).
Each returns f (n,): f[t] the forecast of y[t] made at t - 1 from y[:t] alone, so a forecast never
reads the value it forecasts, and what a baseline learned from data comes from the training rows alone.
- drift: the random walk with drift, f[t] = y[t-1] + c with c = (y[n_train-1] - y[0]) / (n_train - 1), the mean
  training step; f[0] NaN (no value before it).
- ets: simple exponential smoothing, ETS(A,N,N): level l_t = α y_t + (1 - α) l_{t-1}, f[t] = l_{t-1}; α and the
  initial level l_{-1} = f[0] fit by least squares on the training rows (as statsmodels' SimpleExpSmoothing
  does: tests/test_evaluation.py holds them against it), then the level updated through every later row with
  them fixed (the same recursion statsmodels runs on the training rows).
"""

from __future__ import annotations

import numpy as np


def drift(y: np.ndarray, n_train: int) -> np.ndarray:
    """The random walk with drift's one-step forecasts f (n,) (see the module docstring)."""
    c = (y[n_train - 1] - y[0]) / (n_train - 1) if n_train > 1 else 0.0
    return np.r_[np.nan, y[:-1] + c]


GRID = 129  # smoothing levels tried per pass, the best one's neighbourhood refined in each of PASSES passes
PASSES = 3  # the third pass steps α by 4 / 128³ ≈ 2e-6


def ets_parameters(train: np.ndarray) -> tuple[float, float]:
    """(α, l_{-1}) of simple exponential smoothing on the training values (n_train,): least squares of the one-step
    errors, as statsmodels' SimpleExpSmoothing(initialization_method="estimated") estimates them (the tests hold
    the two against each other; statsmodels in the server costs more memory than it has: bench/README.md).

    For a given α the forecast f_t = w_t l_{-1} + c_t is linear in l_{-1} (w_t = (1 - α)^t, c_t the forecast
    from l_{-1} = 0), so the best l_{-1} is a least-squares ratio and the error a function of α alone, searched
    on [0, 1] by grids that close in on the best point.
    """
    if len(train) < 2 or np.ptp(train) == 0:  # nothing to estimate: the level is the value
        return 1.0, float(train[0])
    lo, hi = 0.0, 1.0
    for _ in range(PASSES):
        alpha = np.linspace(lo, hi, GRID)  # (A,)
        sse, level = _errors(train, alpha)
        best = int(np.argmin(sse))
        step = (hi - lo) / (GRID - 1)
        lo, hi = max(0.0, alpha[best] - step), min(1.0, alpha[best] + step)
    return float(alpha[best]), float(level[best])


def _errors(y: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The least squared one-step error of each α (A,) on y (n,) and the initial level that gives it."""
    c, w = np.zeros_like(alpha), np.ones_like(alpha)  # c_t, w_t for every α at once
    sw, swr, srr = np.zeros_like(alpha), np.zeros_like(alpha), np.zeros_like(alpha)  # Σ w², Σ w r, Σ r², r = y - c
    for value in y:
        r = value - c
        sw, swr, srr = sw + w * w, swr + w * r, srr + r * r
        c, w = alpha * value + (1 - alpha) * c, (1 - alpha) * w
    level = swr / sw
    return srr - 2 * level * swr + level**2 * sw, level


def ets(y: np.ndarray, n_train: int) -> np.ndarray:
    """Simple exponential smoothing's one-step forecasts f (n,) (see the module docstring)."""
    alpha, level = ets_parameters(y[:n_train])
    f = np.empty(len(y))
    for t, value in enumerate(y):
        f[t] = level  # l_{t-1}
        level = alpha * value + (1 - alpha) * level
    return f
