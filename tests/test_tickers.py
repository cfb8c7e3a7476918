"""yfinance runs for real here; only its HTTP transport (curl_cffi's Session.request) is canned.

Any request the fake does not expect fails the test, so nothing reaches the internet.
"""

import json
import re

import pandas as pd
import pytest
import yfinance as yf
import yfinance.base
from curl_cffi.requests import Response, Session
from curl_cffi.requests import exceptions as curl_exc
from yfinance.data import YfData

from lstmviz.tickers import DataSourceError, download, parse_tickers

DAYS = pd.bdate_range("2024-01-02", periods=5, tz="America/New_York") + pd.Timedelta(hours=9, minutes=30)
CLOSES = [185.64, 184.25, 181.91, 181.18, 185.56]
NOT_FOUND = {
    "chart": {"result": None, "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"}}
}
QUOTE_NOT_FOUND = {"quoteSummary": {"result": None, "error": {"code": "Not Found", "description": "Quote not found"}}}


def chart(symbol: str) -> dict:
    """A Yahoo v8 chart answer as the API sends it (trimmed to the fields yfinance reads)."""
    n = len(CLOSES)
    return {
        "chart": {
            "result": [
                {
                    "meta": {
                        "currency": "USD",
                        "symbol": symbol,
                        "exchangeName": "NMS",
                        "instrumentType": "EQUITY",
                        "firstTradeDate": 345479400,
                        "regularMarketTime": int(DAYS[-1].timestamp()),
                        "gmtoffset": -18000,
                        "timezone": "EST",
                        "exchangeTimezoneName": "America/New_York",
                        "regularMarketPrice": CLOSES[-1],
                        "priceHint": 2,
                        "dataGranularity": "1d",
                        "range": "1mo",
                        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
                    },
                    "timestamp": [int(d.timestamp()) for d in DAYS],
                    "indicators": {
                        "quote": [
                            {
                                "open": CLOSES,
                                "high": [c + 1 for c in CLOSES],
                                "low": [c - 1 for c in CLOSES],
                                "close": CLOSES,
                                "volume": [50_000_000] * n,
                            }
                        ],
                        "adjclose": [{"adjclose": CLOSES}],
                    },
                }
            ],
            "error": None,
        }
    }


def response(url: str, status: int, body: str) -> Response:
    r = Response()
    r.status_code, r.url, r.content, r.encoding = status, url, body.encode(), "utf-8"
    return r


class FakeYahoo:
    """Answers Yahoo's URLs: cookie, consent page and crumb, then the chart per symbol from `routes`."""

    def __init__(self):
        self.routes = {}  # symbol -> "ok" | "missing" | "429" | an exception to raise
        self.unexpected = []
        self.charts = []  # (symbol, query parameters) of each chart request

    def request(self, session, method, url, **kwargs):
        if url.startswith("https://fc.yahoo.com"):
            return response(url, 404, "")
        if url.startswith("https://guce.yahoo.com/consent"):  # the csrf cookie strategy, tried after a 4xx
            return response(url, 200, "<html><body>no consent form here</body></html>")
        if "/v1/test/getcrumb" in url:
            return response(url, 200, "fake-crumb")
        q = re.match(r"https://query\d\.finance\.yahoo\.com/v10/finance/quoteSummary/([^/?]+)", url)
        if q and self.routes.get(q.group(1)) == "missing":  # yfinance asks for .info when the chart has no timezone
            return response(url, 404, json.dumps(QUOTE_NOT_FOUND))
        if url.startswith("https://query1.finance.yahoo.com/v7/finance/quote"):
            symbol = kwargs.get("params", {}).get("symbols")
            if self.routes.get(symbol) == "missing":
                return response(url, 200, json.dumps({"quoteResponse": {"result": [], "error": None}}))
        t = re.match(
            r"https://query\d\.finance\.yahoo\.com/ws/fundamentals-timeseries/v1/finance/timeseries/([^/?]+)", url
        )
        if t and self.routes.get(t.group(1)) == "missing":
            return response(url, 200, json.dumps({"timeseries": {"result": [], "error": None}}))
        m = re.match(r"https://query\d\.finance\.yahoo\.com/v8/finance/chart/([^/?]+)", url)
        route = self.routes.get(m.group(1)) if m else None
        if m:
            self.charts.append((m.group(1), kwargs.get("params") or {}))
        if route == "ok":
            return response(url, 200, json.dumps(chart(m.group(1))))
        if route == "missing":
            return response(url, 404, json.dumps(NOT_FOUND))
        if route == "429":
            return response(url, 429, "Too Many Requests")
        if isinstance(route, Exception):
            raise route
        self.unexpected.append((method, url))
        raise AssertionError(f"unexpected request {method} {url}")


