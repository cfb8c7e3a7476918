"""Closing prices from Yahoo Finance through yfinance, with failures turned into DataSourceError (lstmviz.errors).

yfinance.download() catches every per-ticker failure and only logs it (yfinance 1.7 keeps them
in a per-call context, not in `shared._ERRORS`), so a dead network and a misspelt ticker both
come back as an empty column. Ticker.history() with `config.debug.hide_exceptions = False`
raises instead, and the exception says which it was.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

import pandas as pd

from lstmviz.errors import DataSourceError, Text, UserError

PERIODS = ("1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max")
INTERVALS = ("1d", "1wk")
MAX_TICKERS = 10  # one request each, in sequence; more would keep a page waiting
_SYMBOL = re.compile(r"^[A-Z0-9.^=\-]{1,15}$")
_LOCK = threading.Lock()  # hide_exceptions is global to yfinance; two downloads must not interleave it


def parse_tickers(tickers: str | Iterable[str]) -> tuple[str, ...]:
    """Upper-case symbols from "AAPL, msft" or a list; UserError on a malformed one."""
    items = tickers.replace(",", " ").split() if isinstance(tickers, str) else list(tickers)
    symbols = tuple(dict.fromkeys(s.strip().upper() for s in items if s.strip()))
    if not symbols:
        raise UserError("tickers.empty")
    if len(symbols) > MAX_TICKERS:
        raise UserError("tickers.too_many", most=MAX_TICKERS, count=len(symbols))
    for s in symbols:
        if not _SYMBOL.match(s):
            raise UserError("tickers.bad_symbol", symbol=s)
    return symbols


def _yfinance():
    """yfinance (and its yfinance.exceptions), imported on first use: 22 MB of a server's memory that waits until
    someone asks Yahoo."""
    import yfinance.exceptions  # binds yfinance, with its exceptions submodule loaded

    return yfinance


def _close(yf, symbol: str, history_kwargs: dict) -> pd.Series:
    """One ticker's adjusted close through `yf` (_yfinance()); yfinance exceptions become DataSourceError."""
    try:
        df = yf.Ticker(symbol).history(**history_kwargs)
    except yf.exceptions.YFRateLimitError:
        raise DataSourceError("yahoo.rate_limit") from None
    except yf.exceptions.YFTickerMissingError:
        raise DataSourceError("yahoo.unknown_ticker", tickers=(symbol,)) from None
    except OSError as e:  # curl_cffi's and requests' errors are OSErrors, HTTPError included
        status = getattr(getattr(e, "response", None), "status_code", None)
        if status == 404:
            raise DataSourceError("yahoo.unknown_ticker", tickers=(symbol,)) from None
        raise DataSourceError("yahoo.network") from None
    except Exception:  # yfinance parsing a page it did not expect
        raise DataSourceError("yahoo.bad_response") from None
    if df.empty or "Close" not in df or df["Close"].isna().all():
        raise DataSourceError("yahoo.unknown_ticker", tickers=(symbol,))
    close = df["Close"].astype(float).rename(symbol)
    close.index = pd.DatetimeIndex(close.index.tz_localize(None).normalize(), name="date")
    return close


def download(
    tickers: str | Iterable[str],
    *,
    period: str | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    interval: str = "1d",
    timeout: float = 10,
) -> pd.DataFrame:
    """Adjusted closing prices, one column per ticker, indexed by date (tz-naive).

    Give `period` (one of PERIODS) or `start` and/or `end` (end exclusive), not both.
    Raises UserError for bad arguments and DataSourceError (a UserError) when Yahoo gives no data.
    """
    symbols = parse_tickers(tickers)
    if interval not in INTERVALS:
        raise UserError("setting.one_of", setting=Text("Interval"), choices=INTERVALS, value=interval)
    if period is not None and (start is not None or end is not None):
        raise ValueError(f"give period ({period!r}) or start/end ({start}, {end}), not both")
    if period is not None and period not in PERIODS:
        raise UserError("setting.one_of", setting=Text("Period"), choices=PERIODS, value=period)
    if period is None and start is None and end is None:
        period = "1y"
    if start is not None and end is not None and pd.Timestamp(start) >= pd.Timestamp(end):
        raise UserError("tickers.dates", start=pd.Timestamp(start), end=pd.Timestamp(end))
    if not 0 < timeout <= 120:
        raise ValueError(f"timeout ({timeout}) must be between 0 and 120 seconds")
    kwargs = dict(interval=interval, auto_adjust=True, actions=False, timeout=timeout)
    kwargs.update({"period": period} if period is not None else {"start": start, "end": end})
    yf = _yfinance()
    with _LOCK:
        hide = yf.config.debug.hide_exceptions
        yf.config.debug.hide_exceptions = False
        try:
            columns, unknown = [], []
            for s in symbols:
                try:
                    columns.append(_close(yf, s, kwargs))
                except DataSourceError as e:
                    if e.kind != "unknown_ticker":
                        raise
                    unknown.append(s)
        finally:
            yf.config.debug.hide_exceptions = hide
    if unknown:
        raise DataSourceError("yahoo.unknown_ticker", tickers=tuple(unknown))
    return pd.concat(columns, axis=1).sort_index()
