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
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lstmviz import ets, evaluation
from lstmviz.baselines import naive_scale
from lstmviz.budget import Deadline
from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.evaluation import rmse, skill
from lstmviz.intervals import CONFORMAL, COVERAGE, band, check_coverage, coverage_of, halfwidth, recent_halfwidth
from lstmviz.prepare import Prepared
from lstmviz.significance import diebold_mariano
from lstmviz.train import fit

FOLD_COLUMNS = ("fold", "start", "end", "rows", "train_rows", "best_epoch", "rmse", "persistence_rmse", "skill",
                "coverage", "drift_rmse", "ets_rmse", "mase", "direction", "dm_pvalue", "winkler",
                "width")  # fmt: skip


@dataclass(frozen=True)
class BacktestResult:
    predictions: pd.DataFrame  # test-block rows of data: actual, predicted, persistence, lower, upper, fold, drift, ets
    folds: pd.DataFrame  # one row per fold done: FOLD_COLUMNS
    summary: Mapping[str, float]  # rmse, persistence_rmse, skill, dm_stat, dm_pvalue, coverage, drift_rmse, ets_rmse,
    # winkler, width: over all blocks
    coverage: float  # the band's nominal coverage
    config: TrainConfig
    stopped_by: str | None = None  # "budget": config.max_seconds ran out before the last fold
    by_step: pd.DataFrame | None = None  # one row per horizon step: evaluation.BY_STEP_COLUMNS, over all blocks
    conformal: str = "split"  # how the bands were made: intervals.CONFORMAL


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
    conformal: str = "split",
) -> BacktestResult:
    """Walk forward over `folds` test blocks (see the module docstring); `on_fold(k, folds_so_far)` returning
    False stops after fold k and keeps the folds done. config.max_seconds is the whole backtest's budget: each
    fold trains in what is left of it, and none starts once it has run out (stopped_by="budget").
    Deterministic for config.seed on a given machine, unless the budget cuts it.
    `conformal`: "split" bands each block from its fold's validation errors; "recent" from the latest errors
    known before each row (intervals.recent_halfwidth). Every step 1..K of the horizon is scored too (by_step)."""
    check_coverage(coverage)  # before any training
    if conformal not in CONFORMAL:
        raise ValueError(f"conformal ({conformal!r}) must be one of {', '.join(CONFORMAL)}")
    deadline, stopped_by = Deadline(config.max_seconds), None
    whole = Prepared.of(data, config, target)  # the checks and the split of a single fit on all rows
    fold_config = dataclasses.replace(config, test_fraction=0.0, test_start=None)
    y = whole.frame.iloc[:, 0].to_numpy()
    parts, rows, steps = [], [], [[] for _ in range(config.horizon)]
    for k, block in enumerate(blocks(whole.split.test_start, whole.split.n, folds), start=1):
        first = block[0]  # model row; the fold trains on model rows [0, first), the data rows before its own
        budget = dataclasses.replace(fold_config, max_seconds=deadline.left())
        result = fit(whole.frame.iloc[: whole.rows.data(first)], budget, target=whole.frame.columns[0])
        fold = dataclasses.replace(whole, scaler=result.scaler)  # all rows, read through the fold's own scaler
        K, at = config.horizon, whole.rows.data(block)  # at: data rows
        # ahead[j, s-1]: the forecast s steps ahead from origin block[0] - K + j; step s of row t is made at t - s
        ahead = fold.predict(result.model, np.arange(block[0] - K, block[-1]), K)  # (rows + K - 1, K)
        split_q = halfwidth(result.residuals, coverage)  # (K,)
        for s in range(1, K + 1):
            forecast = ahead[K - s : K - s + len(block), s - 1]
            q = split_q[s - 1] if conformal == "split" else recent_halfwidth(
                result.residuals[:, s - 1], forecast - y[at], coverage, s)  # fmt: skip
            lower, upper = band(forecast, q)
            steps[s - 1].append(pd.DataFrame({"actual": y[at], "predicted": forecast, "persistence": y[at - s],
                                              "lower": lower, "upper": upper}))  # fmt: skip
        predicted, lower, upper = (steps[0][-1][c].to_numpy() for c in ("predicted", "lower", "upper"))  # step 1
        n_train = result.rows.data_end("train")  # the fold's training rows (data rows), as fit's scaler's
        part = pd.DataFrame(
            {"actual": y[at], "predicted": predicted, "persistence": y[at - 1], "lower": lower, "upper": upper,
             "fold": k, "drift": ets.drift(y[: at[-1] + 1], n_train)[at], "ets": ets.ets(y[: at[-1] + 1], n_train)[at]},
            index=whole.frame.index[at],
        )  # fmt: skip
        parts.append(part)
        rows.append({
            "fold": k, "start": part.index[0], "end": part.index[-1], "rows": len(part),
            "train_rows": len(result.data), "best_epoch": result.best_epoch,
            **evaluation.fold_scores(part, coverage, naive_scale(y[:n_train])),
        })  # fmt: skip
        if on_fold is not None and on_fold(k, pd.DataFrame(rows, columns=FOLD_COLUMNS)) is False:
            break
        if k < folds and deadline.passed():
            stopped_by = "budget"
            break
    predictions = pd.concat(parts)
    by_step = evaluation.by_step([pd.concat(s, ignore_index=True) for s in steps])
    return BacktestResult(predictions, pd.DataFrame(rows, columns=FOLD_COLUMNS), summarise(predictions, coverage),
                          coverage, config, stopped_by, by_step, conformal)  # fmt: skip


def summarise(predictions: pd.DataFrame, coverage: float = COVERAGE) -> dict[str, float]:
    """rmse, persistence_rmse, skill, dm_stat, dm_pvalue (lstmviz.significance), coverage, drift_rmse, ets_rmse,
    winkler and width (lstmviz.evaluation; `coverage` the band's nominal one) over all rows of a backtest's
    predictions."""
    e_model = (predictions["predicted"] - predictions["actual"]).to_numpy()
    e_base = (predictions["persistence"] - predictions["actual"]).to_numpy()
    m, p = rmse(e_model), rmse(e_base)
    stat, pvalue = diebold_mariano(e_model, e_base)
    y, lower, upper = (predictions[c].to_numpy() for c in ("actual", "lower", "upper"))
    return {
        "rmse": m, "persistence_rmse": p, "skill": skill(m, p), "dm_stat": stat, "dm_pvalue": pvalue,
        "coverage": coverage_of(y, lower, upper), "drift_rmse": rmse(predictions["drift"].to_numpy() - y),
        "ets_rmse": rmse(predictions["ets"].to_numpy() - y), "winkler": evaluation.winkler(y, lower, upper, coverage),
        "width": evaluation.width(lower, upper),
    }  # fmt: skip
