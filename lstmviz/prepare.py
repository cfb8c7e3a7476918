"""What fit, evaluate and backtest share: the checked columns, the model rows, the split, the train-only scaler,
and the model applied to windows.

Letters: n rows, N windows, W lookback (window) steps, D input columns, K horizon steps.
Rows are the model's rows: in "log_return" mode row r is the return into data row r + 1; targets.Rows maps them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from lstmviz import cost, targets
from lstmviz.budget import Deadline
from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.forecaster import Forecaster
from lstmviz.windows import Scaler, Split, origins

# Windows per forward pass outside training. All 5,000 windows of the bundled S&P 500 at once take ~195 MB
# more at the peak (the LSTM's per-step buffers grow with the batch); 256 at a time, ~30 MB, and no slower.
EVAL_BATCH = cost.EVAL_BATCH


def _frame(data: pd.Series | pd.DataFrame, target: str | None, config: TrainConfig) -> pd.DataFrame:
    """The columns [target, *features] as floats, checked."""
    if isinstance(data, pd.Series):
        if config.features:
            raise ValueError(f"features ({', '.join(config.features)}) need a DataFrame, got a Series")
        target = target or (str(data.name) if data.name is not None else "value")
        data = data.rename(target).to_frame()
    elif not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas Series or DataFrame, got {type(data).__name__}")
    if target is None:
        if data.shape[1] != 1:
            raise ValueError(f"target is None but data has {data.shape[1]} columns; name the one to forecast")
        target = data.columns[0]
    for name in (target, *config.features):
        if name not in data.columns:
            raise UserError("data.no_column", column=str(name), columns=tuple(map(str, data.columns)))
        if not pd.api.types.is_numeric_dtype(data[name]):
            raise UserError("data.not_numeric", column=str(name))
    if target in config.features:
        raise UserError("data.target_is_feature", column=str(target))
    cost.check(config, len(data), 1 + len(config.features))  # before the run's first copy of the data
    frame = data[[target, *config.features]].astype(float)
    finite = np.isfinite(frame.to_numpy())  # (n, D)
    if not finite.all():
        row, col = np.argwhere(~finite)[0]
        raise UserError("data.not_finite", column=str(frame.columns[col]), first=frame.index[row])
    if not (frame.index.is_monotonic_increasing and frame.index.is_unique):
        raise UserError("data.unsorted")
    if config.target_mode in targets.RELATIVE and (frame[target] <= 0).any():
        first = frame.index[(frame[target] <= 0).to_numpy()][0]
        code = "data.log_return" if config.target_mode == "log_return" else "data.window_ratio"
        raise UserError(code, column=str(target), first=first)
    return frame


def test_rows(index: pd.Index, test_start: str | None) -> int | None:
    """How many rows are dated `test_start` or later: the test split of TrainConfig.test_start (the last model rows
    too, which start a row later in "log_return" mode); None when it is None. UserError when the data has no dates
    or none from that day."""
    if test_start is None:
        return None
    if not isinstance(index, pd.DatetimeIndex):
        raise UserError("split.test_start_no_dates", start=pd.Timestamp(test_start))
    start = pd.Timestamp(test_start).tz_localize(index.tz) if index.tz is not None else pd.Timestamp(test_start)
    n_test = int((index >= start).sum())
    if n_test == 0:
        raise UserError("split.test_start_late", start=start, last=index[-1])
    return n_test


def rows(data, config: TrainConfig, target: str | None) -> tuple[pd.DataFrame, np.ndarray, targets.Rows]:
    """The checked columns, the model rows (n, D) and how they map to the data's rows, with the split."""
    frame = _frame(data, target, config)
    values = targets.model_rows(frame, config.target_mode)
    return frame, values, targets.Rows.of(len(frame), config, test_rows(frame.index, config.test_start))


