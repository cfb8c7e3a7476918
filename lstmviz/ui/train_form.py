"""The Train page's sidebar around its data panel: the preset, then the input features, the preprocessing, the
model and the training settings (rows of settings.train's table), checked against the data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lstmviz.config import TrainConfig
from lstmviz.forecaster import parameter_count
from lstmviz.presets import PRESETS
from lstmviz.train import plan
from lstmviz.ui import i18n, slots
from lstmviz.ui import widgets as w
from lstmviz.ui.datasources import Data
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.settings.train import TRAIN as S
from lstmviz.ui.settings.train import preset_settings, train_config

TARGET_MODES = {"price": N_("the value itself"), "log_return": N_("log return (change from the day before)"),
                "window_ratio": N_("each window relative to its last value")}  # fmt: skip


def _apply_preset() -> None:
    if st.session_state["preset"] in PRESETS:
        st.session_state.update(preset_settings(st.session_state["preset"]))


def preset() -> None:
    """The preset picker; choosing one sets every setting it names."""
    names = {"custom": t("custom"), **{name: t(name) for name in PRESETS}}
    w.selectbox(S["preset"], on_change=_apply_preset, format_func=names.get)
    if st.session_state["preset"] in PRESETS:
        st.caption(t(PRESETS[st.session_state["preset"]].summary))


def settings(data: Data | None) -> None:
    """The input features (the data's other columns), then the Preprocessing, Model and Training sections."""
    s = st.session_state
    if data is not None:
        others = [c for c in data.frame.columns if c != data.target]
        s["features"] = [f for f in s["features"] if f in others]
        if others:
            w.multiselect(S["features"], others, format_func=data.name)
    st.header(t("Preprocessing"))
    w.slider(S["lookback"])
    w.slider(S["horizon"])
    w.radio(S["target_mode"], format_func={k: t(v) for k, v in TARGET_MODES.items()}.get)
    w.slider(S["val_fraction"])
    w.slider(S["test_fraction"])
    if data is not None and data.test_start is not None:
        st.caption(t("The test split is the test file's rows: the test share is not used."))
    st.header(t("Model"))
    w.radio(S["cell"], format_func=str.upper, horizontal=True)
    w.slider(S["hidden_size"])
    w.radio(S["num_layers"], horizontal=True)
    w.slider(S["dropout"])
    w.slider(S["head_dropout"])
    st.header(t("Training"))
    w.slider(S["epochs"])
    for key in ("lr", "batch_size", "weight_decay"):
        w.select_slider(S[key])
    w.slider(S["clip_norm"])
    w.slider(S["patience"])
    w.number_input(S["seed"])


def checked(data: Data | None) -> tuple[TrainConfig | None, pd.Series | None]:
    """The settings' TrainConfig (with the server's time and memory caps) and plan's split labels of the data; (config,
    None) without data; (None, None) with an error beside the settings when they do not fit, the control it names drawn
    even where classroom mode hides it."""
    try:
        test_start = data.test_start if data is not None else None  # a test file's first day
        config = train_config(st.session_state, max_seconds=slots.BUDGET, max_mb=slots.MEMORY, test_start=test_start)
        labels = plan(data.frame, config, target=data.target) if data is not None else None
        w.name(None, S.values())
        return config, labels
    except ValueError as err:
        if w.name(err, S.values()):  # "lower Batch size" while classroom mode hides it: draw it
            st.rerun()
        st.error(t("These settings do not fit the data: {error}", error=i18n.error_text(err)), icon=":material/error:")
        return None, None


def summary(data: Data, config: TrainConfig) -> None:
    """One line: the data, the model's shape and its parameter count."""
    inputs = 1 + len(config.features)
    st.caption(
        i18n.ngettext("Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input column.",
                      "Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input columns.",
                      inputs, label=data.label, cell=config.cell.upper(), layers=config.num_layers,
                      hidden=config.hidden_size, params=i18n.number(parameter_count(config, inputs)), inputs=inputs)
    )  # fmt: skip
