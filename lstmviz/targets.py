"""How the target is learned (TrainConfig.target_mode) and turned back into its own units.

Letters: n rows, N windows, W lookback (window) steps, D input columns, K horizon steps; y the target column.
- "price": the model reads and predicts the standardised values.
- "log_return": model row r is r_t = log(y_t / y_t-1), the return into data row r + 1; forecasts are summed
  back onto the last known value: y_t+h = y_t exp(r_t+1 + ... + r_t+h).
- "window_ratio": the target column of every window is divided by the window's own last value, so the
  model reads y_t-j / y_t - 1 and predicts y_t+h / y_t - 1; forecasts are y_t (1 + prediction). Only values up
  to the origin t shape a window, so nothing after it leaks in, and a price level never seen in training
  looks like any other (the whole window is relative to its end).
In every mode the scaler is fit on training rows only; the other input columns are standardised as they are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lstmviz.windows import Scaler, make_windows

RELATIVE = ("log_return", "window_ratio")  # modes that divide by the target, so it must be positive


def row_offset(mode: str) -> int:
    """The data row of model row 0: "log_return" has no return into the first row, so its model has one row less."""
    return 1 if mode == "log_return" else 0


def model_rows(frame: pd.DataFrame, mode: str) -> tuple[np.ndarray, int]:
    """Model input rows (n, D), column 0 the target as learned, and the data row of model row 0 (row_offset)."""
    values = frame.to_numpy()
    offset = row_offset(mode)
    if not offset:
        return values, 0
    returns = np.diff(np.log(values[:, 0]))  # r_t = log(y_t / y_t-1)
    return np.column_stack([returns, values[1:, 1:]]), offset


def fit_scaler(train_rows: np.ndarray, mode: str) -> Scaler:
    """The scaler of model rows from the training rows (n_train, D) alone."""
    if mode == "window_ratio":  # column 0 is read as ratios to a window's end: fit it on one-step ratios
        y = train_rows[:, 0]
        train_rows = np.column_stack([y[1:] / y[:-1] - 1, train_rows[1:, 1:]])
    return Scaler.fit(train_rows)


def windows(values: np.ndarray, scaler: Scaler, mode: str, starts: np.ndarray, lookback: int, horizon: int):
    """Model inputs (N, W, D) and targets (N, K), float32, of the windows with origins `starts` (model rows).

    `values` (n, D): model rows (model_rows). Targets past the last row are not needed: pass horizon 0.
    """
    scaled = scaler.transform(values)
    X, Y = make_windows(scaled, scaled[:, 0], starts, lookback, horizon)
    if mode == "window_ratio":
        y = values[:, 0]
        last = y[starts][:, None]  # (N, 1): the origin's value
        inputs, targets = make_windows(y[:, None], y, starts, lookback, horizon)
        X[:, :, 0] = _scale0(scaler, inputs[:, :, 0] / last - 1)
        Y = _scale0(scaler, targets / last - 1)
    return X.astype(np.float32), Y.astype(np.float32)


def _scale0(scaler: Scaler, v: np.ndarray) -> np.ndarray:
    return (v - scaler.mean[0]) / scaler.std[0]


def to_units(z: np.ndarray, last: np.ndarray, scaler: Scaler, mode: str) -> np.ndarray:
    """Model outputs z (N, K) back to the target's units; `last` (N,): the target's value at each origin."""
    v = scaler.target_back(z)
    if mode == "log_return":
        return last[:, None] * np.exp(np.cumsum(v, axis=1))
    if mode == "window_ratio":
        return last[:, None] * (1 + v)
    return v
