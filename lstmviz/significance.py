"""The Diebold–Mariano test of equal forecast accuracy, with the corrections a practitioner expects.

Letters: N forecasts, h their horizon (steps ahead), L the autocovariance lags of the variance.
d_t = e_model_t^2 - e_base_t^2, the loss differential. DM = mean(d) / sqrt(V / N) with V the long-run variance
of d: Newey–West's autocorrelation-consistent estimate γ_0 + 2 Σ_{k=1..L} (1 - k / (L + 1)) γ_k (Bartlett
weights, γ_k the autocovariance at lag k about the mean, divided by N). Loss differentials of h-step errors are
correlated up to lag h - 1 by construction, and one-step errors of a model that trails a random walk are
correlated far beyond (0.98 at lag 1 on the bundled prices): a variance without the γ_k makes DM too large.
L = max(h - 1, floor(S)) with Andrews' (1991) bandwidth for the Bartlett kernel from an AR(1) fit to d,
S = 1.1447 (α N)^(1/3), α = 4 ρ^2 / ((1 - ρ)^2 (1 + ρ)^2), ρ d's lag-1 autocorrelation (kept within ±0.99):
the more persistent d, the more lags. (A fixed rule such as Newey and West's 4 (N / 100)^(2/9) keeps 6 lags
at N = 750 whatever ρ is, and at ρ = 0.98 still calls a zero mean significant most of the time.)
Harvey, Leybourne and Newbold (1997) scale DM by sqrt((N + 1 - 2h + h (h - 1) / N) / N) and read it against
Student's t with N - 1 degrees of freedom, which keeps the test's size right in small samples.
DM < 0: the model's squared errors are smaller.
"""

from __future__ import annotations

import math

import numpy as np

RHO_MAX = 0.99  # d's lag-1 autocorrelation is kept within ±RHO_MAX: at 1 the bandwidth has no bound


def andrews_lags(d: np.ndarray, h: int = 1) -> int:
    """L for the loss differentials d (N,) of h-step forecasts (see the module docstring), at most N - 1."""
    u = d - d.mean()
    denominator = u[:-1] @ u[:-1]
    rho = float(np.clip(u[1:] @ u[:-1] / denominator, -RHO_MAX, RHO_MAX)) if denominator > 0 else 0.0
    alpha = 4 * rho**2 / ((1 - rho) ** 2 * (1 + rho) ** 2)
    return min(len(d) - 1, max(h - 1, math.floor(1.1447 * (alpha * len(d)) ** (1 / 3))))


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
    mean, v = d.mean(), long_run_variance(d, andrews_lags(d, h))
    if not v > 0:  # constant d; or a negative estimate, which Bartlett weights rule out up to rounding
        return (0.0, 1.0) if mean == 0 else (math.copysign(math.inf, mean), 0.0)
    hln = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    stat = hln * mean / math.sqrt(v / n)
    return float(stat), student_t_two_sided(stat, n - 1)


def student_t_two_sided(t: float, df: int) -> float:
    """P(|T| >= |t|) for Student's t with `df` degrees of freedom: the regularised incomplete beta
    I_x(df / 2, 1 / 2) at x = df / (df + t^2) (Abramowitz and Stegun 26.7.1). Written here, not taken from
    scipy, whose memory the server cannot spare for one function (bench/README.md); tested against it."""
    return _incomplete_beta(df / (df + t * t), df / 2, 0.5)


def _incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b) by its continued fraction (Lentz's method, as Numerical Recipes' betacf), to ~1e-15."""
    if x <= 0 or x >= 1:
        return float(x >= 1)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast below this point: use the symmetry beyond it
        return 1 - _incomplete_beta(1 - x, b, a)
    tiny, f, c, d = 1e-300, 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        if i == 0:
            num = 1.0
        elif i % 2 == 0:
            num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + num * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + num / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(1 - c * d) < 1e-15:
            break
    return front * (f - 1) / a
