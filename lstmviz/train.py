"""fit(): windows -> chronological split -> scaler on train only -> a Forecaster trained with Adam -> FitResult.

Letters: n rows, N windows, L lookback, D input columns, H horizon.
Rows are the model's rows: in "log_return" mode row r is the return into data row r + 1 (lstmviz.targets).
The trainer never prints; it reports through `on_epoch`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from lstmviz import shards, targets
from lstmviz.baselines import METRICS, metrics_table, naive_scale
from lstmviz.budget import Deadline
from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.forecaster import Forecaster, build_model
from lstmviz.intervals import COVERAGE, band, coverage_of, halfwidth
from lstmviz.windows import Scaler, Split, origins, split_bounds

__all__ = ["FitResult", "TrainConfig", "evaluate", "fit", "plan"]

MODEL_NAME = "model"  # the trained model's row in FitResult.metrics
# Windows per forward pass outside training. All 5,000 windows of the bundled S&P 500 at once take ~195 MB
# more at the peak (the LSTM's per-step buffers grow with the batch); 256 at a time, ~30 MB, and no slower.
EVAL_BATCH = 256


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


@dataclass
class FitResult:
    """A trained model with what a page shows about it. Losses are MSEs of the standardised target."""

    model: Forecaster
    history: pd.DataFrame  # epoch, train_loss, val_loss
    predictions: pd.DataFrame  # indexed like data: actual, predicted (one step ahead), lower, upper, split
    metrics: pd.DataFrame  # one row per model on the test split, the columns baselines.METRICS
    config: TrainConfig
    scaler: Scaler  # mean and std of each input column over the training rows
    data: pd.DataFrame  # the columns trained on: target first, then config.features
    split: Split  # row boundaries, in model rows
    best_epoch: int  # the epoch whose weights the model holds (best val loss)
    residuals: np.ndarray  # (N_val, H) forecast minus actual on the validation windows, in the target's units

    def halfwidth(self, coverage: float = COVERAGE) -> np.ndarray:
        """The split-conformal band's half-width (H,) per horizon step at `coverage`; inf with too few val windows."""
        return halfwidth(self.residuals, coverage)

    def test_coverage(self, coverage: float = COVERAGE) -> float:
        """The share of test actuals inside their one-step band at `coverage` (NaN with no band or no test)."""
        test = self.predictions[self.predictions["split"] == "test"]
        lower, upper = band(test["predicted"].to_numpy(), self.halfwidth(coverage)[0])
        return coverage_of(test["actual"].to_numpy(), lower, upper)

    # Why training ended: "epochs" (all of them), "patience" (early stopping), "stop" (on_epoch said False),
    # "budget" (config.max_seconds ran out) or "diverged" (a training loss was NaN or infinite); None: evaluate.
    stopped_by: str | None = None

    @property
    def diverged(self) -> bool:
        """Whether training blew up (a NaN or infinite loss): the page says so and suggests a lower lr."""
        return self.stopped_by == "diverged"

    def _prepared(self) -> _Prepared:
        """This result's data as fit prepared it, with the scaler it learned."""
        return _Prepared(self.data, *targets.model_rows(self.data, self.config.target_mode), self.split, self.scaler,
                         self.config)  # fmt: skip

    def _origin(self, position: int) -> int:
        """The model row of data row `position` (negative counts from the end), checked to have a full window."""
        L, p = self.config.lookback, self._prepared()
        position = position + len(self.data) if position < 0 else position
        if not p.offset + L - 1 <= position < len(self.data):
            raise UserError("forecast.origin", first=self.data.index[p.offset + L - 1], lookback=L)
        return position - p.offset

    def input_window(self, position: int = -1) -> torch.Tensor:
        """The scaled model input (L, D) whose last row is data row `position`: what the model reads there."""
        p = self._prepared()
        X, _ = targets.windows(p.values, self.scaler, self.config.target_mode, np.array([self._origin(position)]),
                               self.config.lookback, 0)  # fmt: skip
        return torch.from_numpy(X[0])

    def forecast(self, origin, coverage: float = COVERAGE) -> pd.DataFrame:
        """The horizon after `origin` (a label of data's index): columns predicted, lower, upper (its band at
        `coverage`) and actual (NaN past the end)."""
        if origin not in self.data.index:
            raise UserError("forecast.unknown_origin", origin=origin)
        position = self.data.index.get_loc(origin)
        predicted = self._prepared().predict(self.model, np.array([self._origin(position)]))[0]  # (H,)
        lower, upper = band(predicted, self.halfwidth(coverage))
        index = _following(self.data.index, position, len(predicted))
        actual = self.data.iloc[position + 1 : position + 1 + len(predicted), 0].to_numpy()
        actual = np.concatenate([actual, np.full(len(predicted) - len(actual), np.nan)])
        return pd.DataFrame({"predicted": predicted, "lower": lower, "upper": upper, "actual": actual}, index=index)

    def forecast_beyond(self, coverage: float = COVERAGE) -> pd.DataFrame:
        """The next H steps after the last row: what the model expects the data has not shown yet."""
        return self.forecast(self.data.index[-1], coverage)


