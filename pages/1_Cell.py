"""Cell page: step through a live LSTM cell, timestep by timestep."""

import numpy as np
import streamlit as st
import torch

from lstmviz.cell import trace
from lstmviz.knobs import what_if
from lstmviz.sequences import KINDS, parse_numbers
from lstmviz.ui import cached, i18n, page, state, stepper
from lstmviz.ui.i18n import t

DEFAULTS = {
    "use_trained": True, "hidden": 4, "layers": 1, "seed": 0, "forget_bias": 0.0, "input_bias": 0.0,
    "scale": 1.0, "source": "synthetic", "kind": "sine", "length": 30, "data_seed": 0,
    "numbers": "0, 0.5, 1, 0.5, 0, -0.5, -1", "step": 0, "layer": 0, "unit": 0, "units": [0],
}  # fmt: skip
CHOICES = {"layers": [1, 2], "source": ["synthetic", "typed"], "kind": list(KINDS)}
RANGES = {  # the widgets' bounds, also what a link may set; step, layer and units are clipped to the model
    "hidden": (1, 16), "seed": (0, 10_000), "forget_bias": (-5.0, 5.0), "input_bias": (-5.0, 5.0), "scale": (0.0, 3.0),
    "length": (5, 200), "data_seed": (0, 10_000), "step": (0, 10_000), "layer": (0, 1), "unit": (0, 15),
    "units": (0, 15),
}  # fmt: skip
page.setup("Cell", ":material/memory:", DEFAULTS, CHOICES, RANGES)
advanced = not page.classroom()

# ---- inputs ------------------------------------------------------------------------------
handover = state.current()
with st.sidebar:
    use_trained = handover is not None and st.toggle(
        t("Use the model from the Train page"), key="use_trained", help=handover.source
    )
    st.header(t("Model"))
    st.slider(t("Hidden units"), *RANGES["hidden"], key="hidden", disabled=use_trained)
    st.radio(t("Layers"), [1, 2], key="layers", horizontal=True, disabled=use_trained)
    if advanced:
        st.number_input(t("Weight seed"), *RANGES["seed"], key="seed", disabled=use_trained)
    st.header(t("What if…"))
    st.slider(t("Forget-gate bias shift"), *RANGES["forget_bias"], step=0.5, key="forget_bias")
    if advanced:
        st.slider(t("Input-gate bias shift"), *RANGES["input_bias"], step=0.5, key="input_bias")
        st.slider(t("Recurrent weight scale (W_hh ×)"), *RANGES["scale"], step=0.1, key="scale")
    st.header(t("Input"))
    source_labels = {"synthetic": t("Synthetic"), "typed": t("Type numbers")}
    st.radio(
        t("Sequence"),
        CHOICES["source"],
        key="source",
        horizontal=True,
        disabled=use_trained,
        format_func=source_labels.get,
    )
    if st.session_state["source"] == "synthetic":
        kind_labels = {k: t(k) for k in KINDS}
        st.selectbox(t("Kind"), KINDS, key="kind", format_func=kind_labels.get, disabled=use_trained)
        st.slider(t("Length"), *RANGES["length"], key="length", disabled=use_trained)
        if advanced:
            st.number_input(t("Data seed"), *RANGES["data_seed"], key="data_seed", disabled=use_trained)
        xs = cached.sequence(st.session_state["kind"], st.session_state["length"], st.session_state["data_seed"])
    else:
        st.text_area(t("Numbers (comma or space separated, up to 500)"), key="numbers")
        try:
            xs = parse_numbers(st.session_state["numbers"])
            st.session_state["cell_last_good"] = xs
        except ValueError as err:
            st.error(t("{error}. Showing the last good input.", error=i18n.error_text(err)))
            xs = st.session_state.get("cell_last_good", parse_numbers(DEFAULTS["numbers"]))

st.title(t("Step through the cell"))
page.explain(
    i18n.CELL_EXPLAIN,
    [
        (
            "Set the forget bias to 3 and watch C_t hold on to a single spike",
            {"forget_bias": 3.0, "source": "synthetic", "kind": "single spike", "use_trained": False},
        ),
        ("Set the forget bias to −3: the cell forgets at once", {"forget_bias": -3.0}),
        ("Close the input gate (bias −5): nothing new is written", {"input_bias": -5.0}),
    ],
)

# ---- compute -----------------------------------------------------------------------------
s = st.session_state
if use_trained:
    lstm = what_if(handover.lstm, forget_bias=s.forget_bias, input_bias=s.input_bias, recurrent_scale=s.scale)
    x = handover.x
    tr = trace(lstm, x)
    st.caption(t("Model and window: {source}", source=handover.source))
else:
    knobs = (s.hidden, s.layers, s.seed, s.forget_bias, s.input_bias, s.scale)
    lstm = cached.explorer_lstm(*knobs)
    x = torch.from_numpy(np.asarray(xs, dtype=np.float32)).unsqueeze(1)
    tr = cached.explorer_trace(*knobs, tuple(float(v) for v in xs))
T, H, L = tr.h.shape[1], tr.h.shape[2], tr.h.shape[0]
what = t(s.kind) if s.source == "synthetic" else source_labels["typed"]
state.set_cell_view(lstm, x, handover.source if use_trained else f"{what}, T={T}, H={s.hidden}, L={s.layers}")

# ---- time controls -----------------------------------------------------------------------
s["step"] = min(s["step"], T - 1)
s["layer"] = min(s["layer"], L - 1)
s["unit"] = min(s["unit"], H - 1)
s["units"] = [u for u in s["units"] if u < H] or [0]


def _commit_step(step: int) -> None:  # the step the browser settled on: the URL and later reruns keep it
    s["step"] = int(np.clip(step, 0, T - 1))


c1, c2 = st.columns(2)
if L > 1:
    c1.radio(t("Layer"), list(range(L)), key="layer", horizontal=True)
c2.selectbox(t("Unit for the equations"), list(range(H)), key="unit")


# Steps and Play run in the browser (lstmviz/ui/stepper.py): the page reruns only when the browser commits a step.
stepper.show(
    tr, lstm, x, layer=s["layer"], unit=s["unit"], units=s["units"], step=s["step"], on_step=_commit_step,
    decimal=i18n.decimal(), classroom=page.classroom(), tr=t,
)  # fmt: skip
st.multiselect(t("Units to plot"), list(range(H)), key="units")
page.sync_url()
