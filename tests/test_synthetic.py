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


def test_demand_in_brazil_follows_brazils_calendar_and_keeps_the_other_columns():
    made_up, brazil = demand(730, seed=1), demand(730, seed=1, country="BR")
    days = brazil.index[brazil["holiday"] == 1]
    for day in ("2022-02-28", "2022-03-01", "2022-04-21", "2022-06-16", "2023-02-21", "2023-06-08", "2023-12-25"):
        assert pd.Timestamp(day) in days  # Carnaval, Tiradentes, Corpus Christi, Christmas
    assert len(days) == 32 and pd.Timestamp("2022-07-04") not in days  # 16 a year; not the 4th of July
    others = ["holiday", "demand"]
    pd.testing.assert_frame_equal(made_up.drop(columns=others), brazil.drop(columns=others))
    # demand drops by 25 on a holiday: the same draws, shifted exactly where the two calendars differ
    np.testing.assert_allclose(brazil["demand"] - made_up["demand"], -25 * (brazil["holiday"] - made_up["holiday"]))