def _following(index: pd.Index, position: int, k: int) -> pd.Index:
    """The k index labels after `position`, extended past the end with the index's own step."""
    inside = index[position + 1 : position + 1 + k]
    extra = k - len(inside)
    if extra == 0:
        return inside
    last = index[-1]
    if isinstance(index, pd.DatetimeIndex):
        freq = index.freq or (pd.infer_freq(index[-7:]) if len(index) >= 7 else None)
        if freq is None:  # trading days miss holidays, so infer_freq fails; weekdays only means business days
            freq = "B" if (index.day_of_week < 5).all() else (index[-1] - index[-2])
        future = pd.date_range(last, periods=extra + 1, freq=freq)[1:]
    else:
        step = index[-1] - index[-2] if len(index) > 1 else 1
        future = pd.Index([last + step * (j + 1) for j in range(extra)])
    return inside.append(future).rename(index.name)


def _epoch(model: nn.Module, opt, step: shards.ShardedStep, X: torch.Tensor, Y: torch.Tensor, config: TrainConfig, gen,
           deadline: Deadline) -> float:  # fmt: skip
    """One pass over the training windows in a seeded random order; returns the mean loss.

    Cut short after the batch where `deadline` passes or the loss stops being finite (the mean of the batches done).
    """
    model.train()
    perm = torch.randperm(len(X), generator=gen)
    X, Y = X[perm], Y[perm]  # one gather per epoch; the batches below are views
    total, seen = 0.0, 0
    for k in range(0, len(X), config.batch_size):
        xb, yb = X[k : k + config.batch_size], Y[k : k + config.batch_size]
        loss = step(xb, yb)  # sets the gradients (half-batches side by side: see lstmviz.shards)
        nn.utils.clip_grad_norm_(model.parameters(), config.clip_norm)
        opt.step()
        total, seen = total + loss * len(xb), seen + len(xb)
        if not math.isfinite(loss) or deadline.passed():
            break
    return total / seen


