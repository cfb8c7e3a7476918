"""AppTests of the Train page: defaults, training a tiny config, stopping early, presets, bad input, Yahoo."""

import datetime
import functools
import json
import re
import types

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

import lstmviz.figures.train
import lstmviz.train
from lstmviz.checkpoint import load_model
from lstmviz.config import TrainConfig
from lstmviz.data import csvdata
from lstmviz.data.csvdata import read_csv
from lstmviz.data.synthetic import synthetic
from lstmviz.data.tickers import parse_tickers
from lstmviz.presets import PRESETS
from lstmviz.sequences import parse_numbers
from lstmviz.train import plan
from lstmviz.ui import datasources, i18n, slots, train_section, trained
from tests.apphelpers import count_calls, figures_by_title, markdown_table, open_page, shown, stepper_data, values
from tests.csvfiles import DAYS, EXCEL_BR, PRICES, UNICODE_TEXT

TIMEOUT = 120
TINY = {"days": "200", "epochs": "3", "hidden_size": "4", "lookback": "10"}


_train_page = functools.partial(open_page, "pages/3_Train.py", timeout=TIMEOUT)


def _summary(at) -> str:
    """The line above the data chart: data, model and parameter count."""
    return next(shown(c.value) for c in at.main.caption if c.value.startswith("Data:"))


def test_defaults_show_the_split_and_a_train_button():
    at = _train_page()
    assert not at.exception and not at.error
    figs = figures_by_title(at)
    shapes = figs["The data and its chronological split"]["layout"]["shapes"]
    assert [s["label"]["text"] for s in shapes] == ["train", "val", "test"]
    assert not at.button(key="train").disabled
    assert "1,233 parameters" in _summary(at)  # the classroom preset: LSTM 1x16 + head


def test_training_a_tiny_config_shows_predictions_metrics_and_a_verdict():
    at = _train_page(**TINY)
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    figs = figures_by_title(at)
    pred = figs["Predictions against actuals"]
    named = {tr["name"]: tr for tr in pred["data"] if "name" in tr}
    assert list(named) == ["90% interval", "actual", "predicted (one step ahead)"]  # the band, then the lines
    predicted = values(named["predicted (one step ahead)"]["y"])
    assert len(predicted) == 200 and sum(v == v for v in predicted) == 200 - 10  # NaN before the first window
    assert len(figs["Loss per epoch"]["data"][0]["x"]) <= 3
    table, best = markdown_table(at)
    assert list(table.index) == [
        "this model", "persistence (last value)", "moving average of the window", "linear trend of the window",
        "random walk with drift", "exponential smoothing (ETS)",
    ]  # fmt: skip
    assert list(table.columns) == ["RMSE", "MAE", "MASE", "MAPE (%)", "direction right (%)"]
    rmse = table["RMSE"].astype(float)
    assert best["RMSE"].tolist() == (rmse == rmse.min()).tolist()  # the lowest error is the one marked
    metrics = at.session_state["trained"].result.metrics
    assert float(table.loc["this model", "RMSE"]) == float(f"{metrics.loc['model', 'rmse']:.4g}")
    verdicts = [shown(m.value) for m in (*at.success, *at.warning, *at.info)]
    assert any("persistence (tomorrow = today)" in v for v in verdicts)
    holder = at.session_state["trained"]
    assert holder.result.config.epochs == 3 and holder.stopped_at is None


def test_a_train_click_reruns_the_train_section_alone(monkeypatch):
    """Thirty students pressing Train: each click reruns the page's Train section (a fragment), not the sidebar's
    controls, the data and its preview chart; Stop, outside it, reruns the whole page (only that can interrupt)."""
    pages = count_calls(monkeypatch, datasources, "choose_data")
    at = _train_page(**TINY)
    assert len(pages) == 1
    at.button(key="train").click().run()
    assert not at.exception and len(pages) == 1  # the data panel did not run again ...
    assert at.session_state["trained"].result is not None  # ... and the section trained and drew the result
    shown_now = figures_by_title(at)
    assert "Predictions against actuals" in shown_now and "The data and its chronological split" not in shown_now
    at.run()
    at.button(key="stop").click().run()
    assert len(pages) == 3 and not at.exception