@pytest.fixture
def yahoo(monkeypatch, tmp_path):
    fake = FakeYahoo()
    monkeypatch.setattr(Session, "request", lambda self, method, url, **kw: fake.request(self, method, url, **kw))
    yf.set_tz_cache_location(str(tmp_path))  # a fresh, empty tz and cookie cache
    data = YfData()
    data._crumb, data._cookie, data._cookie_strategy = None, None, "basic"
    YfData.cache_get.cache_clear()
    monkeypatch.setattr(yfinance.base, "_tz_info_fetch_ctr", 0)
    yield fake
    assert fake.unexpected == []


def test_valid_ticker_gives_closes(yahoo):
    yahoo.routes = {"AAPL": "ok", "MSFT": "ok"}
    df = download("aapl, MSFT", period="1mo")
    assert list(df.columns) == ["AAPL", "MSFT"]
    assert list(df.index) == list(pd.DatetimeIndex(DAYS.date))
    assert df.index.tz is None
    assert df["AAPL"].tolist() == pytest.approx(CLOSES)


def test_unknown_ticker_is_named(yahoo):
    yahoo.routes = {"AAPL": "ok", "NOSUCH": "missing"}
    with pytest.raises(DataSourceError, match="NOSUCH") as e:
        download(["AAPL", "NOSUCH"], period="1mo")
    assert e.value.kind == "unknown_ticker"
    assert e.value.tickers == ("NOSUCH",)


@pytest.mark.parametrize("info_fetches", [0, 2])  # yfinance asks .info for a timezone only twice per process
def test_unknown_ticker_with_dates(yahoo, monkeypatch, info_fetches):
    monkeypatch.setattr(yfinance.base, "_tz_info_fetch_ctr", info_fetches)
    yahoo.routes = {"NOSUCH": "missing"}
    with pytest.raises(DataSourceError) as e:
        download("NOSUCH", start="2024-01-01", end="2024-02-01")
    assert e.value.kind == "unknown_ticker"


def test_connection_error_is_network(yahoo):
    yahoo.routes = {"AAPL": curl_exc.ConnectionError("Failed to connect to query2.finance.yahoo.com")}
    with pytest.raises(DataSourceError, match="could not reach") as e:
        download("AAPL", period="1mo")
    assert e.value.kind == "network"


def test_429_is_rate_limit(yahoo):
    yahoo.routes = {"AAPL": "429"}
    with pytest.raises(DataSourceError) as e:
        download("AAPL", period="1mo")
    assert e.value.kind == "rate_limit"


def test_hide_exceptions_restored(yahoo):
    yahoo.routes = {"AAPL": "429"}
    before = yf.config.debug.hide_exceptions
    with pytest.raises(DataSourceError):
        download("AAPL", period="1mo")
    assert yf.config.debug.hide_exceptions == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "3y"}, "period must be one of"),
        ({"interval": "1h"}, "interval must be one of"),
        ({"period": "1y", "start": "2020-01-01"}, "not both"),
        ({"start": "2021-01-01", "end": "2020-01-01"}, "must be before end"),
        ({"timeout": 0}, r"timeout \(0\)"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        download("AAPL", **kwargs)


def test_parse_tickers():
    assert parse_tickers(" aapl,msft  AAPL ^gspc") == ("AAPL", "MSFT", "^GSPC")
    with pytest.raises(ValueError, match="empty"):
        parse_tickers(" , ")
    with pytest.raises(ValueError, match="not a Yahoo symbol"):
        parse_tickers("AA PL;")


def test_yfinance_multiindex_columns_from_download_and_from_its_csv(yahoo):
    """yf.download (the real one, on canned answers) gives (Price, Ticker) columns; both shapes are handled."""
    from lstmviz.csvdata import flatten_columns, read_csv

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
