"""The Train page's panels below the Train button: results, verdict, forecasts, downloads, earlier runs,
and loading a saved model. Each draws in the current container; none trains."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from lstmviz import budget, checkpoint
from lstmviz.config import TrainConfig
from lstmviz.equations import input_in_units
from lstmviz.errors import Text
from lstmviz.export import predictions_csv, run_bundle
from lstmviz.figures.train import (
    forecast_chart,
    loss_curves,
    metrics_notes,
    metrics_text,
    predictions_chart,
    residuals_chart,
)
from lstmviz.intervals import COVERAGE
from lstmviz.prepare import test_rows
from lstmviz.train import evaluate
from lstmviz.ui import i18n, page, sharedcharts, state
from lstmviz.ui.datasources import Data
from lstmviz.ui.i18n import t
from lstmviz.ui.safetext import plain
from lstmviz.ui.settings.train import TRAIN
from lstmviz.ui.slots import BUDGET, MEMORY, training_slot
from lstmviz.ui.trained import TrainedModel
from lstmviz.verdict import FIXES, Finding, apply_fix, band_findings, diagnose, verdict


@st.cache_data(max_entries=64, show_spinner=False)
def _estimate(config: TrainConfig, rows: int, inputs: int, test: int | None) -> float:
    return budget.estimate_seconds(config, rows, inputs, test_rows=test)


def time_estimate(frame: pd.DataFrame, config: TrainConfig) -> None:
    """About how long Train takes with these settings, and whether the server's time budget will cut it short."""
    test = test_rows(frame.index, config.test_start)  # a test file's rows, else None: the test share
    seconds = _estimate(config, len(frame), 1 + len(config.features), test)  # the target and the features it reads
    if config.max_seconds is not None and seconds > config.max_seconds:
        epochs = max(1, int(config.epochs * config.max_seconds / seconds))
        text = t("About {seconds:.0f} s to train all {total} epochs, but this server stops a run after "
                 "{budget:.0f} s: it will end after about {epochs} epochs and keep its best weights.",
                 seconds=seconds, total=config.epochs, budget=config.max_seconds, epochs=epochs)  # fmt: skip
        st.warning(text, icon=":material/timer:")
    else:
        st.caption(t("About {seconds:.0f} s to train (early stopping can end it sooner).", seconds=max(seconds, 1)))


def load_saved_model(holder: TrainedModel, data: Data | None) -> None:
    """An uploaded .pt file, checked before anything is built, then evaluated on the current data as fit would
    report it, in a training slot."""
    with st.expander(t("Load a saved model"), icon=":material/upload_file:"):
        most = checkpoint.MAX_FILE_BYTES / 1e6
        blob = st.file_uploader(t("Model file (.pt) saved by this app, up to {mb:.0f} MB", mb=most), type=["pt"],
                                key="model_upload")  # fmt: skip
        if blob is not None and blob.size > checkpoint.MAX_FILE_BYTES:
            st.error(t("This file is {size:.1f} MB; a model saved by this app is at most {most:.0f} MB.",
                       size=blob.size / 1e6, most=most), icon=":material/error:")  # fmt: skip
            return
        if blob is not None and st.button(t("Evaluate it on the current data"), key="load_eval", disabled=data is None):
            try:
                model, saved = checkpoint.load_model(blob.getvalue())
                with st.spinner(t("Evaluating the model on the current data…")), training_slot(cancel=False):
                    result = evaluate(model, data.frame, replace(saved, max_seconds=BUDGET, max_mb=MEMORY),
                                      target=data.target)  # fmt: skip
                holder.keep(result, t("{name} on {label}", name=blob.name, label=data.label))
            except ValueError as err:
                st.error(t("This file cannot be used: {error}", error=i18n.error_text(err)), icon=":material/error:")


