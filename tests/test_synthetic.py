import numpy as np
import pandas as pd
import pytest

from lstmviz.data.synthetic import DEMAND_COLUMNS, KINDS, demand, synthetic
from lstmviz.errors import UserError


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_seeded_daily_and_finite(kind):
    a = synthetic(kind, 120, noise=0.2, seed=3)
    assert isinstance(a.index, pd.DatetimeIndex) and a.index.freqstr == "D"
    assert len(a) == 120 and np.isfinite(a).all()
    pd.testing.assert_series_equal(a, synthetic(kind, 120, noise=0.2, seed=3))
    assert not a.equals(synthetic(kind, 120, noise=0.2, seed=4))


def test_noise_zero_gives_the_clean_sine():
    s = synthetic("noisy sine", 60, noise=0.0)
    np.testing.assert_allclose(s.to_numpy(), np.sin(2 * np.pi * np.arange(60) / 30), atol=1e-12)


def test_demand_has_ten_columns_that_drive_it():
    df = demand(730, seed=1)
    assert tuple(df.columns) == DEMAND_COLUMNS and len(DEMAND_COLUMNS) == 10
    X = np.column_stack([np.abs(df.temperature - 18), df.holiday, df.weekend, df.promotion, df.price, np.ones(len(df))])
    coef, *_ = np.linalg.lstsq(X, df.demand.to_numpy(), rcond=None)
    np.testing.assert_allclose(coef[:5], [1.5, -25, -15, 20, -8], atol=1.0)


@pytest.mark.parametrize(
    ("call", "code", "setting", "value"),
    [
        (lambda: synthetic("zigzag"), "setting.one_of", "Series", "zigzag"),
        (lambda: synthetic("AR(1)", 5), "setting.between", "Length (days)", 5),
        (lambda: synthetic("AR(1)", noise=-1), "setting.between", "Noise", -1),
        (lambda: demand(3), "setting.between", "Length (days)", 3),
    ],
)
def test_bad_arguments(call, code, setting, value):
    with pytest.raises(UserError) as e:
        call()
    assert (e.value.code, e.value.params["setting"], e.value.params["value"]) == (code, setting, value)
