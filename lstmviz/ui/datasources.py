"""The Train page's data panel: synthetic, bundled sample, Yahoo Finance or an uploaded CSV.

`choose_data()` draws the controls in the current container and returns the data to train on,
or None after showing, beside the input, why there is none. Failures never lose the user's
settings, and a failed download offers the bundled sample in one click.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from dataclasses import dataclass, field

import babel
import pandas as pd
import streamlit as st

from lstmviz import shards
from lstmviz.data import csvdata, csvpair, synthetic, tickers
from lstmviz.data.samples import load_sample
from lstmviz.errors import UserError
from lstmviz.requests import BacktestRequest, FitRequest
from lstmviz.server import sharedruns
from lstmviz.ui import csvupload, i18n
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.safetext import SafeText
from lstmviz.ui.settings.train import DATA as S
from lstmviz.ui.settings.train import SAMPLE_COLUMNS


@dataclass(frozen=True)
class Data:
    frame: pd.DataFrame  # numeric columns, increasing index; no NaN in `target` (one of them) or the features in use
    target: str
    label: str  # what it is, in words, e.g. "S&P 500 (bundled sample), Close, last 1,750 rows"
    names: dict[str, str] = field(default_factory=dict)  # display names of columns, where the page's language has one
    test_start: str | None = None  # TrainConfig.test_start: the first day of a separate test file's rows

    def name(self, column: str) -> str:
        return self.names.get(column, column)

    def request(self, config, **backtest) -> FitRequest | BacktestRequest:
        """What decides a result trained on this data with `config` (lstmviz.requests): a fit's, or with `backtest`
        (folds, coverage) a backtest's. Not the label, which leaves out e.g. the noise."""
        made = dict(numbers=self._numbers, columns=tuple(self.frame.columns), target=self.target, config=config,
                    shards=shards.shard_count())  # fmt: skip
        return BacktestRequest(**made, **backtest) if backtest else FitRequest(**made)

    def made_of(self, config) -> tuple:
        """The "earlier run" check's key of a fit of this data with `config` (FitRequest.made_of)."""
        return self.request(config).made_of

    @functools.cached_property
    def _numbers(self) -> str:
        """lstmviz.server.sharedruns.data_digest of the frame without its column names: its numbers, dtypes and index;
        once per Data: a Train click reruns the page's fragment (lstmviz.ui.train_section) with the Data of the page's
        last run, whose frame no one changes."""
        return sharedruns.data_digest(self.frame.set_axis(range(self.frame.shape[1]), axis=1))


PERIODS = {"1mo": N_("1 month"), "3mo": N_("3 months"), "6mo": N_("6 months"), "1y": N_("1 year"),
           "2y": N_("2 years"), "5y": N_("5 years"), "10y": N_("10 years"), "ytd": N_("this year so far"),
           "max": N_("all there is")}  # fmt: skip
INTERVALS = {"1d": N_("daily"), "1wk": N_("weekly")}


@st.cache_data(max_entries=16, show_spinner=False)
def _synthetic(kind: str, length: int, noise: float, seed: int, country: str | None) -> pd.DataFrame:
    if kind == "demand":  # demand's noise is in units, not sine units; its holidays the language's country's
        return synthetic.demand(length, noise=noise * 10, seed=seed, country=country)
    return synthetic.synthetic(kind, length, noise=noise, seed=seed).to_frame()


@st.cache_data(max_entries=16, show_spinner=False)
def _holidays_said(first: pd.Timestamp, last: pd.Timestamp, country: str | None, lang: str) -> str:
    """Which calendar the demand series' holidays follow, with the names of the first few from day `first` to
    `last`, in language `lang`."""
    if country is None:
        return t("Holidays: a made-up calendar, about 3% of the days at random.")
    days = synthetic.holiday_calendar(pd.DatetimeIndex([first, last]), country, i18n.locale())
    names = list(dict.fromkeys(name for day, name in sorted(days.items()) if first <= pd.Timestamp(day) <= last))
    place = babel.Locale.parse(i18n.locale()).territories.get(country, country)
    return t("Holidays: the calendar of {place} from the holidays package, public and optional days ({names}…).",
             place=place, names=SafeText(", ".join(names[:7])))  # fmt: skip


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


