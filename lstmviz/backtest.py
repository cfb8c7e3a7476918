"""Walk-forward backtest: a fresh model per test block, trained only on the rows before it (DESIGN.md).

Letters: n model rows, k a fold (1..folds), N test rows over all folds.
The last config.test_fraction of the rows are cut into `folds` consecutive blocks. Fold k calls fit on the rows
before its block with no test split of its own (test_fraction 0): fit's validation split (the last
config.val_fraction of those rows), scaler (fit on the rows before that) and early stopping, exactly as a
single fit would use them. The fold's model then predicts each row of its block one step ahead, from the
window before that row, and its validation residuals give the block's split-conformal band. Rows after a
block never reach its fold: not its training, not its scaler, not its inputs.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lstmviz.budget import Deadline
from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.intervals import COVERAGE, band, check_coverage, coverage_of, halfwidth
from lstmviz.prepare import Prepared
from lstmviz.train import fit

FOLD_COLUMNS = ("fold", "start", "end", "rows", "train_rows", "best_epoch", "rmse", "persistence_rmse", "skill",
                "coverage")  # fmt: skip


@dataclass(frozen=True)
class BacktestResult:
    predictions: pd.DataFrame  # test-block rows of data: actual, predicted, persistence, lower, upper, fold
    folds: pd.DataFrame  # one row per fold done: FOLD_COLUMNS
    summary: Mapping[str, float]  # rmse, persistence_rmse, skill, dm_stat, dm_pvalue, coverage, over all blocks
    coverage: float  # the band's nominal coverage
    config: TrainConfig
    stopped_by: str | None = None  # "budget": config.max_seconds ran out before the last fold


def rmse(err: np.ndarray) -> float:
    return float(np.sqrt(np.mean(err**2))) if len(err) else float("nan")


def skill(model_rmse: float, persistence_rmse: float) -> float:
    """1 - rmse / persistence_rmse: above 0 beats persistence, 1 is perfect; NaN where persistence is exact."""
    return 1 - model_rmse / persistence_rmse if persistence_rmse > 0 else float("nan")


def diebold_mariano(e_model: np.ndarray, e_base: np.ndarray) -> tuple[float, float]:
    """The Diebold-Mariano statistic and its two-sided p-value for equal mean squared one-step errors.

    d_t = e_model_t^2 - e_base_t^2; DM = mean(d) / sqrt(var(d) / N), var the sample variance about the mean
    (for one-step forecasts the d_t are taken as uncorrelated: no autocovariance terms). Under the null DM is
    asymptotically standard normal, so p = 2 (1 - Phi(|DM|)) = erfc(|DM| / sqrt 2); the normal tail is used
    instead of Student's t (no scipy), which for N above ~50 changes p in the second digit at most.
    DM < 0: the model's squared errors are smaller. Identical errors give (0, 1).
    """
    d = np.asarray(e_model, float) ** 2 - np.asarray(e_base, float) ** 2  # (N,)
    if len(d) < 2:
        return float("nan"), float("nan")
    mean, var = d.mean(), d.var()
    if var == 0:
        return (0.0, 1.0) if mean == 0 else (math.copysign(math.inf, mean), 0.0)
    stat = mean / math.sqrt(var / len(d))
    return float(stat), math.erfc(abs(stat) / math.sqrt(2))


def blocks(test_start: int, n: int, folds: int) -> list[np.ndarray]:
    """The model rows [test_start, n) cut into `folds` consecutive blocks of nearly equal length."""
    if not (isinstance(folds, int) and folds >= 1):
        raise ValueError(f"folds ({folds!r}) must be a whole number of at least 1")
    if n - test_start < folds:
        raise UserError("backtest.folds", folds=folds, rows=n - test_start)
    return np.array_split(np.arange(test_start, n), folds)


def backtest(
    data: pd.Series | pd.DataFrame,
    config: TrainConfig,
    *,
    folds: int = 5,
    coverage: float = COVERAGE,
    target: str | None = None,
    on_fold: Callable[[int, pd.DataFrame], bool | None] | None = None,
) -> BacktestResult:
    """Walk forward over `folds` test blocks (see the module docstring); `on_fold(k, folds_so_far)` returning
    False stops after fold k and keeps the folds done. config.max_seconds is the whole backtest's budget: each
    fold trains in what is left of it, and none starts once it has run out (stopped_by="budget").
    Deterministic for config.seed on a given machine, unless the budget cuts it."""
    check_coverage(coverage)  # before any training
    deadline, stopped_by = Deadline(config.max_seconds), None
    whole = Prepared.of(data, config, target)  # the checks and the split of a single fit on all rows
    fold_config = dataclasses.replace(config, test_fraction=0.0, test_start=None)
    y = whole.frame.iloc[:, 0].to_numpy()
    parts, rows = [], []
    for k, block in enumerate(blocks(whole.split.test_start, whole.split.n, folds), start=1):
        first = block[0]  # model row; the fold trains on model rows [0, first), data rows [0, first + offset)
        budget = dataclasses.replace(fold_config, max_seconds=deadline.left())
        result = fit(whole.frame.iloc[: first + whole.offset], budget, target=whole.frame.columns[0])
        fold = dataclasses.replace(whole, scaler=result.scaler)  # all rows, read through the fold's own scaler
        predicted = fold.predict(result.model, block - 1, 1)[:, 0]  # (rows,) from the windows ending before
        lower, upper = band(predicted, halfwidth(result.residuals[:, :1], coverage)[0])
        at = block + whole.offset  # data rows
        part = pd.DataFrame(
            {"actual": y[at], "predicted": predicted, "persistence": y[at - 1], "lower": lower, "upper": upper,
             "fold": k},
            index=whole.frame.index[at],
        )  # fmt: skip
        parts.append(part)
        m, p = rmse(part["predicted"] - part["actual"]), rmse(part["persistence"] - part["actual"])
        rows.append({
            "fold": k, "start": part.index[0], "end": part.index[-1], "rows": len(part),
            "train_rows": len(result.data), "best_epoch": result.best_epoch, "rmse": m, "persistence_rmse": p,
            "skill": skill(m, p), "coverage": coverage_of(part["actual"].to_numpy(), lower, upper),
        })  # fmt: skip
        if on_fold is not None and on_fold(k, pd.DataFrame(rows, columns=FOLD_COLUMNS)) is False:
            break
        if k < folds and deadline.passed():
            stopped_by = "budget"
            break
    predictions = pd.concat(parts)
    return BacktestResult(predictions, pd.DataFrame(rows, columns=FOLD_COLUMNS), summarise(predictions), coverage,
                          config, stopped_by)  # fmt: skip


def summarise(predictions: pd.DataFrame) -> dict[str, float]:
    """rmse, persistence_rmse, skill, dm_stat, dm_pvalue and coverage over all rows of a backtest's predictions."""
    e_model = (predictions["predicted"] - predictions["actual"]).to_numpy()
    e_base = (predictions["persistence"] - predictions["actual"]).to_numpy()
    m, p = rmse(e_model), rmse(e_base)
    stat, pvalue = diebold_mariano(e_model, e_base)
    inside = coverage_of(*(predictions[c].to_numpy() for c in ("actual", "lower", "upper")))
    return {"rmse": m, "persistence_rmse": p, "skill": skill(m, p), "dm_stat": stat, "dm_pvalue": pvalue,
            "coverage": inside}  # fmt: skip
