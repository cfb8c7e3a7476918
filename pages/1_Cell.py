"""Cell page: step through a live LSTM cell, timestep by timestep."""

import numpy as np
import streamlit as st
import torch

from lstmviz.cell import trace
from lstmviz.equations import latex_equations, pre_activations, step_values
from lstmviz.figures.cell import cell_diagram, gate_heatmaps, state_lines
from lstmviz.knobs import what_if
from lstmviz.sequences import parse_numbers
from lstmviz.ui import cached, i18n, page, state
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import t
from lstmviz.ui.settings.cell import CELL as S
from lstmviz.ui.settings.cell import SUGGESTIONS

page.setup("Cell", S)

# ---- inputs ------------------------------------------------------------------------------
handover = state.current()


def explorer_controls(trained: bool):
    """The explorer's own model and input controls: folded away while a trained model is shown."""
    return st.expander(t("Explorer settings (used when the toggle is off)")) if trained else st.container()


with st.sidebar:
    use_trained = handover is not None and w.toggle(S["use_trained"], help=handover.source)
    st.header(t("Model"))
    if use_trained:
        st.markdown(t("**{layers} × {hidden}** (layers × hidden units), trained on the Train page",
                      layers=handover.lstm.num_layers, hidden=handover.lstm.hidden_size))  # fmt: skip
    with explorer_controls(use_trained):
        w.slider(S["hidden"], disabled=use_trained)
        w.radio(S["layers"], horizontal=True, disabled=use_trained)
        w.number_input(S["weight_seed"], disabled=use_trained)
    st.header(t("What if…"))
    w.slider(S["forget_bias"])
    w.slider(S["input_bias"])
    w.slider(S["scale"])
    st.header(t("Input"))
    if use_trained:
        T_in, D_in = handover.x.shape
        st.markdown(t("**{T} steps**, {D} value(s) per step, scaled as the model reads them: {source}",
                      T=T_in, D=D_in, source=handover.source))  # fmt: skip
    source_labels = {"synthetic": t("Synthetic"), "typed": t("Type numbers")}
    with explorer_controls(use_trained):
        w.radio(S["source"], horizontal=True, disabled=use_trained, format_func=source_labels.get)
        if st.session_state["source"] == "synthetic":
            w.selectbox(S["kind"], format_func=w.translated(S["kind"], context="sequence kind"), disabled=use_trained)
            w.slider(S["length"], disabled=use_trained)
            w.number_input(S["data_seed"], disabled=use_trained)
            xs = cached.sequence(st.session_state["kind"], st.session_state["length"], st.session_state["data_seed"])
        else:
            w.text_area(S["numbers"])
            try:
                xs = parse_numbers(st.session_state["numbers"], decimal=i18n.decimal())
                st.session_state["cell_last_good"] = xs
            except ValueError as err:
                st.error(t("{error}. Showing the last good input.", error=i18n.error_text(err)))
                xs = st.session_state.get("cell_last_good", parse_numbers(S["numbers"].default))

st.title(t("Step through the cell"))
page.explain(i18n.CELL_EXPLAIN, SUGGESTIONS)

# ---- compute -----------------------------------------------------------------------------
s = st.session_state
if use_trained:
    lstm = what_if(handover.lstm, forget_bias=s.forget_bias, input_bias=s.input_bias, recurrent_scale=s.scale)
    x = handover.x
    tr = trace(lstm, x)
    st.caption(t("Model and window: {source}", source=handover.source))
else:
    knobs = dict(hidden=s.hidden, layers=s.layers, seed=s.weight_seed, forget_bias=s.forget_bias,
                 input_bias=s.input_bias, scale=s.scale)  # fmt: skip
    lstm = cached.explorer_lstm(**knobs)
    x = torch.from_numpy(np.asarray(xs, dtype=np.float32)).unsqueeze(1)
    tr = cached.explorer_trace(**knobs, xs=tuple(float(v) for v in xs))
T, H, L = tr.h.shape[1], tr.h.shape[2], tr.h.shape[0]
what = i18n.pgettext("sequence kind", s.kind) if s.source == "synthetic" else source_labels["typed"]
state.set_cell_view(lstm, x, handover.source if use_trained else f"{what}, T={T}, H={s.hidden}, L={s.layers}")

# ---- time controls -----------------------------------------------------------------------
s["step"] = min(s["step"], T - 1)
s["layer"] = min(s["layer"], L - 1)
s["unit"] = min(s["unit"], H - 1)
s["units"] = [u for u in s["units"] if u < H] or [0]


def _move(delta: int) -> None:
    s["step"] = int(np.clip(s["step"] + delta, 0, T - 1))


playing = st.toggle(t("▶ Play"), key="playing")
c1, c2 = st.columns(2)
if L > 1:
    w.radio(S["layer"], c1, options=range(L), horizontal=True)
w.selectbox(S["unit"], c2, options=range(H))


@st.fragment(run_every=0.7 if playing else None)
def timestep_view() -> None:
    if playing:
        s["step"] = (s["step"] + 1) % T
    b1, b2, sl = st.columns([1.4, 1.4, 5] if page.classroom() else [1, 1, 5])  # labels whole at 20 px
    b1.button(t("◀ Back"), key="back", on_click=_move, args=(-1,), width="stretch")
    b2.button(t("Forward ▶"), key="forward", on_click=_move, args=(1,), width="stretch")
    if T > 1:
        sl.slider(t(S["step"].label), 0, T - 1, key="step")
    step, layer, unit = s["step"], s["layer"], s["unit"]
    layer_in = x[step].float() if layer == 0 else tr.h[layer - 1, step]
    h_prev = tr.h[layer, step - 1] if step > 0 else torch.zeros(H)
    v = step_values(tr, float(layer_in[0]), layer=layer, step=step, unit=unit)
    pre = pre_activations(lstm, layer_in, h_prev, layer=layer, unit=unit)
    if page.classroom():  # stacked: at 20 px neither the diagram nor the equations fit in half the width
        left = right = st.container()
    else:
        left, right = st.columns([1, 1])
    with left:
        page.chart(cell_diagram(v, decimal=i18n.decimal()), key="diagram")
    with right:
        st.markdown("**" + t("Equations at t = {t}, layer {layer}, unit {unit}", t=step, layer=layer, unit=unit) + "**")
        st.latex(
            r"\begin{aligned}&" + r" \\ &".join(latex_equations(v, pre=pre, decimal=i18n.decimal())) + r"\end{aligned}"
        )
    page.chart(gate_heatmaps(tr, layer=layer, step=step, tr=t), key="heatmaps")
    w.multiselect(S["units"], range(H))
    page.chart(state_lines(tr, layer=layer, units=s["units"], step=step, tr=t), key="lines")
    if not playing:
        page.sync_url()


timestep_view()
