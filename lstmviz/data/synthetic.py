"""Seeded synthetic series to train on without a network: the same seed gives the same data.

The series kinds are defined in lstmviz.kinds; Gaussian noise of std `noise` is added to every kind.

Every series has a daily DatetimeIndex starting at `start`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lstmviz import kinds
from lstmviz.errors import Text, UserError

KINDS = ("noisy sine", "trend + seasonality", "random walk", "AR(1)", "square wave", "sum of sines")  # of lstmviz.kinds
PERIOD = 30.0  # days per cycle, about a month: several cycles fit in any lookback a page offers
DEMAND_COLUMNS = (
    "demand",
    "temperature",
    "holiday",
    "weekend",
    "weekday_sin",
    "weekday_cos",
    "yearday_sin",
    "yearday_cos",
    "promotion",
    "price",
)  # the target and nine inputs: the ten input features of the DemandLSTM preset
MAX_LENGTH = 20_000  # long enough for any lesson; beyond it training stops being interactive


def _check(length: int, noise: float) -> None:
    if not 10 <= length <= MAX_LENGTH:
        raise UserError("setting.between", setting=Text("Length (days)"), low=10, high=MAX_LENGTH, value=length)
    if not 0 <= noise <= 10:
        raise UserError("setting.between", setting=Text("Noise"), low=0, high=10, value=noise)


def synthetic(kind: str, length: int = 500, *, noise: float = 0.1, seed: int = 0, start: str = "2020-01-01"):
    """A pd.Series of `length` daily values of the given kind; `noise` is the std of added Gaussian noise."""
    if kind not in KINDS:
        raise UserError("setting.one_of", setting=Text("Series"), choices=KINDS, value=kind)
    _check(length, noise)
    rng = np.random.default_rng(seed)
    y = kinds.draw(kind, length, period=PERIOD, rng=rng, noise=noise)
    index = pd.date_range(start, periods=length, freq="D", name="date")
    return pd.Series(y, index=index, name=kind)


def holiday_calendar(index: pd.DatetimeIndex, country: str, language: str | None = None) -> dict:
    """{day: name} of `country`'s holidays over `index`'s years (ISO 3166 code, the holidays package's calendar:
    public holidays and, where the country has them, optional ones, as Brazil's Carnaval and Corpus Christi),
    named in `language` (a Babel name, "pt_BR") where the package has it."""
    import holidays  # 0.2 s and a few MB, paid by the first demand series in a language with a calendar

    country_class = holidays.country_holidays(country)
    categories = tuple({"public", "optional"} & set(country_class.supported_categories))
    language = language if language in country_class.supported_languages else None
    years = range(index[0].year, index[-1].year + 1)
    return dict(holidays.country_holidays(country, years=years, categories=categories, language=language))


def holiday_days(index: pd.DatetimeIndex, country: str) -> np.ndarray:
    """1.0 on the days of `index` that are holidays in `country` (holiday_calendar), else 0.0."""
    return index.normalize().isin(pd.to_datetime(list(holiday_calendar(index, country)))).astype(float)


def demand(
    length: int = 730, *, noise: float = 1.0, seed: int = 0, start: str = "2022-01-01", country: str | None = None
) -> pd.DataFrame:
    """A daily demand DataFrame with the columns DEMAND_COLUMNS; demand really depends on the others.

    demand = 100 + heating/cooling load (distance of temperature from 18 C) - 25 on holidays
    - 15 on weekends + 20 during promotions - 8 per unit of price above 10 + noise.
    Holidays: `country`'s calendar (holiday_days), or about 3% of the days at random when None.
    """
    _check(length, noise)
    rng = np.random.default_rng(seed)
    index = pd.date_range(start, periods=length, freq="D", name="date")
    weekday = index.day_of_week.to_numpy()
    yearday = index.day_of_year.to_numpy()
    season = np.cos(2 * np.pi * (yearday - 200) / 365.25)  # warmest mid-July
    temperature = 12 + 10 * season + 3 * rng.standard_normal(length)
    holiday = (rng.random(length) < 0.03).astype(float)  # drawn either way: the other columns stay the same
    if country is not None:
        holiday = holiday_days(index, country)
    weekend = (weekday >= 5).astype(float)
    promotion = (rng.random(length) < 0.1).astype(float)
    price = 10 + np.cumsum(0.05 * rng.standard_normal(length))
    load = 1.5 * np.abs(temperature - 18)
    y = 100 + load - 25 * holiday - 15 * weekend + 20 * promotion - 8 * (price - 10)
    columns = {
        "demand": y + noise * rng.standard_normal(length),
        "temperature": temperature,
        "holiday": holiday,
        "weekend": weekend,
        "weekday_sin": np.sin(2 * np.pi * weekday / 7),
        "weekday_cos": np.cos(2 * np.pi * weekday / 7),
        "yearday_sin": np.sin(2 * np.pi * yearday / 365.25),
        "yearday_cos": np.cos(2 * np.pi * yearday / 365.25),
        "promotion": promotion,
        "price": price,
    }
    return pd.DataFrame(columns, index=index)