def test_a_train_click_after_a_page_run_cut_short_trains_what_the_sidebar_shows(monkeypatch):
    """The fragment reruns with the arguments of the last page run that reached it: after one cut short before it
    (a click right after a slider), a Train click reruns the whole page, which reads the sidebar as it is now."""
    pages = count_calls(monkeypatch, datasources, "choose_data")
    at = _train_page(**TINY)
    at.session_state["lookback"] = 12  # what a page run cut short would leave: a new value, the section not redrawn
    at.session_state[train_section._CUT] = True
    at.button(key="train").click().run()
    assert not at.exception and len(pages) == 2  # the whole page ran again ...
    assert at.session_state["trained"].result.config.lookback == 12  # ... and trained the sidebar's lookback


def test_stop_during_training_keeps_what_was_learned(monkeypatch):
    """A click during training reaches the epoch callback as Streamlit's StopException (fastReruns)."""
    real = lstmviz.figures.train.loss_curves

    def click_at_epoch_two(history, **kw):
        if len(history) == 2:
            raise StopException()
        return real(history, **kw)

    monkeypatch.setattr(lstmviz.figures.train, "loss_curves", click_at_epoch_two)
    at = _train_page(**{**TINY, "epochs": "50", "patience": "0"})
    at.button(key="train").click().run()
    holder = at.session_state["trained"]
    assert holder.stopped_at == 2 and len(holder.result.history) == 2
    monkeypatch.setattr(lstmviz.figures.train, "loss_curves", real)
    at.run()  # the rerun the click asked for
    assert not at.exception
    assert any("Stopped at epoch 2" in w.value for w in at.warning)
    assert "Predictions against actuals" in figures_by_title(at)


def test_a_later_run_stops_a_training_still_running(monkeypatch):
    """With fastReruns the new run starts while the old one trains; the old one sees holder.stop."""
    real = lstmviz.figures.train.loss_curves
    at = _train_page(**{**TINY, "epochs": "50", "patience": "0"})

    def newer_run_at_epoch_three(history, **kw):
        if len(history) == 3:
            at.session_state["trained"].stop.set()  # what finish_previous_run does from the new run
        return real(history, **kw)

    monkeypatch.setattr(lstmviz.figures.train, "loss_curves", newer_run_at_epoch_three)
    at.button(key="train").click().run()
    assert not at.exception
    holder = at.session_state["trained"]
    assert holder.stopped_at == 4 and len(holder.result.history) == 4  # the callback checks before drawing


def test_presets_set_every_control_and_show_the_parameter_count():
    at = _train_page()
    at.selectbox(key="preset").select("StockLSTM").run()
    assert not at.exception and not at.error
    s = at.session_state
    assert (s.lookback, s.hidden_size, s.num_layers, s.dropout, s.lr) == (60, 50, 2, 0.2, 1e-3)
    assert s.data == "sample" and s.column == "Close"
    assert "31,051 parameters" in _summary(at)
    at.selectbox(key="preset").select("DemandLSTM").run()
    assert not at.exception and not at.error
    assert len(at.session_state.features) == 9 and at.session_state.horizon == 30
    assert "10 input columns." in _summary(at)


def test_settings_that_do_not_fit_the_data_say_so_and_disable_train():
    at = _train_page(days="100", lookback="90")
    assert not at.exception
    assert any("do not fit the data" in e.value and "lookback" in e.value for e in at.sidebar.error)
    assert at.button(key="train").disabled
    at.slider(key="lookback").set_value(20).run()
    assert not at.sidebar.error and not at.button(key="train").disabled


def test_in_classroom_mode_a_memory_refusal_draws_the_hidden_control_it_names(monkeypatch):
    def batch_size_drawn(at) -> bool:
        return "batch_size" in [s.key for s in at.select_slider]

    heavy = {"classroom": "1", "lookback": "250", "hidden_size": "128", "num_layers": "3"}
    assert not batch_size_drawn(_train_page(classroom="1"))  # an advanced control, hidden in classroom mode
    monkeypatch.setattr(slots, "MEMORY", 100.0)  # a server that gives one run 100 MB
    at = _train_page(**heavy)
    assert not at.exception and any("lower Batch size" in e.value for e in at.sidebar.error)
    assert batch_size_drawn(at) and at.button(key="train").disabled
    at.select_slider(key="batch_size").set_value(8).run()  # the student does what the message says
    assert not at.exception and not any("lower Batch size" in e.value for e in at.sidebar.error)
    assert batch_size_drawn(at)  # no longer the default: drawn as a changed setting