@torch.no_grad()
def _forward(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """The model in eval mode on windows X (N, L, D), EVAL_BATCH at a time; (N, H)."""
    model.eval()
    return torch.cat([model(X[k : k + EVAL_BATCH]) for k in range(0, len(X), EVAL_BATCH)])


def _loss(model: nn.Module, X: torch.Tensor, Y: torch.Tensor) -> float:
    if len(X) == 0:
        return float("nan")
    return nn.functional.mse_loss(_forward(model, X), Y).item()


def plan(data: pd.Series | pd.DataFrame, config: TrainConfig, *, target: str | None = None) -> pd.Series:
    """Which split ("train", "val" or "test") each row of `data` falls in, as FitResult.predictions labels it.

    Runs fit's checks without training, so a page can show a bad setting beside its input and
    the split before the first epoch. ValueError says what is wrong.
    """
    frame, _, offset, split = _rows(data, config, target)
    return pd.Series(split.label(np.arange(len(frame)) - offset), index=frame.index, name="split")


def _rows(data, config: TrainConfig, target: str | None) -> tuple[pd.DataFrame, np.ndarray, int, Split]:
    """The checked columns, the model rows (n, D), the data row of model row 0 and the split."""
    frame = _frame(data, target, config)
    values, offset = targets.model_rows(frame, config.target_mode)
    split = split_bounds(len(values), config.lookback, config.horizon, config.val_fraction, config.test_fraction)
    return frame, values, offset, split


def evaluate(
    model: Forecaster, data: pd.Series | pd.DataFrame, config: TrainConfig, *, target: str | None = None
) -> FitResult:
    """A trained model (e.g. loaded from a file) applied to `data` exactly as fit would report it, without training.

    The scaler is fit on `data`'s training split, as in fit; the history is empty.
    """
    p = _Prepared.of(data, config, target)
    if model.rnn.input_size != p.values.shape[1]:
        raise UserError("model.columns", model=model.rnn.input_size, data=p.values.shape[1])
    return p.result(model, pd.DataFrame(columns=["epoch", "train_loss", "val_loss"]), best_epoch=0)


@dataclass(frozen=True)
class _Prepared:
    """What fit, evaluate and backtest share: the checked columns, the model rows, the split and the train-only
    scaler."""

    frame: pd.DataFrame  # [target, *features] as floats
    values: np.ndarray  # (n, D) model rows (log returns in column 0 in that mode)
    offset: int  # the data row of model row 0
    split: Split
    scaler: Scaler
    config: TrainConfig

    @classmethod
    def of(cls, data, config: TrainConfig, target: str | None) -> _Prepared:
        frame, values, offset, split = _rows(data, config, target)
        scaler = targets.fit_scaler(values[: split.val_start], config.target_mode)  # training rows only
        return cls(frame, values, offset, split, scaler, config)

    def windows(self, which: str) -> tuple[torch.Tensor, torch.Tensor]:
        """Inputs (N, L, D) and targets (N, H) of split `which`'s windows."""
        L, H = self.config.lookback, self.config.horizon
        X, Y = targets.windows(self.values, self.scaler, self.config.target_mode, origins(self.split, L, H, which),
                               L, H)  # fmt: skip
        return torch.from_numpy(X), torch.from_numpy(Y)

    def predict(self, model: Forecaster, starts: np.ndarray, horizon: int | None = None) -> np.ndarray:
        """The model's forecasts (N, horizon) from origins `starts` (model rows), in the target's units."""
        mode, L = self.config.target_mode, self.config.lookback
        if len(starts) == 0:  # e.g. no validation split
            return np.zeros((0, horizon or self.config.horizon))
        X, _ = targets.windows(self.values, self.scaler, mode, starts, L, 0)
        z = _forward(model, torch.from_numpy(X))[:, :horizon].double().numpy()  # (N, horizon)
        return targets.to_units(z, self.frame.iloc[:, 0].to_numpy()[starts + self.offset], self.scaler, mode)

    def result(self, model: Forecaster, history: pd.DataFrame, best_epoch: int, stopped_by: str | None = None):
        model.eval()
        L, H = self.config.lookback, self.config.horizon
        val = origins(self.split, L, H, "val")
        y = self.frame.iloc[:, 0].to_numpy()
        actual = y[self.offset + val[:, None] + np.arange(1, H + 1)]  # (N_val, H)
        residuals = self.predict(model, val) - actual
        predictions, test_windows = _predict(model, self, halfwidth(residuals)[0])
        return FitResult(
            model=model,
            history=history,
            predictions=predictions,
            metrics=_metrics(predictions, test_windows, self.split, self.offset),
            config=self.config,
            scaler=self.scaler,
            data=self.frame,
            split=self.split,
            best_epoch=best_epoch,
            residuals=residuals,
            stopped_by=stopped_by,
        )


def fit(
    data: pd.Series | pd.DataFrame,
    config: TrainConfig | None = None,
    *,
    target: str | None = None,
    on_epoch: Callable[[int, pd.DataFrame], bool | None] | None = None,
) -> FitResult:
    """Train a forecaster on `data`: windows, a chronological split, a train-only scaler, Adam with early stopping.

    Deterministic for config.seed on CPU, on a given machine.

    Each batch is cut into lstmviz.shards.shard_count() shards: two halves where the process may use two cores.
    """
    config = config or TrainConfig()
    p = _Prepared.of(data, config, target)
    X_train, Y_train = p.windows("train")  # (N, L, D), (N, H)
    X_val, Y_val = p.windows("val")
    model = build_model(config, p.values.shape[1], seed=config.seed)
    # fused: one kernel per step instead of ~12 ops per tensor; 0.14 ms a step instead of 0.41 for StockLSTM
    opt = torch.optim.Adam(model.parameters(), lr=config.lr, weight_decay=config.weight_decay, fused=True)
    gen = torch.Generator().manual_seed(config.seed)
    rows, best, best_state, best_epoch = [], float("inf"), None, 0
    deadline, stopped_by = Deadline(config.max_seconds), "epochs"
    with shards.ShardedStep(model, config.dropout, config.seed) as step:  # dropout from its own generators, not torch's
        for epoch in range(1, config.epochs + 1):
            train_loss = _epoch(model, opt, step, X_train, Y_train, config, gen, deadline)
            val_loss = _loss(model, X_val, Y_val)
            rows.append({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss})
            score = val_loss if len(X_val) else -epoch  # no validation split: keep the latest weights
            if math.isfinite(train_loss) and score < best:
                best, best_epoch = score, epoch
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            stop = on_epoch is not None and on_epoch(epoch, pd.DataFrame(rows)) is False
            if not math.isfinite(train_loss):
                stopped_by = "diverged"
            elif stop:
                stopped_by = "stop"
            elif deadline.passed():
                stopped_by = "budget"
            elif config.patience and len(X_val) and epoch - best_epoch >= config.patience:
                stopped_by = "patience"
            if stopped_by != "epochs":
                break
    if best_state is not None:  # None when every val loss was NaN or the first epoch diverged
        model.load_state_dict(best_state)
    return p.result(model, pd.DataFrame(rows), best_epoch, stopped_by)


def _predict(model, p: _Prepared, q: float):
    """One-step-ahead predictions for every row with a full window before it, in original units, with their
    band of half-width q; and the test windows of the target (N_test, L) for the baselines."""
    L, split, offset = p.config.lookback, p.split, p.offset
    y = p.frame.iloc[:, 0].to_numpy()
    starts = np.arange(L - 1, split.n - 1)  # every origin with a next row
    predicted = np.full(len(y), np.nan)
    predicted[starts + offset + 1] = p.predict(model, starts, 1)[:, 0]
    lower, upper = band(predicted, q)
    labels = split.label(np.arange(len(y)) - offset)
    out = pd.DataFrame({"actual": y, "predicted": predicted, "lower": lower, "upper": upper, "split": labels},
                       index=p.frame.index)  # fmt: skip
    price_windows = np.lib.stride_tricks.sliding_window_view(y, L)[starts + offset - L + 1]  # (N, L)
    return out, price_windows[starts + 1 >= split.test_start]


def _metrics(predictions: pd.DataFrame, windows: np.ndarray, split: Split, offset: int) -> pd.DataFrame:
    """The trained model and the baselines on the same test windows (one step ahead)."""
    test = predictions.iloc[split.test_start + offset :]
    if len(test) == 0:
        return pd.DataFrame(columns=list(METRICS), dtype=float).rename_axis("model")
    actual, predicted = test["actual"].to_numpy(), test["predicted"].to_numpy()
    scale = naive_scale(predictions["actual"].to_numpy()[: split.val_start + offset])  # the training rows' values
    return metrics_table(MODEL_NAME, predicted, actual, windows, scale)
