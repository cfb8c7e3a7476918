"""A canned Yahoo Finance: yfinance runs for real, only its HTTP transport (curl_cffi's Session.request) is faked.

Any request the fake does not expect fails the test, so nothing reaches the internet. Tests get it
through the `yahoo` fixture (tests/conftest.py).
"""

import json
import re

import pandas as pd
import yfinance as yf
import yfinance.base
from curl_cffi.requests import Response, Session
from yfinance.data import YfData

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


def install(monkeypatch, tmp_path) -> FakeYahoo:
    """Route yfinance's requests to a fresh FakeYahoo, with empty tz and cookie caches."""
    fake = FakeYahoo()
    monkeypatch.setattr(Session, "request", lambda self, method, url, **kw: fake.request(self, method, url, **kw))
    yf.set_tz_cache_location(str(tmp_path))  # a fresh, empty tz and cookie cache
    data = YfData()
    data._crumb, data._cookie, data._cookie_strategy = None, None, "basic"
    YfData.cache_get.cache_clear()
    monkeypatch.setattr(yfinance.base, "_tz_info_fetch_ctr", 0)
    return fake