def test_every_source_and_synthetic_kind_renders():
    at = _train_page()
    for kind in at.selectbox(key="series").options:
        at.selectbox(key="series").select(kind).run()
        assert not at.exception and not at.error, kind
    at.radio(key="data").set_value("sample").run()
    at.selectbox(key="sample").select("vix").run()
    assert not at.exception and not at.error
    assert at.session_state.column == "vix"
    at.radio(key="data").set_value("csv").run()
    assert not at.exception
    assert any("Upload a CSV" in i.value for i in at.info)


def test_yahoo_download_and_the_fallback_when_a_ticker_is_unknown(yahoo):
    yahoo.routes = {"AAPL": "ok", "NOSUCH": "missing"}
    at = _train_page(data="yahoo", tickers="AAPL", period="1mo")
    assert not at.exception
    # the five canned days arrived, parsed by yfinance itself; too few to train on, and the page says so
    assert [shown(e.value) for e in at.error] == [
        "These settings do not fit the data: the lookback (20) plus the horizon (1) need more rows than the training "
        "part has (3 of 5); shorten them or use more data"
    ]
    at.text_input(key="tickers").input("NOSUCH").run()
    assert not at.exception
    assert any("NOSUCH" in e.value and "check the symbol" in e.value for e in at.error)
    assert at.button(key="train").disabled
    assert any("No data to train on yet" in w.value for w in at.main.warning)  # the main area points to it
    next(b for b in at.button if "bundled S&P 500" in b.label).click().run()
    assert not at.exception and not at.error
    assert at.session_state.data == "sample"
    assert at.session_state.tickers == "NOSUCH"  # the user's input is kept for later


def test_yahoo_between_two_dates_asks_for_them_and_round_trips_through_the_url(yahoo):
    yahoo.routes = {"AAPL": "ok"}
    at = _train_page(data="yahoo", tickers="AAPL", span="range", start="2024-01-01", end="2024-01-31")
    assert not at.exception
    assert at.date_input(key="start").value == datetime.date(2024, 1, 1)
    # the last chart request is the download: from Jan 1 (exchange time) to the end of Jan 31, included
    params = yahoo.charts[-1][1]
    first, last = (pd.Timestamp(int(params[k]), unit="s") for k in ("period1", "period2"))
    assert first.date() in {datetime.date(2023, 12, 31), datetime.date(2024, 1, 1)}  # midnight New York in UTC
    assert last.date() in {datetime.date(2024, 1, 31), datetime.date(2024, 2, 1)}
    assert [shown(e.value) for e in at.error] == [
        "These settings do not fit the data: the lookback (20) plus the horizon (1) need more rows than the training "
        "part has (3 of 5); shorten them or use more data"
    ]
    at.date_input(key="end").set_value(datetime.date(2023, 6, 1)).run()  # before the start
    assert not at.exception
    assert any("start date comes after the end date" in e.value for e in at.error)
    assert at.query_params["end"] == "2023-06-01" and at.session_state.tickers == "AAPL"
    bad = _train_page(data="yahoo", span="range", start="31/01/2024", end="3000-01-01")  # hand-edited
    assert not bad.exception
    assert (bad.session_state.start, bad.session_state.end) == (
        datetime.date(2019, 1, 1),
        datetime.date(2023, 12, 31),
    )


def test_inspect_in_the_cell_opens_the_cell_page_on_the_trained_lstm():
    at = _train_page(**TINY)
    at.button(key="train").click().run()
    next(b for b in at.button if b.label == "Inspect this model in the cell").click().run()
    assert not at.exception
    assert any("Trained on synthetic noisy sine" in shown(c.value) for c in at.caption)
    data = stepper_data(at)
    assert (data["H"], data["T"]) == (4, 10)  # four hidden units and the lookback, the trained model's
    assert "scaled" in data["inputs"][0] and "in the data's units" in data["inputs"][0]  # x_t is said to be scaled


