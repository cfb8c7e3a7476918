"""Lesson: the GRU's update gate near 1 holds h_t as the LSTM's forget gate near 1 holds C_t (the single-spike
demo, both kinds), and what the GRU pays for its one gate: (1 − z_t) is also what lets the spike in.

Self-contained: its texts (English msgids), its Cell-page settings and suggestions, one draw function; the
computation is the library's (lstmviz.spikehold), its figure lstmviz.figures.cell.spike_hold_chart.
"""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import streamlit as st

from lstmviz.course import CELL as PAGE
from lstmviz.figures.cell import spike_hold_chart
from lstmviz.spikehold import SPIKE, Hold, spike_hold
from lstmviz.ui import i18n, page
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson
from lstmviz.ui.settings.cell import CELL

KEY = "spike_hold"
BIAS = 5.0  # the holding gate's bias shift: sigma(5 + b) is near 1
FORGET = -3.0  # and the shift that forgets at once
STEPS = 10  # how long after the spike the lesson reads what is left
TITLE = N_("The GRU's update gate holds h_t as the LSTM's forget gate holds C_t")
TEXT = N_(
    "Recurrent weights off, the holding gate's bias +{bias:g}: after the spike only that gate acts, C_t = f_t C_(t−1) "
    "and h_t = z_t h_(t−1). With f_t = {f:.3f} the LSTM still holds {lstm_kept:.0%} of C_t {steps} steps later; with "
    "z_t = {z:.3f} the GRU holds {gru_kept:.0%} of h_t. The price of the GRU's single gate: h_t = (1 − z_t) n_t + "
    "z_t h_(t−1), so the same z_t near 1 also keeps the spike out. It wrote {gru_written:.3f} into h_t where the "
    "LSTM, whose input gate is separate, wrote {lstm_written:.3f} into C_t."
)
SETTINGS = ("use_trained", "cell", "source", "kind", "scale", "forget_bias", "update_bias", "step", "unit", "units")
_SPIKE = {"use_trained": False, "source": "synthetic", "kind": "single spike", "scale": 0.0, "step": SPIKE}
SUGGESTIONS = [  # each unit is the one the spike writes most into at weight seed 0 (the lesson test checks it)
    (N_("GRU, update bias +5: h_t holds the spike"), {**_SPIKE, "cell": "gru", "update_bias": BIAS, "unit": 1,
                                                      "units": [1]}),
    (N_("GRU, update bias −3: the spike is written in full and forgotten at once"),
     {**_SPIKE, "cell": "gru", "update_bias": FORGET, "unit": 2, "units": [2]}),
    (N_("LSTM, forget bias +5: C_t holds the spike"), {**_SPIKE, "cell": "lstm", "forget_bias": BIAS, "unit": 1,
                                                       "units": [1]}),
]  # fmt: skip
# its own box (show), whose text quotes the computation's numbers
LESSON = Lesson(KEY, PAGE, TEXT, keys=SETTINGS, suggestions=tuple(SUGGESTIONS), chapters=("gru",), texts=(TITLE,))


@st.cache_data(max_entries=4, show_spinner=False)
def holds(bias: float) -> tuple[Hold, Hold]:
    """The LSTM's and the GRU's hold of the spike at the explorer's defaults."""
    return spike_hold("lstm", bias), spike_hold("gru", bias)


def findings(lstm: Hold, gru: Hold) -> dict[str, float]:
    """The numbers TEXT says, from the computation."""
    return dict(bias=BIAS, steps=STEPS, f=lstm.gate[SPIKE + 1], z=gru.gate[SPIKE + 1], lstm_kept=lstm.kept(STEPS),
                gru_kept=gru.kept(STEPS), lstm_written=lstm.written, gru_written=gru.written)  # fmt: skip


@st.cache_data(max_entries=4, show_spinner=False)
def _chart(bias: float, lang: str) -> go.Figure:  # `lang` keys the figure's words: t() reads the session's
    return spike_hold_chart(holds(bias), steps=STEPS, tr=t)


def show() -> None:
    lstm, gru = holds(BIAS)
    with st.expander(t(TITLE), icon=":material/school:"):
        st.markdown(t(TEXT, **findings(lstm, gru)))
        page.chart(_chart(BIAS, i18n.lang()), key=f"{KEY}_chart")
        defaults = {k: CELL[k].default for k in SETTINGS}  # each suggestion starts from the table's defaults
        for n, (label, settings) in enumerate(SUGGESTIONS):
            st.button(t(label), key=f"{KEY}_suggest_{n}", on_click=_apply, args=({**defaults, **settings},),
                      icon=":material/lightbulb:")  # fmt: skip


def _apply(settings: dict) -> None:
    st.session_state.update(copy.deepcopy(settings))  # a list value stays unshared
