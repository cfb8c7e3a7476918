"""Gradients page: backpropagation through time, and why a plain RNN forgets; its lessons, in order."""

import streamlit as st

from lstmviz.ui import page
from lstmviz.ui.i18n import t
from lstmviz.ui.lessons import bptt, clipping, first_value, memory, reach
from lstmviz.ui.settings.gradients import GRADIENTS as S

page.setup("Gradients", S)
st.title(t("Gradients flow back through time"))
bptt.show(S)  # 1. this model, by hand
reach.show(S)  # 2. RNN vs GRU vs LSTM
clipping.show(S)  # 3. exploding gradients and clipping
memory.show(S)  # 4. the adding problem
first_value.show(S)  # 5. what the trained models look at
