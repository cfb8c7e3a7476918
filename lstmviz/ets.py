"""Baselines fit on the training rows and then run one step ahead with fixed parameters: drift and ETS.

Letters: n rows of the target y, n_train the training rows (fit on y[:n_train] only).
Each returns f (n,): f[t] the forecast of y[t] made at t - 1 from y[:t] alone, so a forecast never
reads the value it forecasts, and what a baseline learned from data comes from the training rows alone.
- drift: the random walk with drift, f[t] = y[t-1] + c with c = (y[n_train-1] - y[0]) / (n_train - 1), the mean
  training step; f[0] NaN (no value before it).
- ets: simple exponential smoothing, ETS(A,N,N): level l_t = α y_t + (1 - α) l_{t-1}, f[t] = l_{t-1}; α and the
  initial level l_{-1} = f[0] estimated by statsmodels on the training rows, then the level updated through
  every later row with them fixed (the same recursion statsmodels runs on the training rows).
"""

from __future__ import annotations

import numpy as np


def drift(y: np.ndarray, n_train: int) -> np.ndarray:
    """The random walk with drift's one-step forecasts f (n,) (see the module docstring)."""
    c = (y[n_train - 1] - y[0]) / (n_train - 1) if n_train > 1 else 0.0
    return np.r_[np.nan, y[:-1] + c]


def ets_parameters(train: np.ndarray) -> tuple[float, float]:
    """(α, l_{-1}) of simple exponential smoothing fit by statsmodels on the training values (n_train,)."""
    # imported here: heavy, and a page needs it only once a fit is done
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    if len(train) < 2 or np.ptp(train) == 0:  # nothing to estimate: the level is the value
        return 1.0, float(train[0])
    fitted = SimpleExpSmoothing(train, initialization_method="estimated").fit()
    return float(fitted.params["smoothing_level"]), float(fitted.params["initial_level"])


def ets(y: np.ndarray, n_train: int) -> np.ndarray:
    """Simple exponential smoothing's one-step forecasts f (n,) (see the module docstring)."""
    alpha, level = ets_parameters(y[:n_train])
    f = np.empty(len(y))
    for t, value in enumerate(y):
        f[t] = level  # l_{t-1}
        level = alpha * value + (1 - alpha) * level
    return f