def _use_sample() -> None:
    st.session_state.update(data="sample", sample="sp500", column="Close")


def _last_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The last N rows as a frame of their own: a slice would keep every row of the frame it was cut from (an upload
    joined whole) alive for as long as the session holds its Data."""
    w.number_input(S["rows"])
    return frame.iloc[-st.session_state["rows"] :].copy()


def choose_data() -> Data | None:
    s = st.session_state
    labels = {"synthetic": t("Synthetic"), "sample": t("Bundled sample"), "yahoo": t("Yahoo Finance"), "csv": "CSV"}
    w.radio(S["data"], format_func=labels.get, horizontal=True)
    source = s["data"]
    if source == "synthetic":
        kinds = {k: i18n.pgettext("sequence kind", k) for k in S["series"].choices}
        w.selectbox(S["series"], format_func=kinds.get)
        w.slider(S["days"])
        w.slider(S["noise"])
        w.number_input(S["series_seed"])
        country = i18n.here().holidays if s["series"] == "demand" else None
        frame = _synthetic(s["series"], s["days"], s["noise"], s["series_seed"], country)
        if s["series"] != "demand":  # one series: name it in the page's language (it labels the charts)
            frame = frame.set_axis([kinds[s["series"]]], axis=1)
        target = frame.columns[0]
        label = t("synthetic {kind}, {n} days", kind=kinds[s["series"]], n=s["days"])
        if s["series"] == "demand":  # the columns keep their names (a config lists them); only their labels change
            st.caption(_holidays_said(frame.index[0], frame.index[-1], country, i18n.lang()))
            return Data(frame, target, label, {c: t(c) for c in synthetic.DEMAND_COLUMNS})
        return Data(frame, target, label)
    if source == "sample":
        names = {"sp500": t("S&P 500, daily 1999–2018"), "vix": t("VIX, daily 2014–2019")}
        w.selectbox(S["sample"], format_func=names.get)
        columns = SAMPLE_COLUMNS[s["sample"]]
        if s["column"] not in columns:
            s["column"] = columns[0]
        w.selectbox(S["column"], options=columns)
        st.caption(t("Real data bundled with the app (from the arch package's data sets, originally Yahoo Finance)."))
        frame = _last_rows(_sample(s["sample"]))[[s["column"]]]
        label = t("{name} (bundled sample), {column}, {n} rows", name=names[s["sample"]], column=s["column"],
                  n=i18n.number(len(frame)))  # fmt: skip
        return Data(frame, s["column"], label)
    if source == "yahoo":
        return _yahoo_panel()
    return _csv_panel()


def _picked() -> None:
    s = st.session_state
    s["tickers"] = s["ticker_pick"] or s["tickers"]  # a click on the lit pill unlights it and keeps the ticker


def _yahoo_panel() -> Data | None:
    s = st.session_state
    picks = {symbol: f"{t(name)} · {symbol}" for symbol, name in i18n.here().tickers}  # the language's own market
    s["ticker_pick"] = s["tickers"] if s["tickers"] in picks else None  # lit when the box holds it, typed or picked
    st.pills(t("Quick picks"), list(picks), key="ticker_pick", on_change=_picked, format_func=picks.get)
    w.text_input(S["tickers"])
    spans = {"period": t("up to today"), "range": t("between two dates")}
    w.radio(S["span"], format_func=spans.get, horizontal=True)
    if s["span"] == "period":
        w.selectbox(S["period"], format_func={k: t(v) for k, v in PERIODS.items()}.get)
        span, dates = t(PERIODS[s["period"]]), (None, None)
    else:  # one picker per row: the sidebar is too narrow for two whole dates side by side
        w.date_input(S["start"], format=i18n.date_input_format())
        w.date_input(S["end"], format=i18n.date_input_format())
        dates = (s["start"], s["end"])
        span = " – ".join(i18n.date(d) for d in dates if d is not None)
    w.selectbox(S["interval"], format_func={k: t(v) for k, v in INTERVALS.items()}.get)
    if s["span"] == "range" and None in dates:  # a cleared picker
        st.error(t("Pick both dates."))
        return None
    if dates[0] is not None and dates[0] > dates[1]:
        st.error(t("The start date comes after the end date; swap them or pick another range."))
        return None
    try:
        symbols = tickers.parse_tickers(s["tickers"])
    except ValueError as err:
        st.error(t("{error}", error=i18n.error_text(err)))
        return None
    try:
        with st.spinner(t("Downloading from Yahoo Finance…")):
            frame = _yahoo(symbols, None if dates[0] else s["period"], s["interval"], *dates)
    except tickers.DataSourceError as err:
        st.error(t("{error}.", error=i18n.error_text(err)), icon=":material/cloud_off:")
        # one per row: side by side, the sidebar cuts their labels
        st.button(t("Use the bundled S&P 500 sample"), on_click=_use_sample, type="primary", icon=":material/dataset:")
        st.button(t("Try again"), key="retry", icon=":material/refresh:")
        return None
    column = _pick_target(list(frame.columns))
    frame = _last_rows(frame.dropna(subset=[column]).ffill().dropna())
    label = t("{symbols} from Yahoo Finance ({period}, {interval}), {n} rows", symbols=", ".join(symbols),
              period=span, interval=t(INTERVALS[s["interval"]]), n=i18n.number(len(frame)))  # fmt: skip
    return Data(frame, column, label)


def _pick_target(columns: list[str]) -> str:
    s = st.session_state
    if s["target"] not in columns:
        s["target"] = columns[0]
    if len(columns) > 1:
        w.selectbox(S["target"], options=columns)
    return s["target"]


def _csv_panel() -> Data | None:
    s = st.session_state
    upload = st.file_uploader(
        t("CSV file (up to {mb} MB)", mb=csvdata.MAX_BYTES // csvdata.MB), type=["csv", "txt", "tsv"], key="csv_file",
        help=t("A date column (optional) and at least one numeric column; one row per date."),
        max_upload_size=csvdata.UPLOAD_MB,
    )  # fmt: skip
    info = csvupload.read(upload) if upload is not None else None
    # always drawn, so that its file stays while the first one changes
    test_upload = st.file_uploader(
        t("Test file (optional, up to {mb} MB)", mb=csvdata.MAX_BYTES // csvdata.MB), type=["csv", "txt", "tsv"],
        key="csv_test_file", max_upload_size=csvdata.UPLOAD_MB,
        help=t("A second CSV with the same columns and the dates after the first one's, as a course's "
               "petr4_teste.csv: the test is exactly its rows."),
    )  # fmt: skip
    if upload is None:
        st.info(t("Upload a CSV file to train on it."))
        return None
    if info is None:
        return None
    test_start, name = None, upload.name
    if test_upload is not None:
        test_info = csvupload.read(test_upload, boxes=False)
        if test_info is None:
            return None
        try:
            joined, test_start = csvpair.join(info, test_info)
        except UserError as err:
            st.error(t("These two files cannot be used together: {error}.", error=i18n.error_text(err)))
            return None
        info = dataclasses.replace(info, frame=joined)
        name = f"{upload.name} + {test_upload.name}"
        st.caption(t("Test split: the {n} rows of the test file, from {start}.", n=len(test_info.frame),
                     start=pd.Timestamp(test_start)))  # fmt: skip
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
        w.radio(S["missing"], format_func=labels.get)
        policy = None if s["missing"] == "none" else s["missing"]
    try:
        frame = csvdata.prepare(info.frame, target, features, nan_policy=policy)
    except ValueError as err:
        st.error(t("{error}", error=i18n.error_text(err)))
        return None
    frame = frame.join(info.frame.loc[frame.index].drop(columns=list(frame.columns)))  # the others, to offer
    frame = _last_rows(frame)
    label = t("{name}, {column}, {n} rows", name=name, column=target, n=i18n.number(len(frame)))
    return Data(frame, target, label, test_start=test_start)
