"""Cell page: step through a live LSTM cell, timestep by timestep."""

import numpy as np
import streamlit as st
import torch

from lstmviz.cell import trace
from lstmviz.equations import latex_equations, pre_activations, step_values
from lstmviz.figures import cell_diagram, gate_heatmaps, state_lines
from lstmviz.model import what_if
from lstmviz.sequences import KINDS, parse_numbers
from lstmviz.ui import cached, state

st.set_page_config(page_title="Cell · LSTM Visual Explorer", page_icon="🔬", layout="wide")

# ---- inputs ------------------------------------------------------------------------------
handover = state.current()
with st.sidebar:
    use_trained = False
    if handover is not None:
        use_trained = st.toggle("Use the model from the Train page", value=True, help=handover.source)
    st.header("Model")
    hidden = st.slider("Hidden units", 1, 16, 4, disabled=use_trained)
    layers = st.radio("Layers", [1, 2], horizontal=True, disabled=use_trained)
    seed = st.number_input("Weight seed", 0, 10_000, 0, disabled=use_trained)
    st.header("What if…")
    forget_bias = st.slider("Forget-gate bias shift", -5.0, 5.0, 0.0, 0.5)
    input_bias = st.slider("Input-gate bias shift", -5.0, 5.0, 0.0, 0.5)
    scale = st.slider("Recurrent weight scale (W_hh ×)", 0.0, 3.0, 1.0, 0.1)
    st.header("Input")
    source = st.radio("Sequence", ["Synthetic", "Type numbers"], horizontal=True, disabled=use_trained)
    if source == "Synthetic":
        kind = st.selectbox("Kind", KINDS, disabled=use_trained)
        length = st.slider("Length", 5, 200, 30, disabled=use_trained)
        data_seed = st.number_input("Data seed", 0, 10_000, 0, disabled=use_trained)
        xs = cached.sequence(kind, length, data_seed)
    else:
        text = st.text_area("Numbers (comma or space separated, up to 500)", "0, 0.5, 1, 0.5, 0, -0.5, -1")
        try:
            xs = parse_numbers(text)
            st.session_state["cell_last_good"] = xs
        except ValueError as err:
            st.error(f"{err}. Showing the last good input.")
            xs = st.session_state.get("cell_last_good", np.zeros(7, dtype=np.float32))

st.title("Step through the cell")

# ---- compute -----------------------------------------------------------------------------
if use_trained:
    lstm = what_if(handover.lstm, forget_bias=forget_bias, input_bias=input_bias, recurrent_scale=scale)
    x = handover.x
    tr = trace(lstm, x)
    st.caption(f"Model and window: {handover.source}")
else:
    lstm = cached.explorer_lstm(hidden, layers, seed, forget_bias, input_bias, scale)
    x = torch.from_numpy(np.asarray(xs, dtype=np.float32)).unsqueeze(1)
    tr = cached.explorer_trace(hidden, layers, seed, forget_bias, input_bias, scale, tuple(float(v) for v in xs))
T, H, L = tr.h.shape[1], tr.h.shape[2], tr.h.shape[0]

# ---- time controls -----------------------------------------------------------------------
st.session_state["step"] = min(st.session_state.get("step", 0), T - 1)


def _move(delta: int) -> None:
    st.session_state["step"] = int(np.clip(st.session_state["step"] + delta, 0, T - 1))


playing = st.toggle("▶ Play", key="playing")
c1, c2, c3, c4 = st.columns([1, 1, 2, 2])
layer = c3.radio("Layer", list(range(L)), horizontal=True) if L > 1 else 0
unit = c4.selectbox("Unit for the equations", list(range(H)))


@st.fragment(run_every=0.7 if playing else None)
def timestep_view() -> None:
    if playing:
        st.session_state["step"] = (st.session_state["step"] + 1) % T
    b1, b2, sl = st.columns([1, 1, 5])
    b1.button("◀ Back", on_click=_move, args=(-1,), width="stretch")
    b2.button("Forward ▶", on_click=_move, args=(1,), width="stretch")
    step = sl.slider("Timestep t", 0, T - 1, key="step") if T > 1 else 0
    layer_in = x[step].float() if layer == 0 else tr.h[layer - 1, step]
    h_prev = tr.h[layer, step - 1] if step > 0 else torch.zeros(H)
    v = step_values(tr, float(layer_in[0]), layer=layer, step=step, unit=unit)
    pre = pre_activations(lstm, layer_in, h_prev, layer=layer, unit=unit)
    left, right = st.columns([5, 6])
    left.plotly_chart(cell_diagram(v), width="stretch", config={"displayModeBar": False}, key="diagram")
    with right:
        st.markdown(f"**Equations at t = {step}, layer {layer}, unit {unit}**")
        st.latex(r"\begin{aligned}&" + r" \\ &".join(latex_equations(v, pre=pre)) + r"\end{aligned}")
    st.plotly_chart(gate_heatmaps(tr, layer=layer, step=step), width="stretch", key="heatmaps")
    units = st.multiselect("Units to plot", list(range(H)), default=[0])
    st.plotly_chart(state_lines(tr, layer=layer, units=units, step=step), width="stretch", key="lines")


timestep_view()
