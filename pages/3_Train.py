"""Train page: fit a small forecaster honestly and compare it with naive baselines."""

import json

import pandas as pd
import streamlit as st

from lstmviz.checkpoint import load_model, save_model
from lstmviz.config import CELLS, MAX_HORIZON, TrainConfig
from lstmviz.figures.train import (
    MODEL_NAMES,
    data_preview,
    forecast_chart,
    loss_curves,
    metrics_text,
    predictions_chart,
    residuals_chart,
)
from lstmviz.forecaster import parameter_count
from lstmviz.presets import PRESETS
from lstmviz.train import evaluate, plan
from lstmviz.ui import datasources, i18n, page, state, train_settings, training
from lstmviz.ui.i18n import t

LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]
DEFAULTS = {
    **datasources.DEFAULTS, "preset": "Classroom sine", "features": [],
    "c_lookback": 20, "c_horizon": 1, "c_mode": "price", "c_cell": "lstm", "c_hidden": 16, "c_layers": 1,
    "c_dropout": 0.0, "c_epochs": 30, "c_batch": 32, "c_lr": 3e-3, "c_wd": 0.0, "c_clip": 1.0, "c_patience": 5,
    "c_val": 0.15, "c_test": 0.15, "c_seed": 0,
}  # fmt: skip
CHOICES = {
    **datasources.CHOICES, "preset": ["custom", *PRESETS], "c_mode": ["price", "log_return"], "c_cell": list(CELLS),
    "c_batch": [8, 16, 32, 64, 128], "c_lr": LRS, "c_wd": [0.0, 1e-5, 1e-4, 1e-3],
}  # fmt: skip
RANGES = {  # the widgets' bounds, also what a link may set
    **datasources.RANGES, "c_lookback": (2, 250), "c_horizon": (1, MAX_HORIZON), "c_hidden": (1, 128),
    "c_layers": (1, 3), "c_dropout": (0.0, 0.5), "c_epochs": (1, 200), "c_clip": (0.1, 10.0), "c_patience": (0, 20),
    "c_val": (0.05, 0.3), "c_test": (0.05, 0.3), "c_seed": (0, 10_000),
}  # fmt: skip
page.setup("Train", ":material/model_training:", DEFAULTS, CHOICES, RANGES)
s = st.session_state
advanced = not page.classroom()
holder = training.trained_model()
training.finish_previous_run(holder, t("Stopping: finishing the current epoch and keeping what was learned…"))


def _apply_preset() -> None:
    if s["preset"] in PRESETS:
        s.update(train_settings.preset_settings(s["preset"]))


# ---- inputs (sidebar) ------------------------------------------------------------------------
with st.sidebar:
    st.selectbox(
        t("Preset"), CHOICES["preset"], key="preset", on_change=_apply_preset,
        format_func={"custom": t("custom"), **{name: t(name) for name in PRESETS}}.get,
    )  # fmt: skip
    if s["preset"] in PRESETS:
        st.caption(t(PRESETS[s["preset"]].summary))
    st.header(t("Data"))
    data = datasources.choose_data(advanced)
    if data is not None:
        others = [c for c in data.frame.columns if c != data.target]
        s["features"] = [f for f in s["features"] if f in others]
        if others:
            st.multiselect(t("Extra input features"), others, key="features", format_func=data.name)
    st.header(t("Preprocessing"))
    st.slider(t("Lookback (steps in each window)"), *RANGES["c_lookback"], key="c_lookback")
    st.slider(t("Horizon (steps forecast at once)"), *RANGES["c_horizon"], key="c_horizon")
    modes = {"price": t("the value itself"), "log_return": t("log return (change from the day before)")}
    st.radio(t("The model learns"), CHOICES["c_mode"], key="c_mode", format_func=modes.get)
    if advanced:
        st.slider(t("Validation share"), *RANGES["c_val"], step=0.05, key="c_val")
        st.slider(t("Test share"), *RANGES["c_test"], step=0.05, key="c_test")
    st.header(t("Model"))
    st.radio(t("Cell"), CHOICES["c_cell"], key="c_cell", format_func=str.upper, horizontal=True)
    st.slider(t("Hidden units"), *RANGES["c_hidden"], key="c_hidden")
    st.radio(t("Layers"), [1, 2, 3], key="c_layers", horizontal=True)
    if advanced:
        st.slider(t("Dropout between layers"), *RANGES["c_dropout"], step=0.05, key="c_dropout")
    st.header(t("Training"))
    st.slider(t("Epochs"), *RANGES["c_epochs"], key="c_epochs")
    st.select_slider(t("Learning rate (Adam)"), LRS, key="c_lr")
    if advanced:
        st.select_slider(t("Batch size"), CHOICES["c_batch"], key="c_batch")
        st.select_slider(t("Weight decay"), CHOICES["c_wd"], key="c_wd")
        st.slider(t("Gradient clipping (max norm)"), *RANGES["c_clip"], step=0.1, key="c_clip")
        st.slider(
            t("Early stopping patience (epochs)"), *RANGES["c_patience"], key="c_patience",
            help=t("Stop when the validation loss has not improved for this many epochs; 0 never stops early."),
        )  # fmt: skip
        st.number_input(t("Seed"), *RANGES["c_seed"], key="c_seed")
    try:
        config = TrainConfig(
            **{field: s[key] for key, field in train_settings.FIELDS.items()}, features=tuple(s["features"])
        )
        labels = plan(data.frame, config, target=data.target) if data is not None else None
    except ValueError as err:
        config = labels = None
        st.error(t("These settings do not fit the data: {error}", error=i18n.error_text(err)), icon=":material/error:")

