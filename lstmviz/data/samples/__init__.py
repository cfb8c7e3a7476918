"""Real daily market data bundled with the package (see README.md here for the source and license)."""

from __future__ import annotations

from importlib import resources

import pandas as pd

SAMPLES = {
    "sp500": "sp500_daily_1999_2018.csv.gz",  # S&P 500: Open, High, Low, Close, Adj Close, Volume
    "vix": "vix_daily_2014_2019.csv.gz",  # CBOE volatility index: vix
}


def load_sample(name: str) -> pd.DataFrame:
    """The bundled sample `name`: floats indexed by trading day (a DatetimeIndex named "date")."""
    if name not in SAMPLES:
        raise ValueError(f"sample must be one of {', '.join(SAMPLES)}; got {name!r}")
    with resources.files(__package__).joinpath(SAMPLES[name]).open("rb") as fh:
        df = pd.read_csv(fh, compression="gzip", na_values=["."])
    df.index = pd.DatetimeIndex(pd.to_datetime(df.pop("Date"), format="%m/%d/%Y"), name="date")
    return df.astype(float).dropna(how="all")  # the VIX file marks market holidays with "."
