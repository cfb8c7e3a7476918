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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lstmviz.config import TrainConfig
from lstmviz.windows import Scaler, Split, split_bounds

RELATIVE = ("log_return", "window_ratio")  # modes that divide by the target, so it must be positive


def row_offset(mode: str) -> int:
    """The data row of model row 0: "log_return" has no return into the first row, so its model has one row less."""
    return 1 if mode == "log_return" else 0


@dataclass(frozen=True)
class Rows:
    """The model rows and the data rows they stand for: model row r is data row r + offset, and `split` cuts the
    model rows (lstmviz.windows.Split). Every move between the two numberings goes through here.

    Data rows before model row 0 (the first price in "log_return" mode) count as training rows."""

    offset: int  # the data row of model row 0 (row_offset)
    split: Split  # in model rows; split.n model rows

    @classmethod
    def of(cls, n_data: int, config: TrainConfig, n_test: int | None = None) -> Rows:
        """The model rows of `n_data` data rows read in config.target_mode, split by the config's shares;
        `n_test`: the test split's rows when a test file's (lstmviz.prepare.test_rows)."""
        offset = row_offset(config.target_mode)
        split = split_bounds(n_data - offset, config.lookback, config.horizon, config.val_fraction,
                             config.test_fraction, n_test=n_test)  # fmt: skip
        return cls(offset, split)

    @classmethod
    def at(cls, mode: str, split: Split) -> Rows:
        """The rows of a split already made in target mode `mode` (e.g. a FitResult's)."""
        return cls(row_offset(mode), split)

    def data(self, model_rows):
        """The data row(s) of model row(s) `model_rows`."""
        return model_rows + self.offset

    def model(self, data_rows):
        """The model row(s) of data row(s) `data_rows`."""
        return data_rows - self.offset

    def first_origin(self, lookback: int) -> int:
        """The first data row with a full window of `lookback` model rows up to it."""
        return self.data(lookback - 1)

    def data_start(self, which: str) -> int:
        """The data row where split `which` starts."""
        return {"train": 0, "val": self.data(self.split.val_start), "test": self.data(self.split.test_start)}[which]

    def data_end(self, which: str) -> int:
        """The data row after split `which`'s last: for "train", how many data rows the training rows are."""
        ends = {"train": self.split.val_start, "val": self.split.test_start, "test": self.split.n}
        return self.data(ends[which])

    def data_rows(self, which: str) -> np.ndarray:
        """The data rows (positions) of split `which`."""
        return np.arange(self.data_start(which), self.data_end(which))

    def labels(self, n_data: int) -> np.ndarray:
        """The split name of each of the `n_data` data rows."""
        return self.split.label(self.model(np.arange(n_data)))


def model_rows(frame: pd.DataFrame, mode: str) -> np.ndarray:
    """Model input rows (n, D), column 0 the target as learned (model row r is data row Rows.data(r))."""
    values = frame.to_numpy()
    if not row_offset(mode):
        return values
    returns = np.diff(np.log(values[:, 0]))  # r_t = log(y_t / y_t-1)
    return np.column_stack([returns, values[1:, 1:]])


def fit_scaler(train_rows: np.ndarray, mode: str) -> Scaler:
    """The scaler of model rows from the training rows (n_train, D) alone."""
    if mode == "window_ratio":  # column 0 is read as ratios to a window's end: fit it on one-step ratios
        y = train_rows[:, 0]
        train_rows = np.column_stack([y[1:] / y[:-1] - 1, train_rows[1:, 1:]])
    return Scaler.fit(train_rows)


@dataclass(frozen=True)
class Windows:
    """The windows with origins `starts` (model rows), gathered a batch at a time from the scaled rows.

    Only the rows are held ((n, D) float32), so memory grows with rows x columns, not with windows x lookback x
    columns; `gather(sel)` builds the inputs (B, W, D) and targets (B, K), float32, of origins starts[sel], the
    same numbers as scaling every window in float64 and casting (the cast is elementwise). Horizon 0: no targets.
    """

    scaled: np.ndarray  # (n, D) float32 model rows, standardised
    values0: np.ndarray | None  # (n,) float64 column 0 unscaled in "window_ratio" mode (read relative to its end)
    scaler: Scaler
    starts: np.ndarray  # (N,) origins
    lookback: int
    horizon: int

    @classmethod
    def of(cls, values: np.ndarray, scaler: Scaler, mode: str, starts: np.ndarray, lookback: int, horizon: int):
        """`values` (n, D): model rows (model_rows). Targets past the last row are not needed: pass horizon 0."""
        scaled = scaler.transform(values).astype(np.float32)
        return cls(scaled, values[:, 0] if mode == "window_ratio" else None, scaler, np.asarray(starts), lookback,
                   horizon)  # fmt: skip

    def __len__(self) -> int:
        return len(self.starts)

    def gather(self, sel=slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """Inputs (B, W, D) and targets (B, K) of the windows starts[sel] (a slice or an index array)."""
        t = self.starts[sel]  # (B,)
        back = t[:, None] + np.arange(1 - self.lookback, 1)  # (B, W) the rows each window reads
        X = self.scaled[back]
        if self.values0 is not None:
            X[:, :, 0] = _scale0(self.scaler, self.values0[back] / self.values0[t][:, None] - 1)
        return X, self.targets(sel)

    def targets(self, sel=slice(None)) -> np.ndarray:
        """Targets (B, K) of the windows starts[sel]."""
        t = self.starts[sel]  # (B,)
        ahead = t[:, None] + np.arange(1, self.horizon + 1)  # (B, K) the rows each window forecasts
        if self.values0 is None:
            return self.scaled[ahead, 0]
        return _scale0(self.scaler, self.values0[ahead] / self.values0[t][:, None] - 1).astype(np.float32)


def windows(values: np.ndarray, scaler: Scaler, mode: str, starts: np.ndarray, lookback: int, horizon: int):
    """Model inputs (N, W, D) and targets (N, K), float32, of the windows with origins `starts` (model rows), all
    at once (see Windows for a batch at a time)."""
    return Windows.of(values, scaler, mode, starts, lookback, horizon).gather()


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
