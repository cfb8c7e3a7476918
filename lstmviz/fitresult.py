"""FitResult: a trained model with its predictions, metrics and validation residuals, and its forecasts.

Letters: n rows, N windows, W lookback (window) steps, D input columns, K horizon steps.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from lstmviz import ets, targets
from lstmviz.baselines import METRICS, metrics_table, naive_scale
from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.forecaster import Forecaster
from lstmviz.intervals import COVERAGE, band, coverage_of, halfwidth
from lstmviz.prepare import Prepared
from lstmviz.windows import Scaler, Split, origins

MODEL_NAME = "model"  # the trained model's row in FitResult.metrics


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
    residuals: np.ndarray  # (N_val, K) forecast minus actual on the validation windows, in the target's units

    def halfwidth(self, coverage: float = COVERAGE) -> np.ndarray:
        """The split-conformal band's half-width (K,) per horizon step at `coverage`; inf with too few val windows."""
        return halfwidth(self.residuals, coverage)

    def test_coverage(self, coverage: float = COVERAGE) -> float:
        """The share of test actuals inside their one-step band at `coverage` (NaN with no band or no test)."""
        test = self.predictions[self.predictions["split"] == "test"]
        lower, upper = band(test["predicted"].to_numpy(), self.halfwidth(coverage)[0])
        return coverage_of(test["actual"].to_numpy(), lower, upper)

    # Why training ended: "epochs" (all of them), "patience" (early stopping), "stop" (on_epoch said False),
    # "budget" (config.max_seconds ran out) or "diverged" (a training loss was NaN or infinite); None: evaluate.
    stopped_by: str | None = None
    # The first data row with a prediction when the time budget cut the final pass (it runs from the latest row
    # back); None: every row with a full window before it has one.
    predicted_from: object | None = None

    @property
    def diverged(self) -> bool:
        """Whether training blew up (a NaN or infinite loss): the page says so and suggests a lower lr."""
        return self.stopped_by == "diverged"

    @property
    def rows(self) -> targets.Rows:
        """The data row of each model row, and the split."""
        return targets.Rows.at(self.config.target_mode, self.split)

    @functools.cached_property
    def _prepared(self) -> Prepared:
        """This result's data as fit prepared it, with the scaler it learned (made once, on first use)."""
        return Prepared(self.data, targets.model_rows(self.data, self.config.target_mode), self.rows, self.scaler,
                        self.config)  # fmt: skip

    def _origin(self, position: int) -> int:
        """The model row of data row `position` (negative counts from the end), checked to have a full window."""
        W, rows = self.config.lookback, self.rows
        position = position + len(self.data) if position < 0 else position
        if not rows.first_origin(W) <= position < len(self.data):
            raise UserError("forecast.origin", first=self.data.index[rows.first_origin(W)], lookback=W)
        return rows.model(position)

    def input_window(self, position: int = -1) -> torch.Tensor:
        """The scaled model input (W, D) whose last row is data row `position`: what the model reads there."""
        p = self._prepared
        X, _ = targets.windows(p.values, self.scaler, self.config.target_mode, np.array([self._origin(position)]),
                               self.config.lookback, 0)  # fmt: skip
        return torch.from_numpy(X[0])

    def forecast(self, origin, coverage: float = COVERAGE) -> pd.DataFrame:
        """The horizon after `origin` (a label of data's index): columns predicted, lower, upper (its band at
        `coverage`) and actual (NaN past the end)."""
        if origin not in self.data.index:
            raise UserError("forecast.unknown_origin", origin=origin)
        position = self.data.index.get_loc(origin)
        predicted = self._prepared.predict(self.model, np.array([self._origin(position)]))[0]  # (K,)
        lower, upper = band(predicted, self.halfwidth(coverage))
        index = _following(self.data.index, position, len(predicted))
        actual = self.data.iloc[position + 1 : position + 1 + len(predicted), 0].to_numpy()
        actual = np.concatenate([actual, np.full(len(predicted) - len(actual), np.nan)])
        return pd.DataFrame({"predicted": predicted, "lower": lower, "upper": upper, "actual": actual}, index=index)

    def forecast_beyond(self, coverage: float = COVERAGE) -> pd.DataFrame:
        """The next K steps after the last row: what the model expects the data has not shown yet."""
        return self.forecast(self.data.index[-1], coverage)

    @classmethod
    def build(cls, p: Prepared, model: Forecaster, history: pd.DataFrame, best_epoch: int,
              stopped_by: str | None = None, *, latest_first: bool = False) -> FitResult:  # fmt: skip
        """The result of `model` on p's data: predictions, test metrics and validation residuals.

        Under p.deadline: `latest_first` predicts from the latest rows back and stops where it passes (the rows
        not reached have no prediction, and predicted_from says where they start); otherwise it is an error."""
        model.eval()
        W, K = p.config.lookback, p.config.horizon
        val = origins(p.split, W, K, "val")
        y = p.frame.iloc[:, 0].to_numpy()
        actual = y[p.rows.data(val)[:, None] + np.arange(1, K + 1)]  # (N_val, K)
        residuals = p.predict(model, val, latest_first=latest_first) - actual
        residuals = residuals[~np.isnan(residuals).any(axis=1)]  # the validation windows the budget left out
        predictions, test_windows = _predict(model, p, halfwidth(residuals)[0], latest_first)
        done = predictions["predicted"].notna().to_numpy()
        first = int(np.argmax(done)) if done.any() else len(done)
        cut = first > p.rows.first_origin(W) + 1  # the first row with a prediction follows the first full window
        predicted_from = (predictions.index[first] if first < len(done) else None) if cut else None
        return cls(
            model=model,
            history=history,
            predictions=predictions,
            metrics=_metrics(predictions, test_windows, p.rows),
            config=p.config,
            scaler=p.scaler,
            data=p.frame,
            split=p.split,
            best_epoch=best_epoch,
            residuals=residuals,
            stopped_by=stopped_by,
            predicted_from=predicted_from,
        )


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


