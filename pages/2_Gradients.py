"""Gradients page: backpropagation through time, and why a plain RNN forgets."""

import numpy as np
import streamlit as st
import torch

from lstmviz.figures.gradients import cell_gradient_heatmap, clipping_curves, gradient_norms
from lstmviz.figures.gradients import sensitivity_by_distance as sensitivity_figure
from lstmviz.ui import cached, i18n, page, state, training
from lstmviz.ui.i18n import N_, t

DEFAULTS = {
    "g_loss": "last", "g_layer": 0, "cmp_T": 100, "cmp_fb": 0.0, "cmp_scale": 1.0, "cmp_seed": 0,
    "clip": 1.0, "clip_scale": 3.0, "mem_T": 50, "mem_steps": 1000, "mem_seed": 0,
}  # fmt: skip
CHOICES = {"g_loss": ["last", "every"]}
RANGES = {  # the widgets' bounds, also what a link may set
    "g_layer": (0, 3), "cmp_T": (10, 300), "cmp_fb": (-5.0, 5.0), "cmp_scale": (0.1, 5.0), "cmp_seed": (0, 10_000),
    "clip": (0.1, 10.0), "clip_scale": (1.0, 5.0), "mem_T": (10, 100), "mem_steps": (100, 2000),
    "mem_seed": (0, 10_000),
}  # fmt: skip
page.setup("Gradients", ":material/timeline:", DEFAULTS, CHOICES, RANGES)
s = st.session_state
advanced = not page.classroom()

st.title(t("Gradients flow back through time"))
page.explain(
    i18n.GRAD_EXPLAIN,
    [
        ("Set the forget bias to 3: the LSTM's gradient reaches far back", {"cmp_fb": 3.0, "cmp_scale": 1.0}),
        ("Scale the recurrent weights ×4: the RNN's gradient explodes", {"cmp_scale": 4.0, "cmp_fb": 0.0}),
    ],
)

# ---- 1. this model ------------------------------------------------------------------------
st.header(t("Backpropagation through time, by hand"))
view = state.cell_view()
if view is None:
    lstm = cached.explorer_lstm(8, 2, 0, 0.0, 0.0, 1.0)
    x = torch.from_numpy(cached.sequence("noisy sine", 60, 0)).unsqueeze(1)
    source = t("a fresh seeded LSTM (8 units, 2 layers) on a noisy sine of 60 steps")
else:
    lstm, x, source = view.lstm, view.x, view.source
st.caption(t("Model and input: {source} (change them on the Cell page)", source=source))
LOSSES = {"last": N_("a target at the last step: L = Σ h_T"), "every": N_("a target at every step: L = Σ_t Σ h_t")}
loss_labels = {k: t(v) for k, v in LOSSES.items()}
st.radio(t("Loss"), CHOICES["g_loss"], key="g_loss", horizontal=True, format_func=loss_labels.get)
L = lstm.num_layers
result, highway, diff = cached.backprop(lstm, x, s.g_loss)
left, right = st.columns(2)
with left:
    page.chart(gradient_norms(result, highway=highway if s.g_loss == "last" else None, tr=t), key="norms")
with right:
    s["g_layer"] = min(s["g_layer"], L - 1)
    if L > 1:
        st.radio(t("Layer"), list(range(L)), key="g_layer", horizontal=True)
    page.chart(cell_gradient_heatmap(result, layer=s.g_layer, tr=t), key="dc_heatmap")
st.metric(
    t("Hand-written BPTT vs autograd: largest difference over all weight gradients"), i18n.number(diff, ".1e"),
    help=t("Computed now, on this model: lstmviz.bptt against torch.autograd on the nn.LSTM itself."),
)  # fmt: skip
if not np.isfinite(result.dc.numpy()).all():
    st.warning(t("Some gradients overflowed to inf or NaN with these settings; they are left out of the charts."))

# ---- 2. RNN vs GRU vs LSTM ----------------------------------------------------------------
st.header(t("RNN vs GRU vs LSTM: how far back does the gradient reach?"))
c1, c2, c3 = st.columns(3)
c1.slider(t("Sequence length T"), *RANGES["cmp_T"], key="cmp_T")
c2.slider(t("LSTM forget-gate bias shift"), *RANGES["cmp_fb"], step=0.5, key="cmp_fb")
c3.slider(t("Recurrent weight scale (W_hh ×)"), *RANGES["cmp_scale"], step=0.1, key="cmp_scale")
if advanced:
    st.number_input(t("Seed"), *RANGES["cmp_seed"], key="cmp_seed")
curves = {
    cell: cached.sensitivity(cell, s.cmp_T, 32, s.cmp_seed, s.cmp_fb, s.cmp_scale) for cell in ("rnn", "gru", "lstm")
}
page.chart(sensitivity_figure(curves, tr=t), key="distance")
if any(not np.isfinite(v).all() for v in curves.values()):
    st.warning(t("The gradient overflowed (exploded past the largest float) for some distances: those are gaps."))

# ---- 3. clipping --------------------------------------------------------------------------
st.header(t("Exploding gradients and clipping"))
c1, c2 = st.columns(2)
c1.slider(t("Clip threshold (max gradient norm)"), *RANGES["clip"], step=0.1, key="clip")
if advanced:
    c2.slider(t("Recurrent weight scale of the RNN (W_hh ×)"), *RANGES["clip_scale"], step=0.5, key="clip_scale")
if st.button(
    t("Run the clipping demo"), icon=":material/play_arrow:",
    help=t("Trains the same exploding RNN twice (about 1 s): once as is, once with clip_grad_norm_ at the threshold."),
):  # fmt: skip
    s["clip_run"] = {
        "clip": s.clip,
        "runs": {
            N_("without clipping"): cached.clipping(None, 0, s.clip_scale),
            N_("with clip_grad_norm_"): cached.clipping(float(s.clip), 0, s.clip_scale),
        },
    }
clip_run = s.get("clip_run")
if clip_run is None:
    st.info(t("Press Run to train the same exploding RNN with and without clipping."))
else:
    if clip_run["clip"] != s.clip:
        st.caption(t("Shown: clip threshold {clip}. Press Run again to use the new threshold.", clip=clip_run["clip"]))
    norms_fig, loss_fig = clipping_curves(clip_run["runs"], threshold=clip_run["clip"], tr=t)
    c1, c2 = st.columns(2)
    with c1:
        page.chart(norms_fig, key="clip_norms")
    with c2:
        page.chart(loss_fig, key="clip_loss")

# ---- 4. memory task -----------------------------------------------------------------------
st.header(t("A task that needs memory: the adding problem"))
st.markdown(t(i18n.MEMORY_EXPLAIN))
c1, c2, c3 = st.columns(3)
c1.slider(t("Sequence length T"), *RANGES["mem_T"], step=5, key="mem_T")
c2.slider(t("Training steps per model"), *RANGES["mem_steps"], step=100, key="mem_steps")
if advanced:
    c3.number_input(t("Seed"), *RANGES["mem_seed"], key="mem_seed")
training.memory_task_panel(s.mem_T, s.mem_steps, s.mem_seed)