def test_portuguese_train_page_has_no_untranslated_text():
    i18n.MISSING.clear()
    at = _train_page(lang="pt", **TINY)
    at.button(key="train").click().run()
    assert not at.exception
    # numbers with a decimal comma: the metrics table, the verdict, plotly's axes; dates day first
    table, _ = markdown_table(at)
    assert all(re.fullmatch(r"\d+(,\d+)?|—", cell) for cell in table.to_numpy().ravel()), table
    verdict = shown((at.success or at.warning or at.info)[0].value)
    assert re.search(r"RMSE \d+,\d+ contra (\d+,\d+|\d+,\d+ do modelo)\)", verdict), verdict
    charts = {json.loads(c.proto.spec)["layout"]["title"]["text"]: c.proto for c in at.get("plotly_chart")}
    for proto in charts.values():
        assert json.loads(proto.config)["locales"]["pt-BR"]["format"]["decimal"] == ","
    dated = json.loads(charts["Previsões contra valores reais"].spec)["layout"]["xaxis"]
    assert dated["hoverformat"] == "%d/%m/%Y" and "%-d %b" in [s["value"] for s in dated["tickformatstops"]]
    assert "tickformatstops" not in json.loads(charts["Perda por época"].spec)["layout"]["xaxis"]  # epochs
    at.run()  # a Train click reruns the Train section alone (a fragment): AppTest then shows only it, a browser all
    for preset in PRESETS:  # every preset's names and data labels
        at.selectbox(key="preset").select(preset).run()
        if preset == "DemandLSTM":  # its columns keep their names in the config, and read in Portuguese
            assert at.session_state.features[0] == "temperature"
            assert at.multiselect(key="features").options[:3] == ["temperatura", "feriado", "fim de semana"]
    for source in ("sample", "csv"):
        at.radio(key="data").set_value(source).run()
    assert not at.exception
    assert not i18n.MISSING, sorted(i18n.MISSING)


LIBRARY_ERRORS = {  # bad input a user can give, each through the library call the app makes with it
    "too short": lambda: plan(synthetic("AR(1)", 40), TrainConfig(lookback=30)),
    "bad dates": lambda: read_csv(b"date,x\n2020-01-01,1\nnot a date,2\n"),
    "no numbers": lambda: read_csv(b"name,city\na,b\n"),
    "too large": lambda: read_csv(b"x" * 30, max_bytes=10),
    "bad ticker": lambda: parse_tickers("AA PL;"),
    "bad typed number": lambda: parse_numbers("1, two"),
    "not a model": lambda: load_model(b"not a model"),
}


@pytest.mark.parametrize("case", LIBRARY_ERRORS)
def test_library_errors_a_user_can_cause_read_in_portuguese(case, monkeypatch):
    with pytest.raises(ValueError) as e:
        LIBRARY_ERRORS[case]()
    monkeypatch.setattr(i18n, "lang", lambda: "pt")
    i18n.MISSING.clear()
    text = i18n.error_text(e.value)
    assert not i18n.MISSING and text != str(e.value), text


def test_train_settings_round_trip_through_the_url():
    at = _train_page(preset="StockLSTM", data="sample", lookback="60", hidden_size="50", num_layers="2", seed="5")
    s = at.session_state
    assert (s.preset, s.data, s.lookback, s.hidden_size, s.num_layers, s.seed) == (
        "StockLSTM",
        "sample",
        60,
        50,
        2,
        5,
    )
    at.slider(key="epochs").set_value(7).run()
    assert at.query_params["epochs"] == "7" and at.query_params["seed"] == "5"
    bad = _train_page(cell="lstm9", lookback="many", data="ftp")  # a hand-edited link
    assert not bad.exception
    assert (bad.session_state.cell, bad.session_state.lookback, bad.session_state.data) == (
        "lstm",
        20,
        "synthetic",
    )


def test_old_link_names_are_read_and_rewritten_to_the_new_ones():
    at = _train_page(c_lookback="60", c_hidden="50", d_source="sample", d_rows="900")
    s = at.session_state
    assert (s.lookback, s.hidden_size, s.data, s.rows) == (60, 50, "sample", 900)
    params = at.query_params
    assert (params["lookback"], params["hidden_size"], params["data"]) == ("60", "50", "sample")
    assert not {"c_lookback", "c_hidden", "d_source", "d_rows"} & set(params)