def _predict(model, p: Prepared, q: float, latest_first: bool = False):
    """One-step-ahead predictions for every row with a full window before it, in original units, with their
    band of half-width q (latest first: see Prepared.predict); and the test windows of the target (N_test, W)
    for the baselines."""
    W, split = p.config.lookback, p.split
    y = p.frame.iloc[:, 0].to_numpy()
    starts = np.arange(W - 1, split.n - 1)  # every origin with a next row (model rows)
    at = p.rows.data(starts)  # their data rows
    predicted = np.full(len(y), np.nan)
    predicted[at + 1] = p.predict(model, starts, 1, latest_first=latest_first)[:, 0]
    lower, upper = band(predicted, q)
    out = pd.DataFrame({"actual": y, "predicted": predicted, "lower": lower, "upper": upper,
                        "split": p.rows.labels(len(y))}, index=p.frame.index)  # fmt: skip
    price_windows = np.lib.stride_tricks.sliding_window_view(y, W)[at - W + 1]  # (N, W)
    return out, price_windows[starts + 1 >= split.test_start]


def _metrics(predictions: pd.DataFrame, windows: np.ndarray, rows: targets.Rows) -> pd.DataFrame:
    """The trained model and the baselines on the same test windows (one step ahead): the window's
    (lstmviz.baselines) and those fit on the training rows (lstmviz.ets: drift, ets); the windows with a prediction,
    all of them unless the time budget cut the prediction pass (FitResult.predicted_from)."""
    test = predictions.iloc[rows.data_start("test") :]
    done = test["predicted"].notna().to_numpy()
    test, windows = test[done], windows[done]
    if len(test) == 0:
        return pd.DataFrame(columns=list(METRICS), dtype=float).rename_axis("model")
    actual, predicted = test["actual"].to_numpy(), test["predicted"].to_numpy()
    y, n_train = predictions["actual"].to_numpy(), rows.data_end("train")  # the training rows' values (data rows)
    fitted = {"drift": ets.drift(y, n_train), "ets": ets.ets(y, n_train)}  # fit on training rows, run one step ahead
    fitted = {name: f[rows.data_start("test") :][done] for name, f in fitted.items()}
    return metrics_table(MODEL_NAME, predicted, actual, windows, naive_scale(y[:n_train]), fitted)
