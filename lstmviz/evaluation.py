"""What a backtest reports beyond RMSE: per-fold scores, every horizon step, and the interval score.

Letters: N test rows, K horizon steps, s a step (1..K), α = 1 - coverage.
The interval (Winkler) score of a band [l, u] at coverage 1 - α and an actual y is
(u - l) + (2 / α) (l - y) [y < l] + (2 / α) (y - u) [y > u] (Gneiting and Raftery 2007): its width, plus a
penalty for each miss that grows with the miss, so a band cannot score well by being narrow or by being wide.
Lower is better; its mean over the rows is what a fold reports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lstmviz.baselines import scores
from lstmviz.intervals import coverage_of
from lstmviz.significance import diebold_mariano

BY_STEP_COLUMNS = ("step", "rows", "rmse", "persistence_rmse", "skill", "coverage", "dm_pvalue")


def rmse(err: np.ndarray) -> float:
    return float(np.sqrt(np.mean(err**2))) if len(err) else float("nan")


def skill(model_rmse: float, persistence_rmse: float) -> float:
    """1 - rmse / persistence_rmse: above 0 beats persistence, 1 is perfect; NaN where persistence is exact."""
    return 1 - model_rmse / persistence_rmse if persistence_rmse > 0 else float("nan")


def winkler(actual: np.ndarray, lower: np.ndarray, upper: np.ndarray, coverage: float) -> float:
    """The mean interval score (see the module docstring) over the rows with a finite band; NaN with none."""
    known = np.isfinite(lower) & np.isfinite(upper)
    if not known.any():
        return float("nan")
    y, lo, hi, a = actual[known], lower[known], upper[known], 1 - coverage
    score = (hi - lo) + (2 / a) * (lo - y) * (y < lo) + (2 / a) * (y - hi) * (y > hi)
    return float(score.mean())


def width(lower: np.ndarray, upper: np.ndarray) -> float:
    """The band's mean width over the rows with a finite band; NaN with none."""
    w = upper - lower
    return float(np.nanmean(w)) if np.isfinite(w).any() else float("nan")


def fold_scores(part: pd.DataFrame, coverage: float, scale: float) -> dict[str, float]:
    """One fold's block (a BacktestResult.predictions slice) scored: the model's rmse, persistence's, skill, the
    baselines' rmse (drift, ets), MASE (`scale`: persistence's mean absolute error on the fold's training rows),
    direction (the share of steps moved the right way), the Diebold–Mariano p against persistence, the band's
    coverage, interval score and mean width."""
    y = part["actual"].to_numpy()
    lower, upper = part["lower"].to_numpy(), part["upper"].to_numpy()
    e_model, e_base = part["predicted"].to_numpy() - y, part["persistence"].to_numpy() - y
    m, p = rmse(e_model), rmse(e_base)
    s = scores(y, part["predicted"].to_numpy(), part["persistence"].to_numpy(), scale)
    return {
        "rmse": m, "persistence_rmse": p, "skill": skill(m, p),
        "drift_rmse": rmse(part["drift"].to_numpy() - y), "ets_rmse": rmse(part["ets"].to_numpy() - y),
        "mase": s["mase"], "direction": s["directional_accuracy"], "dm_pvalue": diebold_mariano(e_model, e_base)[1],
        "coverage": coverage_of(y, lower, upper), "winkler": winkler(y, lower, upper, coverage),
        "width": width(lower, upper),
    }  # fmt: skip


def by_step(steps: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per horizon step from `steps`: for step s, a frame of every test row's actual, predicted (made s
    steps before), persistence (the value s steps before), lower and upper (its band at step s)."""
    rows = []
    for s, part in enumerate(steps, start=1):
        y = part["actual"].to_numpy()
        e_model, e_base = part["predicted"].to_numpy() - y, part["persistence"].to_numpy() - y
        m, p = rmse(e_model), rmse(e_base)
        rows.append({
            "step": s, "rows": len(part), "rmse": m, "persistence_rmse": p, "skill": skill(m, p),
            "coverage": coverage_of(y, part["lower"].to_numpy(), part["upper"].to_numpy()),
            "dm_pvalue": diebold_mariano(e_model, e_base, h=s)[1],
        })  # fmt: skip
    return pd.DataFrame(rows, columns=BY_STEP_COLUMNS)


def seed_spread(results: list) -> pd.DataFrame | None:
    """Each fold's skill over the BacktestResults of the same backtest with other seeds (the folds all of them did):
    columns fold, seeds, skill_min, skill_median, skill_max; None with fewer than two results."""
    if len(results) < 2:
        return None
    folds = min(len(r.folds) for r in results)
    skills = np.array([r.folds["skill"].to_numpy()[:folds] for r in results])  # (seeds, folds)
    return pd.DataFrame({"fold": np.arange(1, folds + 1), "seeds": len(results), "skill_min": skills.min(axis=0),
                         "skill_median": np.median(skills, axis=0), "skill_max": skills.max(axis=0)})  # fmt: skip
