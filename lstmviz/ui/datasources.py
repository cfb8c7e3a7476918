"""The Train page's data panel: synthetic, bundled sample, Yahoo Finance or an uploaded CSV.

`choose_data()` draws the controls in the current container and returns the data to train on,
or None after showing, beside the input, why there is none. Failures never lose the user's
settings, and a failed download offers the bundled sample in one click.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from lstmviz.data import csvdata, synthetic, tickers
from lstmviz.data.samples import load_sample
from lstmviz.ui import csvupload, i18n
from lstmviz.ui.i18n import t

SOURCES = ["synthetic", "sample", "yahoo", "csv"]
SYNTHETIC_KINDS = [*synthetic.KINDS, "demand"]
SAMPLE_COLUMNS = {"sp500": ["Close", "Open", "High", "Low", "Adj Close", "Volume"], "vix": ["vix"]}
DEFAULTS = {
    "d_source": "synthetic", "d_kind": "noisy sine", "d_length": 500, "d_noise": 0.1, "d_seed": 0,
    "d_sample": "sp500", "d_column": "Close", "d_rows": 1750,
    "d_tickers": "AAPL", "d_span": "period", "d_period": "5y", "d_start": datetime.date(2019, 1, 1),
    "d_end": datetime.date(2023, 12, 31), "d_interval": "1d", "d_target": "", "d_nan": "none",
    "d_sep": "auto", "d_decimal": "auto", "d_dates": "auto", "d_encoding": "auto",
}  # fmt: skip
CHOICES = {
    "d_source": SOURCES, "d_kind": SYNTHETIC_KINDS, "d_sample": list(SAMPLE_COLUMNS),
    "d_span": ["period", "range"], "d_period": list(tickers.PERIODS), "d_interval": list(tickers.INTERVALS),
    "d_nan": ["none", "drop", "ffill"], **csvupload.CHOICES,
}  # fmt: skip

DAYS = (datetime.date(1970, 1, 1), datetime.date(2099, 12, 31))  # what the date pickers (and a link) may hold
RANGES = {
    "d_length": (100, 5000), "d_noise": (0.0, 1.0), "d_seed": (0, 10_000), "d_rows": (50, 20_000),
    "d_start": DAYS, "d_end": DAYS,
}  # fmt: skip


@dataclass(frozen=True)
class Data:
    frame: pd.DataFrame  # numeric columns, increasing index; no NaN in `target` (one of them) or the features in use
    target: str
    label: str  # what it is, in words, e.g. "S&P 500 (bundled sample), Close, last 1,750 rows"
    names: dict[str, str] = field(default_factory=dict)  # display names of columns, where the page's language has one

    def name(self, column: str) -> str:
        return self.names.get(column, column)


@st.cache_data(max_entries=16, show_spinner=False)
def _synthetic(kind: str, length: int, noise: float, seed: int) -> pd.DataFrame:
    if kind == "demand":
        return synthetic.demand(length, noise=noise * 10, seed=seed)  # demand's noise is in units, not sine units
    return synthetic.synthetic(kind, length, noise=noise, seed=seed).to_frame()


@st.cache_data(max_entries=4, show_spinner=False)
def _sample(name: str) -> pd.DataFrame:
    return load_sample(name)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _yahoo(
    symbols: tuple[str, ...], period: str | None, interval: str, start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> pd.DataFrame:  # fmt: skip
    # Failures raise and so are not cached: the next try asks Yahoo again. `end` is included (Yahoo's is not).
    if period is not None:
        return tickers.download(symbols, period=period, interval=interval, timeout=10)
    last = end + datetime.timedelta(days=1)
    return tickers.download(symbols, start=str(start), end=str(last), interval=interval, timeout=10)


def _kind_labels() -> dict[str, str]:
    return {k: i18n.pgettext("sequence kind", k) for k in SYNTHETIC_KINDS}


def _use_sample() -> None:
    st.session_state.update(d_source="sample", d_sample="sp500", d_column="Close")


def _last_rows(frame: pd.DataFrame) -> pd.DataFrame:
    st.number_input(
        t("Use the last N rows"), *RANGES["d_rows"], step=250, key="d_rows",
        help=t("Fewer rows train faster; the split is made on these rows, oldest first."),
    )  # fmt: skip
    return frame.iloc[-st.session_state["d_rows"] :]


def choose_data(advanced: bool = True) -> Data | None:
    s = st.session_state
    labels = {"synthetic": t("Synthetic"), "sample": t("Bundled sample"), "yahoo": t("Yahoo Finance"), "csv": "CSV"}
    st.radio(t("Source"), SOURCES, key="d_source", format_func=labels.get, horizontal=True)
    source = s["d_source"]
    if source == "synthetic":
        st.selectbox(t("Series"), SYNTHETIC_KINDS, key="d_kind", format_func=_kind_labels().get)
        st.slider(t("Length (days)"), *RANGES["d_length"], step=50, key="d_length")
        st.slider(t("Noise"), *RANGES["d_noise"], step=0.05, key="d_noise")
        if advanced:
            st.number_input(t("Data seed"), *RANGES["d_seed"], key="d_seed")
        frame = _synthetic(s["d_kind"], s["d_length"], s["d_noise"], s["d_seed"])
        if s["d_kind"] != "demand":  # one series: name it in the page's language (it labels the charts)
            frame = frame.set_axis([_kind_labels()[s["d_kind"]]], axis=1)
        target = frame.columns[0]
        label = t("synthetic {kind}, {n} days", kind=_kind_labels()[s["d_kind"]], n=s["d_length"])
        if s["d_kind"] == "demand":  # the columns keep their names (a config lists them); only their labels change
            return Data(frame, target, label, {c: t(c) for c in synthetic.DEMAND_COLUMNS})
        return Data(frame, target, label)
    if source == "sample":
        names = {"sp500": t("S&P 500, daily 1999–2018"), "vix": t("VIX, daily 2014–2019")}
        st.selectbox(t("Sample"), list(SAMPLE_COLUMNS), key="d_sample", format_func=names.get)
        columns = SAMPLE_COLUMNS[s["d_sample"]]
        if s["d_column"] not in columns:
            s["d_column"] = columns[0]
        st.selectbox(t("Column to forecast"), columns, key="d_column")
        st.caption(t("Real data bundled with the app (from the arch package's data sets, originally Yahoo Finance)."))
        frame = _last_rows(_sample(s["d_sample"]))[[s["d_column"]]]
        label = t("{name} (bundled sample), {column}, {n} rows", name=names[s["d_sample"]], column=s["d_column"],
                  n=i18n.number(len(frame)))  # fmt: skip
        return Data(frame, s["d_column"], label)
    if source == "yahoo":
        return _yahoo_panel()
    return _csv_panel()


def _yahoo_panel() -> Data | None:
    s = st.session_state
    st.text_input(t("Tickers (comma separated)"), key="d_tickers", help=t("Yahoo symbols, e.g. AAPL, MSFT, ^GSPC"))
    spans = {"period": t("up to today"), "range": t("between two dates")}
    st.radio(t("Dates"), CHOICES["d_span"], key="d_span", format_func=spans.get, horizontal=True)
    if s["d_span"] == "period":
        st.selectbox(t("Period"), list(tickers.PERIODS), key="d_period")
        span, dates = s["d_period"], (None, None)
    else:  # one picker per row: the sidebar is too narrow for two whole dates side by side
        shown = i18n.date_input_format()
        st.date_input(t("From"), key="d_start", min_value=DAYS[0], max_value=DAYS[1], format=shown)
        st.date_input(t("To (included)"), key="d_end", min_value=DAYS[0], max_value=DAYS[1], format=shown)
        span = " – ".join(i18n.date(d) for d in (s["d_start"], s["d_end"]))
        dates = (s["d_start"], s["d_end"])
    st.selectbox(
        t("Interval"), list(tickers.INTERVALS), key="d_interval", format_func={"1d": t("daily"), "1wk": t("weekly")}.get
    )
    if s["d_span"] == "range" and None in dates:  # a cleared picker
        st.error(t("Pick both dates."))
        return None
    if dates[0] is not None and dates[0] > dates[1]:
        st.error(t("The start date comes after the end date; swap them or pick another range."))
        return None
    try:
        symbols = tickers.parse_tickers(s["d_tickers"])
    except ValueError as err:
        st.error(t("{error}", error=i18n.error_text(err)))
        return None
    try:
        with st.spinner(t("Downloading from Yahoo Finance…")):
            frame = _yahoo(symbols, None if dates[0] else s["d_period"], s["d_interval"], *dates)
    except tickers.DataSourceError as err:
        st.error(t("{error}.", error=i18n.error_text(err)), icon=":material/cloud_off:")
        # one per row: side by side, the sidebar cuts their labels
        st.button(t("Use the bundled S&P 500 sample"), on_click=_use_sample, type="primary", icon=":material/dataset:")
        st.button(t("Try again"), key="d_retry", icon=":material/refresh:")
        return None
    column = _pick_target(list(frame.columns))
    frame = _last_rows(frame.dropna(subset=[column]).ffill().dropna())
    label = t("{symbols} from Yahoo Finance ({period}, {interval}), {n} rows", symbols=", ".join(symbols),
              period=span, interval=s["d_interval"], n=i18n.number(len(frame)))  # fmt: skip
    return Data(frame, column, label)


def _pick_target(columns: list[str]) -> str:
    s = st.session_state
    if s["d_target"] not in columns:
        s["d_target"] = columns[0]
    if len(columns) > 1:
        st.selectbox(t("Column to forecast"), columns, key="d_target")
    return s["d_target"]


def _csv_panel() -> Data | None:
    s = st.session_state
    upload = st.file_uploader(
        t("CSV file (up to {mb} MB)", mb=csvdata.MAX_BYTES // 2**20), type=["csv", "txt", "tsv"], key="d_csv",
        help=t("A date column (optional) and at least one numeric column; one row per date."),
    )  # fmt: skip
    if upload is None:
        st.info(t("Upload a CSV file to train on it."))
        return None
    info = csvupload.read(upload)
    if info is None:
        return None
    if info.ignored_columns:
        st.caption(t("Ignored (not numeric): {names}", names=", ".join(map(str, info.ignored_columns))))
    if info.date_column is None:
        st.caption(t("No date column found: rows are numbered in file order."))
    target = _pick_target(list(info.numeric_columns))
    # only the columns in use (the target and the features the page picked) decide about missing values
    features = tuple(f for f in s.get("features", ()) if f in info.numeric_columns and f != target)
    policy = None
    if info.frame[[target, *features]].isna().any().any():
        labels = {
            "none": t("stop and tell me"),
            "drop": t("drop those rows"),
            "ffill": t("carry the last value forward"),
        }
        st.radio(t("Missing values"), ["none", "drop", "ffill"], key="d_nan", format_func=labels.get)
        policy = None if s["d_nan"] == "none" else s["d_nan"]
    try:
        frame = csvdata.prepare(info.frame, target, features, nan_policy=policy)
    except ValueError as err:
        st.error(t("{error}", error=i18n.error_text(err)))
        return None
    frame = frame.join(info.frame.loc[frame.index].drop(columns=list(frame.columns)))  # the others, to offer
    frame = _last_rows(frame)
    return Data(
        frame, target, t("{name}, {column}, {n} rows", name=upload.name, column=target, n=i18n.number(len(frame)))
    )
