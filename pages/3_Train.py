"""Train page: fit a small forecaster honestly and compare it with naive baselines."""

import streamlit as st

from lstmviz.figures.train import data_preview
from lstmviz.ui import backtest_panel, datasources, i18n, page, train_form, train_panels, trained
from lstmviz.ui.i18n import t
from lstmviz.ui.safetext import chart_text
from lstmviz.ui.settings.train import SUGGESTIONS
from lstmviz.ui.settings.train import TRAIN as S

page.setup("Train", S)
s = st.session_state
holder = trained.trained_model()
trained.finish_previous_run(holder, t("Stopping: finishing the current epoch and keeping what was learned…"))

# ---- inputs (sidebar) ------------------------------------------------------------------------
with st.sidebar:
    train_form.preset()
    st.header(t("Data"))
    data = datasources.choose_data()
    train_form.settings(data)
    config, labels = train_form.checked(data)

# ---- main area -------------------------------------------------------------------------------
st.title(t("Train a forecaster, honestly"))
page.explain(i18n.TRAIN_EXPLAIN, SUGGESTIONS)
can_train = labels is not None  # plan() ran: there is data and the settings fit it
if can_train:
    train_form.summary(data, config)
    series = data.frame[data.target].rename(chart_text(data.name(data.target)))
    page.chart(data_preview(series, labels, tr=t), key="preview")
    train_panels.time_estimate(data.frame, config)
elif data is None:
    st.warning(t("No data to train on yet: the message under **Data** in the sidebar says why."),
               icon=":material/arrow_back:")  # fmt: skip
else:
    st.warning(t("These settings do not fit the data: the message at the end of the sidebar says how to fix it."),
               icon=":material/arrow_back:")  # fmt: skip

c1, c2, _ = st.columns([1, 1, 3])
start = c1.button(t("Train"), key="train", type="primary", icon=":material/play_arrow:", disabled=not can_train,
                  width="stretch")  # fmt: skip
start = start or s.pop("train_now", False)  # a fix's or a suggestion's button sets the controls, then trains
c2.button(t("Stop"), key="stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
progress, live = st.empty(), st.empty()
if start and can_train:
    trained.run_fit(data.frame, config, target=data.target, label=data.label, progress=progress, chart=live)
    progress.empty()
    live.empty()

train_panels.load_saved_model(holder, data)
if holder.result is None:
    if holder.released:
        st.info(t("The last model was released after a long idle time to free memory; press Train to train again."))
    elif can_train:
        st.info(t("Press Train: the default trains in a few seconds."))
else:
    train_panels.results(holder, current=(data.label, config) if can_train else None)
    train_panels.forecasts(holder)
    train_panels.downloads(holder)
    train_panels.earlier_runs(holder)
backtest_panel.backtest_section(data if can_train else None, config)
