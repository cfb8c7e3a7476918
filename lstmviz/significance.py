"""The Diebold–Mariano test of equal forecast accuracy, with the corrections a practitioner expects.

Letters: N forecasts, h their horizon (steps ahead), L the autocovariance lags of the variance.
d_t = e_model_t^2 - e_base_t^2, the loss differential. DM = mean(d) / sqrt(V / N) with V the long-run variance
of d: Newey–West's autocorrelation-consistent estimate γ_0 + 2 Σ_{k=1..L} (1 - k / (L + 1)) γ_k (Bartlett
weights, γ_k the autocovariance at lag k about the mean, divided by N). Loss differentials of h-step errors are
correlated up to lag h - 1 by construction, and one-step errors of a model that trails a random walk are
correlated far beyond (0.98 at lag 1 on the bundled prices): a variance without the γ_k makes DM too large.
L = max(h - 1, floor(4 (N / 100)^(2/9))), Newey and West's (1994) rule of thumb.
Harvey, Leybourne and Newbold (1997) scale DM by sqrt((N + 1 - 2h + h (h - 1) / N) / N) and read it against
Student's t with N - 1 degrees of freedom, which keeps the test's size right in small samples.
DM < 0: the model's squared errors are smaller.
"""

from __future__ import annotations

import math

import numpy as np


def newey_west_lags(n: int, h: int = 1) -> int:
    """L for N = n forecasts of horizon h (see the module docstring)."""
    return max(h - 1, math.floor(4 * (n / 100) ** (2 / 9)))


def long_run_variance(d: np.ndarray, lags: int) -> float:
    """Newey–West's estimate of the long-run variance of d (N,) with Bartlett weights up to `lags`."""
    u = d - d.mean()
    n = len(u)
    v = u @ u / n
    for k in range(1, min(lags, n - 1) + 1):
        v += 2 * (1 - k / (lags + 1)) * (u[k:] @ u[:-k]) / n
    return float(v)


def diebold_mariano(e_model: np.ndarray, e_base: np.ndarray, *, h: int = 1) -> tuple[float, float]:
    """The HLN-corrected Diebold–Mariano statistic and its two-sided p-value for equal mean squared errors.

    e_model, e_base (N,): the errors of h-step forecasts of the same N values. Identical squared errors give
    (0, 1); fewer than 3 forecasts, (NaN, NaN).
    """
    d = np.asarray(e_model, float) ** 2 - np.asarray(e_base, float) ** 2  # (N,)
    n = len(d)
    if n < 3:
        return float("nan"), float("nan")
    mean, v = d.mean(), long_run_variance(d, newey_west_lags(n, h))
    if not v > 0:  # constant d; or a negative estimate, which Bartlett weights rule out up to rounding
        return (0.0, 1.0) if mean == 0 else (math.copysign(math.inf, mean), 0.0)
    hln = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    stat = hln * mean / math.sqrt(v / n)
    from scipy.special import stdtr  # Student's t CDF; imported here: most pages never test significance

    return float(stat), float(2 * stdtr(n - 1, -abs(stat)))
