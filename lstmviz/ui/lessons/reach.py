"""Gradients, section 2: how far back the gradient reaches in an RNN, a GRU and an LSTM (vanishing gradients)."""

import numpy as np
import streamlit as st

from lstmviz import gradflow
from lstmviz.course import GRADIENTS
from lstmviz.figures.gradients import reach_chart
from lstmviz.ui import cached, i18n, page
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings import Table
from lstmviz.ui.settings.gradients import REACH_MARK

TEXT = (
    "Each curve is $\\lVert \\partial h_T / \\partial x_t \\rVert$: how much the last hidden state still "
    "depends on an input $T - t$ steps back, for the same input sequence. A freshly initialised PyTorch LSTM "
    "has forget bias 0 (every bias is drawn around 0), so its forget gate is $f \\approx \\sigma(0) = 0.5$: its "
    "cell state halves the gradient at every step, and it forgets about as fast as the RNN (dotted line). Keras "
    "adds 1 to the forget bias (`unit_forget_bias=True`, after Gers et al. 2000 and Jozefowicz et al. 2015): "
    "$f \\approx 0.73$, and the gradient reaches much further back (solid blue line). Training can learn such "
    "biases, but only from a gradient that arrives."
)
KEYS = ("cmp_T", "cmp_fb", "cmp_scale", "cmp_seed")
SUGGESTIONS = (  # each from the section's defaults
    (N_("Set the forget bias to 3: the LSTM's gradient reaches far back"), {"cmp_fb": 3.0}),
    (N_("Scale the recurrent weights ×4: the RNN's gradient explodes"), {"cmp_scale": 4.0}),
)
LESSON = Lesson("reach", GRADIENTS, TEXT, keys=KEYS, suggestions=SUGGESTIONS, chapters=("reach",))


def curves(T: int, seed: int, scale: float, forget_bias: float) -> dict[str, np.ndarray]:
    """‖∂h_T/∂x_t‖ by distance (T,) of each curve the chart draws (gradflow.sensitivity_by_distance, cached)."""
    probe = dict(T=T, hidden=gradflow.REACH_HIDDEN, seed=seed, scale=scale)
    return {
        "rnn": cached.sensitivity("rnn", **probe, forget_bias=0.0),
        "gru": cached.sensitivity("gru", **probe, forget_bias=0.0),
        "lstm_default": cached.sensitivity("lstm", **probe, forget_bias=0.0),
        "lstm": cached.sensitivity("lstm", **probe, forget_bias=forget_bias),
    }


def show(S: Table) -> None:
    s = st.session_state
    st.header(t("RNN vs GRU vs LSTM: how far back does the gradient reach?"))
    explain(LESSON)
    w.side_by_side((w.slider, S["cmp_T"]), (w.slider, S["cmp_fb"]), (w.slider, S["cmp_scale"]))
    w.number_input(S["cmp_seed"])
    drawn = curves(s.cmp_T, s.cmp_seed, s.cmp_scale, s.cmp_fb)
    mark = REACH_MARK if s.cmp_T > REACH_MARK else None
    page.chart(reach_chart(drawn, forget_bias=s.cmp_fb, mark=mark, tr=t), key="distance")
    if mark is not None:
        rnn = drawn["rnn"][mark]
        st.markdown(t(
            "**{d} steps back**, the LSTM with forget bias {b:+g} keeps **{r1}×** the RNN's gradient; PyTorch's "
            "default LSTM keeps {r0}×.", d=mark, b=s.cmp_fb,
            r1=i18n.magnitude(drawn["lstm"][mark] / rnn), r0=i18n.magnitude(drawn["lstm_default"][mark] / rnn),
        ))  # fmt: skip
    if any(not np.isfinite(v).all() for v in drawn.values()):
        st.warning(t("The gradient overflowed (exploded past the largest float) for some distances: those are gaps."))