def results(holder: TrainedModel, said: Words, current: tuple | None) -> None:
    """Loss, predictions against actuals, the metrics table with its verdict, and the residuals; marked as from
    an earlier run when `current` (Data.made_of of the data and settings now; None: no data) differs. `said`:
    the result's words (result_words)."""
    result = holder.result
    st.header(t("Results"))
    st.caption(t("Trained on {label}.", label=holder.label))
    if holder.made_of is not None and current != holder.made_of:
        st.warning(t("These results are from an earlier run ({label}); the data or settings have changed since. Press "
                     "Train for the current ones.", label=holder.label), icon=":material/history:")  # fmt: skip
    if holder.stopped_at:
        st.warning(t("Stopped at epoch {e}: showing the best weights learned so far.", e=holder.stopped_at))
    elif result.stopped_by == "budget":
        st.warning(t("Stopped by the server's {budget:.0f} s time limit after {e} epochs; the model keeps its best "
                     "weights (epoch {best}).", budget=result.config.max_seconds, e=len(result.history),
                     best=result.best_epoch), icon=":material/timer:")  # fmt: skip
    if result.predicted_from is not None:  # the budget cut the final prediction pass, which runs latest first
        st.info(t("The time limit left time to predict the rows from {first} on; the earlier rows have no "
                  "prediction, and the test metrics cover the test rows predicted.", first=result.predicted_from),
                icon=":material/timer:")  # fmt: skip
    run = holder.shared  # a run other sessions show too: its figures and words are built once for all (sharedcharts)
    if len(result.history):
        sharedcharts.chart(run, "loss", lambda: loss_curves(result.history, best_epoch=result.best_epoch, tr=t),
                           key="loss")  # fmt: skip
    sharedcharts.chart(run, "predictions", lambda: predictions_chart(result.predictions, coverage=COVERAGE, tr=t),
                       key="predictions")  # fmt: skip
    st.caption(said.bands)
    st.subheader(t("Test metrics, one step ahead, against naive baselines"))
    st.markdown(said.table)
    same = t("Same test windows for every row; best value of each column in green. Persistence predicts no change, "
             "so it has no direction to get right.")  # fmt: skip
    st.caption("\n\n".join([same, *said.notes]))  # one element: each costs every student's session a message
    _verdict(result, said)
    sharedcharts.chart(run, "residuals", lambda: residuals_chart(result.predictions, tr=t), key="residuals")


@dataclass(frozen=True)
class Words:
    """What a result page says in words, in one language: the same for every session shown the same run."""

    bands: str  # the interval band and how it held, under the predictions and the forecasts
    table: str  # the metrics table (metrics_markdown)
    notes: tuple[str, ...]  # what a reader needs beside the table
    state: str  # the verdict: "beats", "ties", "loses", "diverged" or "no_test"
    verdict: str
    diagnosis: tuple[str, ...]  # why it loses, measured (only when it loses or ties)
    fixes: tuple[str, ...]  # lstmviz.verdict.FIXES codes, a button each


def result_words(holder: TrainedModel) -> Words:
    """The words of `holder`'s result in this session's language: built once per server for a shared run."""
    return sharedcharts.words(holder.shared, "results", lambda: _words(holder.result))


def _words(result) -> Words:
    v = verdict(result)
    fixes, diagnosis = list(v.fixes), ()
    if v.state in ("loses", "ties"):
        d = diagnose(result)
        diagnosis = tuple(finding(f) for f in d.findings)
        fixes += [code for code in d.fixes if code not in fixes]
    text, best = metrics_text(result.metrics, tr=t, decimal=i18n.decimal())
    return Words(
        bands=" ".join(finding(f) for f in band_findings(result, COVERAGE)),
        table=metrics_markdown(text, best),
        notes=tuple(metrics_notes(result.metrics, tr=t)),
        state=v.state,
        verdict="\n\n".join(finding(f) for f in v.findings),
        diagnosis=diagnosis,
        fixes=tuple(fixes),
    )


def metrics_markdown(text: pd.DataFrame, best: pd.DataFrame) -> str:
    """lstmviz.figures.train.metrics_text's table as Markdown: numbers right-aligned, each column's best value in
    bold green on light green. One Markdown element: its text grows with classroom mode's (a dataframe's does
    not), and it costs a session far less to send than a styled dataframe (4 ms a run for pandas' Styler)."""
    rows = ["| " + " | ".join(plain(h) for h in [text.index.name, *text.columns]) + " |",
            "|:--|" + "--:|" * len(text.columns)]  # fmt: skip
    for name, row in text.iterrows():
        cells = [
            f":green-background[:green[**{plain(v)}**]]" if best.loc[name, c] else plain(v) for c, v in row.items()
        ]
        rows.append("| " + " | ".join([plain(name), *cells]) + " |")
    return "\n".join(rows)


def finding(f: Finding) -> str:
    """A library finding in the page's language (its Text params, such as a baseline's name, translated too)."""
    params = {k: t(v) if isinstance(v, Text) else v for k, v in f.params.items()}
    return t(f.message, **params)


def _verdict(result, said: Words) -> None:
    """Does the model beat persistence, by how much in words a student reads, and when it loses: why, measured,
    with the fixes as buttons that set the controls and train again."""
    alert = {"beats": st.success, "loses": st.warning, "diverged": st.error}.get(said.state, st.info)
    alert(said.verdict)
    for text in said.diagnosis:
        st.markdown(text)
    if not said.fixes:
        return
    for column, code in zip(st.columns(len(said.fixes)), said.fixes, strict=True):
        column.button(t(FIXES[code]), key=f"fix_{code}", on_click=_fix, args=(result.config, code),
                      icon=":material/build:", help=t("Sets the control and trains again."))  # fmt: skip


