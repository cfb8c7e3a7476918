"""Home page: what this is and where to start."""

import streamlit as st

from lstmviz.course import CHAPTERS
from lstmviz.figures.cell import cell_diagram
from lstmviz.ui import page
from lstmviz.ui.i18n import t

page.setup("Home")

st.title(t("LSTM Visual Explorer"))
st.markdown(
    t(
        "Open an LSTM cell and watch it work on the same numbers PyTorch computes: the forget, input and output "
        "gates, the candidate values, the cell state $C_t$ and the hidden state $h_t$. Hover over a gate to see "
        "its equation."
    )
)
page.chart(cell_diagram(), key="diagram")
st.markdown(
    t(
        "The horizontal line on top is the **cell state**, a conveyor belt: the forget gate $f_t$ scales what it "
        "carries, the input gate $i_t$ adds new candidate values $\\tilde C_t$, and the output gate $o_t$ decides "
        "how much of $\\tanh(C_t)$ becomes the hidden state $h_t$."
    )
)
st.subheader(t("Where to start"))
page.course_link(t("Take the course: {n} chapters through the live app, with questions", n=len(CHAPTERS)))
page.start_links()