def test_idle_sessions_release_their_models_and_history_is_bounded():
    first, second = trained.TrainedModel(), trained.TrainedModel()
    with trained._HOLDERS_LOCK:
        trained._HOLDERS.update({first, second})
    result = types.SimpleNamespace(config=TrainConfig(), metrics=pd.DataFrame())
    for k in range(trained.MAX_RUNS + 3):
        first.keep(result, f"run {k}")
    second.keep(result, "fresh")
    assert len(first.runs) == trained.MAX_RUNS and first.runs[-1]["label"] == f"run {trained.MAX_RUNS + 2}"
    first.touched -= trained.IDLE_SECONDS + 1
    assert trained.release_idle() >= 1
    assert first.result is None and first.released
    assert second.result is result and not second.released


@pytest.mark.parametrize(
    ("script", "query"),
    [
        ("pages/1_Cell.py", {"length": "1000", "hidden": "-3", "units": "0,99", "step": "-5", "scale": "1e9"}),
        ("pages/2_Gradients.py", {"cmp_T": "100000", "mem_steps": "0", "clip": "-1", "g_layer": "7"}),
        ("pages/3_Train.py", {"epochs": "5000", "rows": "1", "dropout": "0.9", "days": "10"}),
    ],
)
def test_out_of_range_links_fall_back_to_defaults(script, query):
    at = open_page(script, **query)
    assert not at.exception, [e.message for e in at.exception]


def _upload(at, data: bytes, name: str = "dados.csv"):
    at.radio(key="data").set_value("csv").run()
    at.file_uploader(key="csv_file").set_value((name, data, "text/csv")).run()
    return at


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (EXCEL_BR, "Lido como: separador ;, vírgula decimal, ponto de milhar, datas dia/mês/ano, Latin-1"),
        (UNICODE_TEXT, "Lido como: separador tabulação, vírgula decimal, ponto de milhar, datas dia/mês/ano, UTF-16"),
    ],
    ids=["Excel-BR CSV", "Excel-BR Unicode text"],
)
def test_a_brazilian_excel_export_trains_with_its_dates_and_says_how_it_was_read(data, line):
    i18n.MISSING.clear()
    at = _upload(_train_page(lang="pt", epochs="2", hidden_size="4", lookback="10"), data)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert line in [c.value for c in at.caption]
    assert "Ignoradas (não numéricas): Ativo" in [c.value for c in at.caption]
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    result = at.session_state["trained"].result
    assert list(result.data.index) == list(DAYS[-len(result.data) :])  # day first: 02/01/2023 is January 2nd
    np.testing.assert_array_equal(result.data["Preço"].to_numpy(), PRICES[-len(result.data) :])
    assert not i18n.MISSING, sorted(i18n.MISSING)


def test_dates_that_read_both_ways_are_asked_for_beside_the_file():
    at = _upload(_train_page(lookback="5"), b"Date,y\n" + b"".join(b"%02d/01/2024,%d\n" % (k, k) for k in range(1, 13)))
    assert [e.value for e in at.error] == [
        "This file cannot be used: the dates in column Date can be read day first (January 2, 2024) or month "
        "first (February 1, 2024); choose the date order beside the file."
    ]
    at.selectbox(key="csv_dates").select("mdy").run()
    assert not at.exception and not at.error
    assert "Read as: separator ,, decimal point, dates month/day/year, UTF-8" in [c.value for c in at.caption]
    assert at.query_params["csv_dates"] == "mdy"  # a shared link reads the file the same way


def test_the_format_can_be_overridden():
    at = _upload(_train_page(), EXCEL_BR)
    at.selectbox(key="csv_decimal").select(".").run()  # 1.000,50 is then no number: only Volume is left
    assert not at.error and at.session_state.target == "Volume"
    at.selectbox(key="csv_sep").select(",").run()
    assert any("row 2 does not have as many cells as the header" in e.value for e in at.error)