@torch.no_grad()
def forward(model: nn.Module, windows: targets.Windows, deadline: Deadline | None = None) -> torch.Tensor:
    """The model in eval mode on `windows`, gathered and run EVAL_BATCH at a time; (N, K).

    With a `deadline`, checked between chunks: once it has passed, UserError("model.evaluate_budget")."""
    model.eval()
    out = []
    for k in range(0, len(windows), EVAL_BATCH):
        if deadline is not None and deadline.passed():
            raise UserError("model.evaluate_budget", seconds=deadline.seconds)
        X, _ = windows.gather(slice(k, k + EVAL_BATCH))  # (B, W, D)
        out.append(model(torch.from_numpy(X)))
    return torch.cat(out)


@torch.no_grad()
def forward_latest(model: nn.Module, windows: targets.Windows, deadline: Deadline) -> np.ndarray:
    """The model on `windows` (origins in increasing order), latest chunk first, until `deadline` passes; (N, K)
    float64, NaN for the earliest windows it had no time left for. The last chunk always runs."""
    model.eval()
    out = np.full((len(windows), model.head.out_features), np.nan)
    chunks = range(0, len(windows), EVAL_BATCH)  # the chunks forward runs, so each window gets the same numbers
    for k in reversed(chunks):
        if k != chunks[-1] and deadline.passed():
            break
        X, _ = windows.gather(slice(k, k + EVAL_BATCH))  # (B, W, D)
        out[k : k + EVAL_BATCH] = model(torch.from_numpy(X)).double().numpy()
    return out


@dataclass(frozen=True)
class Prepared:
    """One data set as fit reads it: the checked columns, the model rows, the split and the train-only scaler."""

    frame: pd.DataFrame  # [target, *features] as floats
    values: np.ndarray  # (n, D) model rows (log returns in column 0 in that mode)
    rows: targets.Rows  # the data row of each model row, and the split
    scaler: Scaler
    config: TrainConfig
    deadline: Deadline | None = None  # evaluate's time budget for the forward passes; fit has its own, in training

    @classmethod
    def of(cls, data, config: TrainConfig, target: str | None, deadline: Deadline | None = None) -> Prepared:
        frame, values, r = rows(data, config, target)
        scaler = targets.fit_scaler(values[: r.split.val_start], config.target_mode)  # training rows only
        return cls(frame, values, r, scaler, config, deadline)

    @property
    def split(self) -> Split:
        """The split, in model rows."""
        return self.rows.split

    def batches(self, which: str, horizon: int | None = None) -> targets.Windows:
        """Split `which`'s windows, gathered a batch at a time (targets of `horizon` steps, the config's if None)."""
        W, K = self.config.lookback, self.config.horizon if horizon is None else horizon
        return self.windows_at(origins(self.split, W, self.config.horizon, which), K)

    def windows_at(self, starts: np.ndarray, horizon: int = 0) -> targets.Windows:
        """The windows with origins `starts` (model rows), gathered a batch at a time."""
        return targets.Windows.of(self.values, self.scaler, self.config.target_mode, starts, self.config.lookback,
                                  horizon)  # fmt: skip

    def windows(self, which: str) -> tuple[torch.Tensor, torch.Tensor]:
        """Inputs (N, W, D) and targets (N, K) of split `which`'s windows, all at once."""
        X, Y = self.batches(which).gather()
        return torch.from_numpy(X), torch.from_numpy(Y)

    def predict(self, model: Forecaster, starts: np.ndarray, horizon: int | None = None, *,
                latest_first: bool = False) -> np.ndarray:  # fmt: skip
        """The model's forecasts (N, horizon) from origins `starts` (model rows), in the target's units.

        Under self.deadline; `latest_first`: NaN for the earliest origins once it has passed (forward_latest)
        instead of UserError("model.evaluate_budget")."""
        if len(starts) == 0:  # e.g. no validation split
            return np.zeros((0, horizon or self.config.horizon))
        windows = self.windows_at(starts)
        if latest_first and self.deadline is not None:
            z = forward_latest(model, windows, self.deadline)[:, :horizon]
        else:
            z = forward(model, windows, self.deadline)[:, :horizon].double().numpy()  # (N, horizon)
        return targets.to_units(z, self.frame.iloc[:, 0].to_numpy()[self.rows.data(starts)], self.scaler,
                                self.config.target_mode)  # fmt: skip
