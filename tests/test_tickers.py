"""lstmviz.data.tickers over the real yfinance, on canned Yahoo answers (tests/fakeyahoo.py, the `yahoo` fixture)."""

import pandas as pd
import pytest
import yfinance as yf
import yfinance.base
from curl_cffi.requests import exceptions as curl_exc

from lstmviz.data.tickers import DataSourceError, download, parse_tickers
from lstmviz.errors import UserError
from tests.fakeyahoo import CLOSES, DAYS


def test_valid_ticker_gives_closes(yahoo):
    yahoo.routes = {"AAPL": "ok", "MSFT": "ok"}
    df = download("aapl, MSFT", period="1mo")
    assert list(df.columns) == ["AAPL", "MSFT"]
    assert list(df.index) == list(pd.DatetimeIndex(DAYS.date))
    assert df.index.tz is None
    assert df["AAPL"].tolist() == pytest.approx(CLOSES)


def test_unknown_ticker_is_named(yahoo):
    yahoo.routes = {"AAPL": "ok", "NOSUCH": "missing"}
    with pytest.raises(DataSourceError) as e:
        download(["AAPL", "NOSUCH"], period="1mo")
    assert e.value.kind == "unknown_ticker" and e.value.code == "yahoo.unknown_ticker"
    assert e.value.tickers == ("NOSUCH",) and e.value.params == {"tickers": ("NOSUCH",)}


@pytest.mark.parametrize("info_fetches", [0, 2])  # yfinance asks .info for a timezone only twice per process
def test_unknown_ticker_with_dates(yahoo, monkeypatch, info_fetches):
    monkeypatch.setattr(yfinance.base, "_tz_info_fetch_ctr", info_fetches)
    yahoo.routes = {"NOSUCH": "missing"}
    with pytest.raises(DataSourceError) as e:
        download("NOSUCH", start="2024-01-01", end="2024-02-01")
    assert e.value.kind == "unknown_ticker"


def test_connection_error_is_network(yahoo):
    yahoo.routes = {"AAPL": curl_exc.ConnectionError("Failed to connect to query2.finance.yahoo.com")}
    with pytest.raises(DataSourceError) as e:
        download("AAPL", period="1mo")
    assert e.value.kind == "network"


def test_429_is_rate_limit_and_yfinance_settings_are_restored(yahoo):
    yahoo.routes = {"AAPL": "429"}
    before = yf.config.debug.hide_exceptions
    with pytest.raises(DataSourceError) as e:
        download("AAPL", period="1mo")
    assert e.value.kind == "rate_limit"
    assert yf.config.debug.hide_exceptions == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "3y"}, "Period must be one of"),
        ({"interval": "1h"}, "Interval must be one of"),
        ({"period": "1y", "start": "2020-01-01"}, "not both"),
        ({"start": "2021-01-01", "end": "2020-01-01"}, r"the start date \(2021-01-01\) must come before"),
        ({"timeout": 0}, r"timeout \(0\)"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        download("AAPL", **kwargs)


def test_parse_tickers():
    assert parse_tickers(" aapl,msft  AAPL ^gspc") == ("AAPL", "MSFT", "^GSPC")
    with pytest.raises(UserError) as e:
        parse_tickers(" , ")
    assert e.value.code == "tickers.empty"
    with pytest.raises(UserError) as e:
        parse_tickers("AA PL;")
    assert (e.value.code, e.value.params) == ("tickers.bad_symbol", {"symbol": "PL;"})
    with pytest.raises(UserError) as e:
        parse_tickers([f"T{k}" for k in range(12)])
    assert (e.value.code, e.value.params) == ("tickers.too_many", {"most": 10, "count": 12})


def test_yfinance_multiindex_columns_from_download_and_from_its_csv(yahoo):
    """yf.download (the real one, on canned answers) gives (Price, Ticker) columns; both shapes are handled."""
    from lstmviz.data.csvdata import flatten_columns, read_csv

    yahoo.routes = {"AAPL": "ok", "MSFT": "ok"}
    many = yf.download(["AAPL", "MSFT"], period="1mo", progress=False, auto_adjust=True, threads=False)
    one = yf.download("AAPL", period="1mo", progress=False, auto_adjust=True, threads=False)
    assert isinstance(many.columns, pd.MultiIndex) and isinstance(one.columns, pd.MultiIndex)
    assert flatten_columns(one).columns.tolist() == ["Close", "High", "Low", "Open", "Volume"]
    assert "Close MSFT" in flatten_columns(many).columns
    assert flatten_columns(many)["Close AAPL"].tolist() == pytest.approx(CLOSES)

    info = read_csv(many.to_csv().encode())  # what a user uploads after saving yf.download's frame
    assert info.date_column == "Date" and "Close AAPL" in info.numeric_columns
    assert info.frame["Close AAPL"].tolist() == pytest.approx(CLOSES)
    assert list(info.frame.index) == list(pd.DatetimeIndex(DAYS.date))
    single = read_csv(one.to_csv().encode())
    assert single.numeric_columns == ("Close", "High", "Low", "Open", "Volume")