CSV_WITH_GAPS = b"Date,y,extra,more\n" + b"".join(
    b"2024-01-%02d,%s,%s,1\n" % (k, b"" if k == 3 else b"%d" % k, b"" if k in (5, 6) else b"1") for k in range(1, 31)
)


def test_a_gap_in_a_column_nobody_uses_neither_blocks_training_nor_drops_rows():
    at = _upload(_train_page(lookback="5", rows="50"), CSV_WITH_GAPS)
    assert not at.exception
    at.radio(key="missing").set_value("drop").run()  # the gap in y, the target
    assert not at.exception and not at.error
    assert at.session_state.target == "y"
    assert "dados.csv, y, 29 rows" in _summary(at)  # one row dropped for y; none for extra's two gaps
    at.multiselect(key="features").select("more").run()
    assert not at.exception and not at.error and "29 rows" in _summary(at)
    at.multiselect(key="features").select("extra").run()  # now extra is used: its rows go too
    assert "dados.csv, y, 27 rows" in _summary(at)


def test_sessions_uploading_the_same_file_share_one_parse(monkeypatch):
    calls = count_calls(monkeypatch, csvdata, "read_csv")
    for _ in range(3):  # three students, the teacher's file
        at = _upload(_train_page(), CSV_WITH_GAPS, name="aula.csv")
        assert not at.exception
    assert len(calls) == 1


def test_one_upload_limit_that_streamlit_and_the_app_agree_on_said_in_words_beside_the_uploader():
    """Was: Streamlit refused a 5.2 MB file (its MB is 10^6 bytes) that the app's 5 MiB allowed, with a red icon and
    no words. Now Streamlit lets through a little more than the app's limit, and the app says it beside the file."""
    at = _upload(_train_page(), b"y\n" + b"1.25\n" * 1_040_000)  # 5.2 MB
    assert at.file_uploader(key="csv_file").proto.max_upload_size_mb * csvdata.MB > csvdata.MAX_BYTES
    assert any("larger than the 5 MB limit" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.exception


@pytest.mark.parametrize("cell", ["gru", "rnn"])
def test_a_trained_gru_or_rnn_opens_in_the_cell_like_an_lstm(cell):
    at = _train_page(**TINY, cell=cell)
    at.button(key="train").click().run()
    next(b for b in at.button if b.label == "Inspect this model in the cell").click().run()
    assert not at.exception
    data = stepper_data(at)
    assert data["kind"] == cell and (data["H"], data["T"]) == (4, 10)
    assert data["keys"] == (["r", "z", "n", "h"] if cell == "gru" else ["h"])
    assert any(m.value == f"**{cell.upper()}**" for m in at.sidebar.markdown)


TWO_COLUMNS = b"Date,A,B\n" + b"".join(
    b"2024-%02d-%02d,%d,%d\n" % (1 + k // 28, 1 + k % 28, 100 + k % 7, 50 - k % 5) for k in range(120)
)


def test_one_csv_trained_on_a_then_asked_for_b_trains_anew_in_this_session_and_in_another(monkeypatch):
    fits = count_calls(monkeypatch, lstmviz.train, "fit")
    settings = {"epochs": "2", "hidden_size": "4", "lookback": "5"}
    at = _upload(_train_page(**settings), TWO_COLUMNS, name="duas.csv")
    assert at.session_state.target == "A"
    at.button(key="train").click().run()
    assert not at.exception and len(fits) == 1
    at.run()  # the Train click reran the Train section alone: the whole page, with its sidebar, again
    at.selectbox(key="target").set_value("B").run()
    assert any("from an earlier run" in w.value for w in at.warning), "A's results are not B's"
    at.button(key="train").click().run()
    assert len(fits) == 2 and not any("from an earlier run" in w.value for w in at.warning)
    assert at.session_state["trained"].result.predictions["actual"].iloc[-1] == 50 - 119 % 5  # B's last value
    other = _upload(_train_page(**settings), TWO_COLUMNS, name="duas.csv")  # another student, the same file
    other.button(key="train").click().run()
    assert len(fits) == 2, "A again: the server's run is shared"
    other.run()
    other.selectbox(key="target").set_value("B").run()
    other.button(key="train").click().run()
    assert len(fits) == 2 and other.session_state["trained"].result.predictions["actual"].iloc[-1] == 50 - 119 % 5
