"""Lesson: Adam, step by step (the course's section 18). SGD, SGD with momentum and Adam race on a 2-D valley at
the same α; Adam's equations are filled in with one coordinate's numbers at step t."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lstmviz import optim
from lstmviz.course import LEARNING
from lstmviz.figures.learning import OPTIMISER_NAMES, adam_moments, distance_curves, optimiser_paths
from lstmviz.ui import i18n, page
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings.learning import LEARNING as S
from lstmviz.ui.settings.learning import RACE_KEYS, arguments

TITLE = N_("Adam, step by step")
KEYS = (*RACE_KEYS, "a_t", "a_coord")  # what the explain box resets
EXPLAIN = N_(
    "The grey contours are a loss with two weights, L(θ) = ½ (0.1 θ₁² + 2 θ₂²): a long, flat valley, twenty times "
    "steeper across (θ₂) than along (θ₁). All three optimisers start at the same point with the same learning rate "
    "α. Plain SGD steps −α·g: fast down the steep wall, slowly along the flat floor. Momentum adds up past "
    "gradients (b_t = β₁ b_{t−1} + g_t), so it speeds up along the floor and swings across it. Adam divides each "
    "weight's step by the size of its own recent gradients, √v̂_t, so it moves about α per step in both directions. "
    "Below, Adam's equations with this run's numbers: at t = 1 the moving average m₁ is only (1 − β₁) g₁, and the "
    "bias correction m̂₁ = m₁ / (1 − β₁) makes it g₁ again."
)
SUGGESTIONS = [  # (label, settings), each from the lesson's defaults
    (N_("α = 0.05: SGD does not get there; momentum, with ten times the step, arrives first"), {"a_lr": 0.05}),
    (N_("β₁ = 0.5: less momentum, a straighter Adam path"), {"a_beta1": 0.5}),
    (N_("The course's α = 0.001: too small for this valley, nobody arrives"), {"a_lr": 0.001}),
]

LESSON = Lesson(
    "adam", LEARNING, EXPLAIN, keys=KEYS, suggestions=tuple(SUGGESTIONS), chapters=("adam",), texts=(TITLE,)
)


@st.cache_data(max_entries=64, show_spinner=False)
def _race(lr: float, beta1: float, beta2: float, steps: int) -> dict[str, dict]:
    return optim.race(lr=lr, beta1=beta1, beta2=beta2, steps=steps)


def arrivals(runs: dict[str, dict], steps: int) -> list[str]:
    """One phrase per optimiser: when it arrives to stay, or that it does not in `steps`."""
    return [
        t("{name} after {n} steps", name=t(OPTIMISER_NAMES[k]), n=run["arrives"]) if run["arrives"] is not None
        else t("{name} not within {steps} steps", name=t(OPTIMISER_NAMES[k]), steps=steps)
        for k, run in runs.items()
    ]  # fmt: skip


def _pair():
    """Two places side by side; one above the other in classroom mode, where a half-width figure is too small."""
    return (st.container(), st.container()) if page.classroom() else st.columns(2)


@st.fragment
def show() -> None:
    """The lesson, as a fragment: its sliders rerun it alone, not the overfitting lesson below it."""
    s = st.session_state
    explain(LESSON)
    c1, c2, c3, c4 = st.columns(4)
    w.select_slider(S["a_lr"], c1, format_func=lambda x: i18n.number(x, "g"))
    w.slider(S["a_beta1"], c2)
    w.select_slider(S["a_beta2"], c3, format_func=lambda x: i18n.number(x, "g"))
    w.slider(S["a_steps"], c4)
    args = arguments(RACE_KEYS, s)
    runs = _race(**args)
    left, right = _pair()
    with left:
        page.chart(optimiser_paths(runs, tr=t), key="adam_paths")
    with right:
        page.chart(distance_curves(runs, tr=t), key="adam_distance")
    st.markdown(t("At α = {lr}, within {near} of the minimum to stay: {arrivals}.", lr=i18n.number(args["lr"], "g"),
                  near=i18n.number(optim.NEAR, "g"), arrivals="; ".join(arrivals(runs, args["steps"]))))  # fmt: skip

    st.subheader(t("Adam's equations with the numbers of step t"))
    s["a_t"] = min(s["a_t"], args["steps"])
    c1, c2 = st.columns([3, 1])
    c1.slider(t(S["a_t"].label), 1, args["steps"], key="a_t")  # the table's bounds, cut to this run's steps
    w.radio(S["a_coord"], c2, horizontal=True, format_func=("θ₁", "θ₂").__getitem__)
    trace, step, coord = runs["adam"], s["a_t"], s["a_coord"]
    lines = optim.adam_latex(trace, step=step, coord=coord, lr=args["lr"], betas=(args["beta1"], args["beta2"]),
                             decimal=i18n.decimal())  # fmt: skip
    st.latex(r"\begin{aligned}" + r" \\ ".join(line.replace(" = ", " &= ", 1) for line in lines) + r"\end{aligned}")
    ratio = trace["m_hat"][0, coord] / trace["m"][0, coord]
    st.markdown(t("At t = 1, m̂₁ is **{ratio}×** m₁: without the correction, Adam's first steps would be that much "
                  "too short (m starts at 0).", ratio=i18n.number(ratio, ".3g")))  # fmt: skip
    left, right = _pair()
    with left:
        page.chart(adam_moments(trace, coord=coord, step=step, first=max(30, step), tr=t), key="adam_moments")
    with right:
        rows = slice(max(0, step - 3), max(0, step - 3) + 8)
        table = pd.DataFrame({name: trace[k][rows, coord] for k, name in
                              (("g", "g"), ("m", "m"), ("v", "v"), ("m_hat", "m̂"), ("v_hat", "v̂"),
                               ("update", "Δθ"))}, index=pd.Index(trace["t"][rows], name="t"))  # fmt: skip
        st.dataframe(table.map(lambda x: i18n.number(x, ".3g")), width="stretch")
    page.sync_url()  # a fragment's rerun: the link follows its sliders
