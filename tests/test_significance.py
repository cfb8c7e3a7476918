"""lstmviz.significance: the HLN-corrected Diebold–Mariano test against statsmodels' HAC variance and a hand case."""

import math

import numpy as np
import pytest
import scipy.stats
import statsmodels.api as sm

from lstmviz.significance import andrews_lags, diebold_mariano, long_run_variance, student_t_two_sided


def ar1(n, phi, seed):
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + rng.normal()
    return x


def test_the_lags_follow_andrews_and_cover_the_horizon():
    d = ar1(750, 0.5, 0)
    u = d - d.mean()
    rho = (u[1:] @ u[:-1]) / (u[:-1] @ u[:-1])
    alpha = 4 * rho**2 / ((1 - rho) ** 2 * (1 + rho) ** 2)
    assert andrews_lags(d) == math.floor(1.1447 * (alpha * 750) ** (1 / 3))
    assert andrews_lags(ar1(750, 0.98, 0)) > 5 * andrews_lags(d)  # the more persistent, the more lags
    white = np.random.default_rng(0).normal(size=100)
    assert andrews_lags(white, h=10) == 9  # h - 1 autocovariances at least
    assert andrews_lags(np.r_[np.zeros(5), 1.0]) == 1  # rho clipped; at most N - 1 lags
    assert andrews_lags(np.ones(6)) == 0  # constant: no autocorrelation to estimate


@pytest.mark.parametrize(("n", "h"), [(300, 1), (500, 5), (80, 3)])
def test_the_variance_is_statsmodels_hac_and_the_p_is_students_t(n, h):
    """statsmodels' OLS of d on a constant with a Bartlett HAC covariance at the same lags is the same variance."""
    rng = np.random.default_rng(n)
    e_model, e_base = ar1(n, 0.9, 1) + rng.normal(size=n), ar1(n, 0.9, 2)
    d = e_model**2 - e_base**2
    lags = andrews_lags(d, h)
    ols = sm.OLS(d, np.ones(n)).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": False})
    assert long_run_variance(d, lags) / n == pytest.approx(ols.bse[0] ** 2, rel=1e-10)
    hln = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    stat, p = diebold_mariano(e_model, e_base, h=h)
    assert stat == pytest.approx(hln * ols.params[0] / ols.bse[0], rel=1e-10)
    assert p == pytest.approx(2 * scipy.stats.t.sf(abs(stat), n - 1), rel=1e-10)


def test_autocorrelated_loss_differences_no_longer_look_significant():
    """Loss differences correlated 0.98 at lag 1, as a model trailing prices makes: the iid variance calls a mean
    of zero significant most of the time (176 of these 200 series); Andrews' HAC variance 48 (24 %), not the nominal
    5 % (no HAC estimate gets there at this persistence and N), but a quarter as often."""
    rejected_iid, rejected_hac = 0, 0
    for seed in range(200):
        d = ar1(750, 0.98, seed) * 0.1  # mean 0 under the null
        e_model, e_base = np.sqrt(np.maximum(d, 0)), np.sqrt(np.maximum(-d, 0))
        iid = d.mean() / math.sqrt(d.var() / len(d))
        rejected_iid += math.erfc(abs(iid) / math.sqrt(2)) < 0.05
        rejected_hac += diebold_mariano(e_model, e_base)[1] < 0.05
    assert rejected_iid > 150
    assert rejected_hac < rejected_iid / 3


def test_degenerate_cases():
    e = np.array([1.0, -2.0, 3.0, 0.5])
    assert diebold_mariano(e, -e) == (0.0, 1.0)  # the same squared errors
    assert diebold_mariano(e[:2], e[:2] + 1) == (pytest.approx(float("nan"), nan_ok=True),) * 2
    stat, p = diebold_mariano(np.ones(10), np.zeros(10))  # always worse by exactly 1: no variance
    assert stat == math.inf and p == 0.0


@pytest.mark.parametrize("df", [1, 2, 5, 29, 99, 749, 5000])
def test_students_t_is_scipys(df):
    for t in (0.0, 0.3, 1.0, 1.96, 2.6, 5.0, 12.0, 60.0):
        assert student_t_two_sided(t, df) == pytest.approx(2 * scipy.stats.t.sf(t, df), rel=1e-10, abs=1e-300)
