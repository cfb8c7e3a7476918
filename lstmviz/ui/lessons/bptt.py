"""Gradients, section 1: backpropagation through time by hand, on the Cell page's model (or a fresh one)."""

import numpy as np
import streamlit as st
import torch

from lstmviz import gradflow
from lstmviz.course import GRADIENTS
from lstmviz.figures.gradients import cell_gradient_heatmap, gradient_norms
from lstmviz.ui import cached, i18n, page, state
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings import Table
from lstmviz.ui.settings.gradients import FRESH_INPUT, FRESH_MODEL

TEXT = (
    "**Backpropagation through time** runs the cell backwards: the gradient on $h_t$ flows into $C_t$, and "
    "from $C_t$ to $C_{t-1}$ it is multiplied by the forget gate alone: "
    "$\\partial C_t / \\partial C_{t-1} = f_t$. Along that *gradient highway* the signal survives as long "
    "as the forget gates stay near 1. The dashed black line is that path alone: the last step's gradient times "
    "the product of the forget gates; it falls in a straight line on the log axis, by the typical forget gate "
    "per step. The heatmap shows every unit's $|dL/dC_t|$ in powers of ten. A plain RNN has no such path: every "
    "step multiplies the gradient by $W_{hh}$ and the slope of tanh, so it shrinks geometrically (vanishes) or, "
    "with large weights, grows (explodes)."
)
LOSSES = {"last": N_("a target at the last step: L = Σ h_T"), "every": N_("a target at every step: L = Σ_t Σ h_t")}
LESSON = Lesson("bptt", GRADIENTS, TEXT, keys=("g_loss", "g_layer"), chapters=("bptt",), texts=tuple(LOSSES.values()))


def show(S: Table) -> None:
    s = st.session_state
    st.header(t("Backpropagation through time, by hand"))
    explain(LESSON)
    view = state.cell_view()
    if view is None:
        lstm = cached.explorer_lstm(**FRESH_MODEL)
        x = torch.from_numpy(cached.sequence(**FRESH_INPUT)).unsqueeze(1)
        source = t("a fresh seeded LSTM ({hidden} units, {layers} layers, forget bias {bias:+g}) on a noisy sine of "
                   "{length} steps", hidden=FRESH_MODEL["hidden"], layers=FRESH_MODEL["layers"],
                   bias=FRESH_MODEL["forget_bias"], length=FRESH_INPUT["length"])  # fmt: skip
    else:
        lstm, x, source = view.lstm, view.x, view.source
    w.radio(S["g_loss"], horizontal=True, format_func={k: t(v) for k, v in LOSSES.items()}.get)
    result, highway, diff = cached.backprop(lstm, x, s.g_loss)
    left, right = st.columns(2)
    with left:
        page.chart(gradient_norms(result, highway=highway if s.g_loss == "last" else None, tr=t), key="norms")
        if s.g_loss == "last":
            st.caption(t(
                "Dashed: the part of dL/dC_t that travels back along the cell state alone, dL/dC_T times the forget "
                "gates in between. It shrinks by ×{f} per step back here (the forget gates' typical value); the "
                "solid lines are the whole gradient, and the gap is what arrives through h_t and the gates.",
                f=round(gradflow.per_step_factor(highway), 2),
            ))  # fmt: skip
    with right:
        L = lstm.num_layers
        s["g_layer"] = min(s["g_layer"], L - 1)
        if L > 1:
            w.radio(S["g_layer"], options=range(L), horizontal=True)
        page.chart(cell_gradient_heatmap(result, layer=s.g_layer, tr=t), key="dc_heatmap")
        st.caption(t("Colour: the size of dL/dC_t of each unit at each step, in powers of ten; blank cells are "
                     "smaller than the colour bar's lowest power."))  # fmt: skip
    st.caption(t("Model and input: {source} (change them on the Cell page)", source=source))
    st.metric(
        t("Hand-written BPTT vs autograd: largest difference over all weight gradients"), i18n.number(diff, ".1e"),
        help=t("Computed now, on this model: lstmviz.bptt against torch.autograd on the nn.LSTM itself."),
    )  # fmt: skip
    if not np.isfinite(result.dc.numpy()).all():
        st.warning(t("Some gradients overflowed to inf or NaN with these settings; they are left out of the charts."))
