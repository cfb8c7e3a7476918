"""Train page: fit a small forecaster honestly and compare it with naive baselines."""

import streamlit as st

from lstmviz.figures.train import data_preview
from lstmviz.ui import backtest_panel, datasources, lessons, page, train_form, train_panels, train_section
from lstmviz.ui.i18n import t
from lstmviz.ui.lessons import train as lesson
from lstmviz.ui.safetext import chart_text
from lstmviz.ui.settings.train import TRAIN as S

page.setup("Train", S)
train_section.page_started()

# ---- inputs (sidebar) ------------------------------------------------------------------------
with st.sidebar:
    train_form.preset()
    st.header(t("Data"))
    data = datasources.choose_data()
    train_form.settings(data)
    config, labels = train_form.checked(data)

# ---- main area -------------------------------------------------------------------------------
st.title(t("Train a forecaster, honestly"))
lessons.explain(lesson.LESSON)
can_train = labels is not None  # plan() ran: there is data and the settings fit it
if can_train:
    train_form.summary(data, config)
train_section.buttons(can_train)  # above the data chart: on a projector's first screen
if can_train:
    series = data.frame[data.target].rename(chart_text(data.name(data.target)))
    page.chart(data_preview(series, labels, tr=t), key="preview")
    train_panels.time_estimate(data.frame, config)
elif data is None:
    st.warning(t("No data to train on yet: the message under **Data** in the sidebar says why."),
               icon=":material/arrow_back:")  # fmt: skip
else:
    st.warning(t("These settings do not fit the data: the message at the end of the sidebar says how to fix it."),
               icon=":material/arrow_back:")  # fmt: skip

train_section.draw(data, config, can_train)
backtest_panel.backtest_section(data if can_train else None, config)