# ---- main area -------------------------------------------------------------------------------
st.title(t("Train a forecaster, honestly"))
page.explain(
    i18n.TRAIN_EXPLAIN,
    [
        ("Train StockLSTM on the S&P 500 and compare with persistence", train_settings.preset_settings("StockLSTM")),
        ("Learn log returns instead of prices", {"c_mode": "log_return"}),
    ],
)
can_train = labels is not None  # plan() ran: there is data and the settings fit it
if can_train:
    inputs = 1 + len(config.features)
    st.caption(
        i18n.ngettext("Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input column.",
                      "Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input columns.",
                      inputs, label=data.label, cell=config.cell.upper(), layers=config.num_layers,
                      hidden=config.hidden_size, params=i18n.number(parameter_count(config, inputs)), inputs=inputs)
    )  # fmt: skip
    page.chart(data_preview(data.frame[data.target].rename(data.name(data.target)), labels, tr=t), key="preview")
elif data is None:
    st.warning(
        t("No data to train on yet: the message under **Data** in the sidebar says why."), icon=":material/arrow_back:"
    )
else:
    st.warning(t("These settings do not fit the data: the message at the end of the sidebar says how to fix it."),
               icon=":material/arrow_back:")  # fmt: skip

c1, c2, _ = st.columns([1, 1, 3])
start = c1.button(
    t("Train"), key="train", type="primary", icon=":material/play_arrow:", disabled=not can_train, width="stretch"
)
c2.button(t("Stop"), key="stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
progress, live = st.empty(), st.empty()
if start and can_train:
    training.run_fit(data.frame, config, data.target, data.label, progress, live)
    progress.empty()
    live.empty()

# ---- load a saved model -----------------------------------------------------------------------
with st.expander(t("Load a saved model"), icon=":material/upload_file:"):
    blob = st.file_uploader(t("Model file (.pt) saved by this app"), type=["pt"], key="model_upload")
    if blob is not None and st.button(t("Evaluate it on the current data"), key="load_eval", disabled=data is None):
        try:
            model, saved = load_model(blob.getvalue())
            holder.keep(
                evaluate(model, data.frame, saved, target=data.target),
                t("{name} on {label}", name=blob.name, label=data.label),
            )
        except ValueError as err:
            st.error(t("This file cannot be used: {error}", error=i18n.error_text(err)), icon=":material/error:")

# ---- results ---------------------------------------------------------------------------------
result = holder.result
if result is None:
    if holder.released:
        st.info(t("The last model was released after a long idle time to free memory; press Train to train again."))
    elif can_train:
        st.info(t("Press Train: the default trains in a few seconds."))
    st.stop()

st.header(t("Results"))
st.caption(t("Trained on {label}.", label=holder.label))
if holder.stopped_at:
    st.warning(t("Stopped at epoch {e}: showing the best weights learned so far.", e=holder.stopped_at))
if len(result.history):
    page.chart(loss_curves(result.history, best_epoch=result.best_epoch, tr=t), key="loss")
page.chart(predictions_chart(result.predictions, tr=t), key="predictions")

metrics = result.metrics
text, best = metrics_text(metrics, tr=t, decimal=i18n.decimal())
st.subheader(t("Test metrics, one step ahead, against naive baselines"))
st.dataframe(
    text.style.apply(lambda _: best.where(~best, "background-color: #c7e9c0").where(best, ""), axis=None),
    width="stretch",
    column_config={column: st.column_config.TextColumn(alignment="right") for column in text.columns},
)  # the numbers are text (4 significant digits, "—"): right-aligned as numbers are
st.caption(
    t("Same test windows for every row; best value of each column in green. Persistence predicts no change, so "
      "it has no direction to get right.")
)  # fmt: skip
if len(metrics):
    model_rmse, naive_rmse = metrics.loc["model", "rmse"], metrics.loc["persistence", "rmse"]
    change = 100 * (naive_rmse - model_rmse) / naive_rmse
    if model_rmse < naive_rmse:
        st.success(
            t(
                "The model beats persistence on the test split: RMSE {m:.4g} against {p:.4g} ({c:.1f}% lower).",
                m=model_rmse,
                p=naive_rmse,
                c=change,
            )
        )
    else:
        st.warning(
            t(
                "The model does not beat persistence on the test split: RMSE {m:.4g} against {p:.4g} "
                "(tomorrow = today is {c:.1f}% better). A chart that looks good can still be this.",
                m=model_rmse,
                p=naive_rmse,
                c=-change,
            )
        )
    baselines = metrics.drop(index="model")["rmse"]
    if baselines.min() < model_rmse:
        st.info(
            t(
                "Even so, a simpler forecast does better: the {name} scores RMSE {r:.4g}.",
                name=t(MODEL_NAMES[baselines.idxmin()]),
                r=baselines.min(),
            )
        )
page.chart(residuals_chart(result.predictions, tr=t), key="residuals")

# ---- forecasts ---------------------------------------------------------------------------------
L, H = result.config.lookback, result.config.horizon
target = result.predictions["actual"]
if H > 1:
    st.subheader(t("Multi-step forecast"))
    test_dates = list(result.predictions.index[result.predictions["split"] == "test"][:-1])
    if test_dates:
        origin = st.select_slider(
            t("Forecast origin"),
            test_dates,
            key="origin",
            format_func=lambda d: d.strftime(i18n.date_format()) if isinstance(d, pd.Timestamp) else str(d),
        )
        position = result.predictions.index.get_loc(origin)
        page.chart(
            forecast_chart(
                target.iloc[max(0, position - 3 * L) : position + 1],
                result.forecast(origin),
                tr=t,
                date_format=i18n.date_format(),
            ),
            key="forecast",
        )
st.subheader(t("Beyond the data"))
st.caption(t("What the model expects after the last row: a guess no data can check yet."))
page.chart(forecast_chart(target.iloc[-3 * L :], result.forecast_beyond(), beyond=True, tr=t), key="beyond")

# ---- take it away --------------------------------------------------------------------------------
st.subheader(t("Download and inspect"))
d1, d2, d3, d4 = st.columns([1, 1, 1, 1.6])  # the last label is long in Portuguese
d1.download_button(
    t("Predictions (CSV)"),
    lambda: result.predictions.to_csv().encode(),  # built on click, not on every rerun
    "predictions.csv",
    "text/csv",
    icon=":material/download:",
)
d2.download_button(
    t("Model (.pt)"), lambda: save_model(result), "model.pt", "application/octet-stream", icon=":material/download:"
)
d3.download_button(
    t("Config (JSON)"),
    lambda: json.dumps(result.config.to_dict(), indent=2),
    "config.json",
    "application/json",
    icon=":material/download:",
)
if result.config.cell == "lstm":
    if d4.button(t("Inspect this model in the cell"), icon=":material/memory:", type="primary"):
        state.publish(
            result.model.rnn, result.input_window(-1), t("Trained on {label}, the last window", label=holder.label)
        )
        st.session_state["use_trained"] = True
        st.switch_page("pages/1_Cell.py", query_params=page.app_params())
else:
    d4.caption(t("The cell view shows LSTM cells; train an LSTM to inspect it."))
if len(holder.runs) > 1:
    with st.expander(t("Earlier runs in this session")):
        for run in reversed(holder.runs[:-1]):
            rmse = run["metrics"].loc["model", "rmse"] if len(run["metrics"]) else float("nan")
            st.markdown(
                t(
                    "- {label}: {cell} {layers}×{hidden}, lookback {L}, test RMSE {rmse:.4g}",
                    label=run["label"],
                    cell=run["config"].cell.upper(),
                    layers=run["config"].num_layers,
                    hidden=run["config"].hidden_size,
                    L=run["config"].lookback,
                    rmse=rmse,
                )
            )
