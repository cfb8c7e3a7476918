"""Split-conformal prediction intervals: a band around each forecast from errors on held-out windows.

Letters: N calibration windows, K horizon steps.
With N calibration errors e_1..e_N and a new error e exchangeable with them, the band
forecast ± q, q the ceil((N + 1) c)-th smallest |e_i|, holds the actual with probability at least c
(Vovk et al. 2005; Lei et al. 2018). With too few errors for that rank, q is infinite: no finite band
can promise c. Here the calibration windows are the validation split, which training never fits
(it only picks the epoch), so the guarantee holds to the extent the test errors resemble the validation ones.
"""

from __future__ import annotations

import math

import numpy as np

COVERAGE = 0.9  # the share of actuals a band should hold, where no other is asked for


def check_coverage(coverage: float) -> None:
    if not 0 < coverage < 1:
        raise ValueError(f"coverage ({coverage}) must be between 0 and 1")


def halfwidth(residuals: np.ndarray, coverage: float = COVERAGE) -> np.ndarray:
    """q (K,) per horizon step from calibration residuals (N, K) (forecast minus actual); inf when N is too few."""
    check_coverage(coverage)
    residuals = np.asarray(residuals, dtype=float)
    n = len(residuals)
    rank = math.ceil((n + 1) * coverage)
    if rank > n:
        return np.full(residuals.shape[1], np.inf)
    return np.sort(np.abs(residuals), axis=0)[rank - 1]


def band(predicted: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """lower, upper = predicted -/+ q; NaN where q is infinite (no band to draw)."""
    q = np.where(np.isfinite(q), q, np.nan)
    return predicted - q, predicted + q


def coverage_of(actual: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """The share of actuals inside [lower, upper]; NaN with no finite band or no actual."""
    inside = (actual >= lower) & (actual <= upper)
    known = np.isfinite(lower) & np.isfinite(upper) & np.isfinite(actual)
    return float(inside[known].mean()) if known.any() else float("nan")


CONFORMAL = ("split", "recent")  # the band of a backtest's block: the validation errors', or the latest errors'


def recent_halfwidth(calibration: np.ndarray, errors: np.ndarray, coverage: float = COVERAGE,
                     steps: int = 1) -> np.ndarray:  # fmt: skip
    """Adaptive (recent-window) conformal: q_j (N,) for each new row j from the latest len(calibration) errors
    known when its forecast was made, `steps` rows before it: the calibration errors (N_cal,) followed by the new
    rows' own errors (N,) up to row j - steps.

    The first row's q is split-conformal's; each later one drops the oldest error and adds the one just seen,
    so the band follows a change in volatility that the validation split did not have. Row j's error is known
    once row j is, so the band of a forecast reads errors of rows up to its origin only.
    """
    window = len(calibration)
    known = np.abs(np.concatenate([calibration, errors]))  # (N_cal + N,)
    ends = window + np.maximum(0, np.arange(len(errors)) - steps + 1)  # known[:end] is known at row j's origin
    return np.array([halfwidth(known[end - window : end, None], coverage)[0] for end in ends])
