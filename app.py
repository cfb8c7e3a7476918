"""Home page: what this is and where to start."""

import streamlit as st

from lstmviz.figures import cell_diagram

st.set_page_config(page_title="LSTM Visual Explorer", page_icon="🧠", layout="wide")

st.title("LSTM Visual Explorer")
st.markdown(
    "Open an LSTM cell and watch it work on the same numbers PyTorch computes: the forget, input and "
    "output gates, the candidate values, the cell state $C_t$ and the hidden state $h_t$. "
    "Hover over a gate to see its equation."
)
st.plotly_chart(cell_diagram(), width="stretch", config={"displayModeBar": False})
st.markdown(
    "The horizontal line on top is the **cell state**, a conveyor belt: the forget gate $f_t$ scales what "
    "it carries, the input gate $i_t$ adds new candidate values $\\tilde C_t$, and the output gate $o_t$ "
    "decides how much of $\\tanh(C_t)$ becomes the hidden state $h_t$."
)
st.subheader("Where to start")
st.page_link("pages/1_Cell.py", label="Step through the cell, timestep by timestep", icon="🔬")
