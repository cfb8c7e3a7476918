"""Sliding windows, the chronological train/val/test split, and the scaler fit on training rows.

Letters: N windows, W lookback (window) steps, K horizon steps, D input columns, n rows.
A window with origin t reads rows t-W+1 .. t and forecasts rows t+1 .. t+K.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lstmviz.errors import UserError


@dataclass(frozen=True)
class Split:
    """Row boundaries: train is rows [0, val_start), val [val_start, test_start), test [test_start, n)."""

    n: int
    val_start: int
    test_start: int

    def label(self, rows: np.ndarray) -> np.ndarray:
        """The split name of each row index."""
        return np.where(rows < self.val_start, "train", np.where(rows < self.test_start, "val", "test"))


def split_bounds(
    n: int, lookback: int, horizon: int, val_fraction: float, test_fraction: float, *, n_test: int | None = None
) -> Split:
    """Cut n rows chronologically: the last `n_test` rows are the test split when given (a separate test file's),
    else the last `test_fraction` of them; UserError when a split is too short for one window."""
    if n_test is None:
        n_test = round(n * test_fraction)
        if test_fraction > 0 and n_test < 1:
            raise UserError("split.no_test_rows", share=test_fraction, n=n)
    n_val = round(n * val_fraction)
    if val_fraction > 0 and n_val < horizon:
        raise UserError("split.val_short", rows=n_val, horizon=horizon, share=val_fraction)
    split = Split(n, n - n_test - n_val, n - n_test)
    if lookback + horizon > split.val_start:
        raise UserError("split.train_short", lookback=lookback, horizon=horizon, train=split.val_start, n=n)
    return split


def origins(split: Split, lookback: int, horizon: int, which: str) -> np.ndarray:
    """Origins t of the windows whose whole forecast t+1 .. t+K lies inside split `which`.

    Windows that straddle a boundary belong to no split, so no target of one split is ever
    the input or target of a window in another (the gap is K - 1 origins wide).
    """
    first = {"train": 0, "val": split.val_start, "test": split.test_start}[which]
    end = {"train": split.val_start, "val": split.test_start, "test": split.n}[which]
    return np.arange(max(lookback - 1, first - 1), end - horizon)


def make_windows(values: np.ndarray, target: np.ndarray, starts: np.ndarray, lookback: int, horizon: int):
    """Inputs (N, W, D) from values (n, D) and targets (N, K) from target (n,) for origins `starts`."""
    X = sliding_window_view(values, lookback, axis=0)[starts - lookback + 1]  # (N, D, W)
    Y = sliding_window_view(target, horizon)[starts + 1]  # (N, K)
    return np.ascontiguousarray(X.transpose(0, 2, 1)), np.ascontiguousarray(Y)


@dataclass(frozen=True)
class Scaler:
    """Per-column standardisation (x - mean) / std; column 0 is the target."""

    mean: np.ndarray  # (D,)
    std: np.ndarray  # (D,)

    @classmethod
    def fit(cls, rows: np.ndarray) -> Scaler:
        """Fit on rows (n, D), which must be training rows only."""
        mean = rows.mean(axis=0)
        std = rows.std(axis=0)
        return cls(mean, np.where(std > 1e-12, std, 1.0))  # a constant column (e.g. no holiday yet) stays put

    def transform(self, values: np.ndarray) -> np.ndarray:
        return (values - self.mean) / self.std

    def target_back(self, z: np.ndarray) -> np.ndarray:
        """Scaled target values back to the target column's units."""
        return z * self.std[0] + self.mean[0]
