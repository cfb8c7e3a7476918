"""Cell page: step through a live LSTM, GRU or plain RNN cell, timestep by timestep."""

import numpy as np
import streamlit as st
import torch

from lstmviz.cellkinds import KINDS, kind_of
from lstmviz.knobs import what_if
from lstmviz.ui import attribution_panel, cached, cell_inputs, i18n, lessons, page, state, stepper
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import t
from lstmviz.ui.lessons import cell as lesson
from lstmviz.ui.lessons import spike_hold
from lstmviz.ui.settings.cell import CELL as S

page.setup("Cell", S)

# ---- inputs ------------------------------------------------------------------------------
handover = state.current()

with st.sidebar:
    use_trained = handover is not None and w.toggle(S["use_trained"], help=handover.source)
    st.header(t("Model"))
    if use_trained:
        st.markdown(f"**{kind_of(handover.lstm).title}**")
        st.markdown(t("**{layers} × {hidden}** (layers × hidden units), trained on the Train page",
                      layers=handover.lstm.num_layers, hidden=handover.lstm.hidden_size))  # fmt: skip
    with cell_inputs.explorer_controls(use_trained):
        w.radio(S["cell"], horizontal=True, disabled=use_trained, format_func=lambda k: KINDS[k].title)
        w.slider(S["hidden"], disabled=use_trained)
        w.radio(S["layers"], horizontal=True, disabled=use_trained)
        w.number_input(S["weight_seed"], disabled=use_trained)
    kind = kind_of(handover.lstm) if use_trained else KINDS[st.session_state.cell]
    st.header(t("What if…"))
    for knob in kind.knobs:  # the kind's own (lstmviz.cellkinds), then W_hh's scale, which every kind has
        w.slider(S[knob])
    w.slider(S["scale"])
    st.header(t("Input"))
    if use_trained:
        T_in, D_in = handover.x.shape
        st.markdown(t("**{T} steps**, {D} value(s) per step, scaled as the model reads them: {source}",
                      T=T_in, D=D_in, source=handover.source))  # fmt: skip
    source_labels = {"synthetic": t("Synthetic"), "typed": t("Type numbers")}
    xs = cell_inputs.sequence(S, source_labels, trained=use_trained)

st.title(t("Step through the cell"))
lessons.explain(lesson.LESSON)

# ---- compute -----------------------------------------------------------------------------
s = st.session_state
shifts = {knob: s[knob] for knob in kind.knobs}
if use_trained:
    lstm = what_if(handover.lstm, recurrent_scale=s.scale, **shifts)
    x = handover.x
    st.caption(t("Model and window: {source}", source=handover.source))
else:
    lstm = cached.explorer_cell(kind.key, s.hidden, s.layers, s.weight_seed, s.scale, **shifts)
    x = torch.from_numpy(np.asarray(xs, dtype=np.float32)).unsqueeze(1)
cell_trace = cached.trace(lstm, x)  # a committed step reruns the page: the trace is kept
T, H, L = cell_trace.h.shape[1], cell_trace.h.shape[2], cell_trace.h.shape[0]
if use_trained:
    state.set_cell_view(lstm, x, handover.source)
else:
    what = i18n.pgettext("sequence kind", s.kind) if s.source == "synthetic" else source_labels["typed"]
    state.set_cell_view(lstm, x, f"{what}, T={T}, H={s.hidden}, L={s.layers}")

# ---- time controls -----------------------------------------------------------------------
s["step"] = min(s["step"], T - 1)
s["layer"] = min(s["layer"], L - 1)
s["unit"] = min(s["unit"], H - 1)
s["units"] = [u for u in s["units"] if u < H] or [0]


def _commit_step(step: int) -> None:  # the step the browser settled on: the URL and later reruns keep it
    s["step"] = int(np.clip(step, 0, T - 1))


with st.sidebar:  # beside the model, so the diagram and the equations fill the first screen
    st.header(t("Equations"))
    if L > 1:
        w.radio(S["layer"], options=range(L), horizontal=True)
    w.selectbox(S["unit"], options=range(H))


# Steps and Play run in the browser (lstmviz/ui/stepper.py): the page reruns only when the browser commits a step.
stepper.show(
    cell_trace, lstm, x, layer=s["layer"], unit=s["unit"], units=s["units"], step=s["step"], on_step=_commit_step,
    classroom=page.classroom(), original=handover.original if use_trained else None, tr=t, seconds=s["speed"],
)  # fmt: skip
w.multiselect(S["units"], range(H))
w.slider(S["speed"])
attribution_panel.cell_strip(lstm, x, unit=s["unit"], original=handover.original if use_trained else None)
spike_hold.show()
page.sync_url()