def _fix(config: TrainConfig, code: str) -> None:
    fixed = apply_fix(config, code)
    lrs = TRAIN["lr"].choices
    st.session_state.update(
        target_mode=fixed.target_mode, lr=min(lrs, key=lambda lr: abs(lr - fixed.lr)), train_now=True
    )
    st.rerun()  # the whole page: it reads the controls just set (the button is in the Train section's fragment)


def forecasts(holder: TrainedModel, said: Words) -> None:
    """The multi-step forecast from a chosen origin, and what the model expects beyond the data; under it, the
    interval band's findings from `said` (result_words)."""
    result = holder.result
    L, H = result.config.lookback, result.config.horizon
    target = result.predictions["actual"]
    if H > 1:
        st.subheader(t("Multi-step forecast"))
        test_dates = list(result.predictions.index[result.predictions["split"] == "test"][:-1])
        if test_dates:
            origin = st.select_slider(
                t("Forecast origin"), test_dates, key="origin",
                format_func=lambda d: d.strftime(i18n.date_format()) if isinstance(d, pd.Timestamp) else str(d),
            )  # fmt: skip
            position = result.predictions.index.get_loc(origin)
            window = target.iloc[max(0, position - 3 * L) : position + 1]

            def build():
                forecast = result.forecast(origin)
                return forecast_chart(window, forecast, coverage=COVERAGE, tr=t, date_format=i18n.date_format())

            sharedcharts.chart(holder.shared, ("forecast", origin), build, key="forecast")
    st.subheader(t("Beyond the data"))
    st.caption(t("What the model expects after the last row: a guess no data can check yet."))
    sharedcharts.chart(
        holder.shared, "beyond", key="beyond",
        build=lambda: forecast_chart(target.iloc[-3 * L :], result.forecast_beyond(), beyond=True, coverage=COVERAGE,
                                     tr=t),
    )  # fmt: skip
    st.caption(said.bands)


def downloads(holder: TrainedModel) -> None:
    """Predictions, model and config to download (built on click), and the trained cell (an LSTM, GRU or RNN) to
    the Cell page."""
    result = holder.result
    st.subheader(t("Download and inspect"))
    d1 = d2 = d5 = d3 = d4 = st.container(
        horizontal=True
    )  # one row that wraps where the labels do not fit (a projector)
    csv = i18n.csv_format()  # now: the file is built on click, outside this run, in the language of the page
    d1.download_button(
        t("Predictions (CSV)"), lambda: predictions_csv(result.predictions, **csv), "predictions.csv", "text/csv",
        icon=":material/download:",
    )  # fmt: skip
    d2.download_button(
        t("Model (.pt)"),
        lambda: checkpoint.save_model(result),
        "model.pt",
        "application/octet-stream",
        icon=":material/download:",
    )
    d5.download_button(
        t("Run as code (ZIP)"), lambda: run_bundle(result.config, result.data, target=result.data.columns[0]),
        "lstm_run.zip", "application/zip", icon=":material/code:",
        help=t("train.py and a notebook in plain PyTorch, with the data: they reproduce this run on your computer."),
    )  # fmt: skip
    d3.download_button(
        t("Config (JSON)"), lambda: json.dumps(result.config.to_dict(), indent=2), "config.json", "application/json",
        icon=":material/download:",
    )  # fmt: skip
    if d4.button(t("Inspect this model in the cell"), icon=":material/memory:", type="primary"):
        source = t("Trained on {label}, the last window", label=holder.label)
        window = result.input_window(-1)  # (L, D) scaled as the model reads it
        original = input_in_units(window.numpy(), mean=result.scaler.mean, std=result.scaler.std)[:, 0]
        state.publish(result.model.rnn, window, source, original=original)
        st.session_state["use_trained"] = True
        st.switch_page("pages/1_Cell.py", query_params=page.app_params())


def earlier_runs(holder: TrainedModel) -> None:
    if len(holder.runs) < 2:
        return
    with st.expander(t("Earlier runs in this session")):
        for run in reversed(holder.runs[:-1]):
            config = run["config"]
            rmse = run["metrics"].loc["model", "rmse"] if len(run["metrics"]) else float("nan")
            st.markdown(
                t("- {label}: {cell} {layers}×{hidden}, lookback {L}, test RMSE {rmse:.4g}", label=run["label"],
                  cell=config.cell.upper(), layers=config.num_layers, hidden=config.hidden_size, L=config.lookback,
                  rmse=rmse)
            )  # fmt: skip
