"""Gradients page: backpropagation through time, and why a plain RNN forgets."""

import numpy as np
import streamlit as st
import torch

from lstmviz import gradflow
from lstmviz.figures.gradients import cell_gradient_heatmap, gradient_norms, reach_chart
from lstmviz.ui import cached, clipping_panel, i18n, memory_panel, page, state
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import first_value
from lstmviz.ui.settings.gradients import FRESH_INPUT, FRESH_MODEL, REACH_KEYS, REACH_MARK, REACH_SUGGESTIONS
from lstmviz.ui.settings.gradients import GRADIENTS as S

page.setup("Gradients", S)
s = st.session_state

st.title(t("Gradients flow back through time"))

# ---- 1. this model ------------------------------------------------------------------------
st.header(t("Backpropagation through time, by hand"))
page.explain(i18n.GRAD_EXPLAIN, key="bptt_", keys=("g_loss", "g_layer"))
view = state.cell_view()
if view is None:
    lstm = cached.explorer_lstm(**FRESH_MODEL)
    x = torch.from_numpy(cached.sequence(**FRESH_INPUT)).unsqueeze(1)
    source = t("a fresh seeded LSTM ({hidden} units, {layers} layers, forget bias {bias:+g}) on a noisy sine of "
               "{length} steps", hidden=FRESH_MODEL["hidden"], layers=FRESH_MODEL["layers"],
               bias=FRESH_MODEL["forget_bias"], length=FRESH_INPUT["length"])  # fmt: skip
else:
    lstm, x, source = view.lstm, view.x, view.source
st.caption(t("Model and input: {source} (change them on the Cell page)", source=source))
LOSSES = {"last": N_("a target at the last step: L = Σ h_T"), "every": N_("a target at every step: L = Σ_t Σ h_t")}
loss_labels = {k: t(v) for k, v in LOSSES.items()}
w.radio(S["g_loss"], horizontal=True, format_func=loss_labels.get)
L = lstm.num_layers
result, highway, diff = cached.backprop(lstm, x, s.g_loss)
left, right = st.columns(2)
with left:
    page.chart(gradient_norms(result, highway=highway if s.g_loss == "last" else None, tr=t), key="norms")
    if s.g_loss == "last":
        st.caption(t(
            "Dashed: the part of dL/dC_t that travels back along the cell state alone, dL/dC_T times the forget "
            "gates in between. It shrinks by ×{f} per step back here (the forget gates' typical value); the solid "
            "lines are the whole gradient, and the gap is what arrives through h_t and the gates.",
            f=round(gradflow.per_step_factor(highway), 2),
        ))  # fmt: skip
with right:
    s["g_layer"] = min(s["g_layer"], L - 1)
    if L > 1:
        w.radio(S["g_layer"], options=range(L), horizontal=True)
    page.chart(cell_gradient_heatmap(result, layer=s.g_layer, tr=t), key="dc_heatmap")
    st.caption(t("Colour: the size of dL/dC_t of each unit at each step, in powers of ten; blank cells are smaller "
                 "than the colour bar's lowest power."))  # fmt: skip
st.metric(
    t("Hand-written BPTT vs autograd: largest difference over all weight gradients"), i18n.number(diff, ".1e"),
    help=t("Computed now, on this model: lstmviz.bptt against torch.autograd on the nn.LSTM itself."),
)  # fmt: skip
if not np.isfinite(result.dc.numpy()).all():
    st.warning(t("Some gradients overflowed to inf or NaN with these settings; they are left out of the charts."))

# ---- 2. RNN vs GRU vs LSTM ----------------------------------------------------------------
st.header(t("RNN vs GRU vs LSTM: how far back does the gradient reach?"))
page.explain(i18n.REACH_EXPLAIN, REACH_SUGGESTIONS, key="reach_", keys=REACH_KEYS)
w.side_by_side((w.slider, S["cmp_T"]), (w.slider, S["cmp_fb"]), (w.slider, S["cmp_scale"]))
w.number_input(S["cmp_seed"])
probe = dict(T=s.cmp_T, hidden=gradflow.REACH_HIDDEN, seed=s.cmp_seed, scale=s.cmp_scale)
curves = {
    "rnn": cached.sensitivity("rnn", **probe, forget_bias=0.0),
    "gru": cached.sensitivity("gru", **probe, forget_bias=0.0),
    "lstm_default": cached.sensitivity("lstm", **probe, forget_bias=0.0),
    "lstm": cached.sensitivity("lstm", **probe, forget_bias=s.cmp_fb),
}
mark = REACH_MARK if s.cmp_T > REACH_MARK else None
page.chart(reach_chart(curves, forget_bias=s.cmp_fb, mark=mark, tr=t), key="distance")
if mark is not None:
    rnn = curves["rnn"][mark]
    st.markdown(t(
        "**{d} steps back**, the LSTM with forget bias {b:+g} keeps **{r1}×** the RNN's gradient; PyTorch's "
        "default LSTM keeps {r0}×.", d=mark, b=s.cmp_fb,
        r1=i18n.magnitude(curves["lstm"][mark] / rnn), r0=i18n.magnitude(curves["lstm_default"][mark] / rnn),
    ))  # fmt: skip
if any(not np.isfinite(v).all() for v in curves.values()):
    st.warning(t("The gradient overflowed (exploded past the largest float) for some distances: those are gaps."))

# ---- 3. clipping --------------------------------------------------------------------------
st.header(t("Exploding gradients and clipping"))
w.side_by_side((w.slider, S["clip"]), (w.slider, S["clip_scale"]))
clipping_panel.clipping_panel(clip=s.clip, scale=s.clip_scale)

# ---- 4. memory task -----------------------------------------------------------------------
st.header(t("A task that needs memory: the adding problem"))
st.markdown(t(i18n.MEMORY_EXPLAIN))
w.side_by_side((w.slider, S["mem_T"]), (w.slider, S["mem_steps"]), (w.number_input, S["mem_seed"]))
memory_panel.memory_task_panel(T=s.mem_T, steps=s.mem_steps, seed=s.mem_seed)

# ---- 5. what the trained models look at ---------------------------------------------------------
st.header(t(first_value.TITLE))
page.explain(first_value.TEXT, first_value.SUGGESTIONS, key="fv_", keys=tuple(first_value.SETTINGS))
w.side_by_side((w.slider, S["fv_T"]), (w.slider, S["fv_steps"]), (w.number_input, S["fv_seed"]))
first_value.draw(T=s.fv_T, steps=s.fv_steps, seed=s.fv_seed)
