"""Gradients, section 3: exploding gradients and clipping, the same exploding RNN trained with and without
clip_grad_norm_."""

from __future__ import annotations

import streamlit as st

from lstmviz.course import GRADIENTS
from lstmviz.figures.gradients import clipping_curves
from lstmviz.ui import cached, page
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings import Table

TEXT = (
    "Without clipping, the gradient grows by orders of magnitude, one step throws the weights far away, and the "
    "loss explodes (the red line ends where it became NaN). `clip_grad_norm_` shortens every gradient longer "
    "than the threshold to that length, so each step moves the weights by at most the learning rate × the "
    "threshold, and the loss falls."
)
LESSON = Lesson("clip", GRADIENTS, TEXT, keys=("clip", "clip_scale"), chapters=("clipping",))


def show(S: Table) -> None:
    st.header(t("Exploding gradients and clipping"))
    explain(LESSON)
    w.side_by_side((w.slider, S["clip"]), (w.slider, S["clip_scale"]))
    clipping_panel(clip=st.session_state.clip, scale=st.session_state.clip_scale)


def clipping_panel(clip: float, scale: float) -> None:
    """A Run button; the two runs' gradient norms and losses, kept until the next Run."""
    s = st.session_state
    if st.button(
        t("Run the clipping demo"), icon=":material/play_arrow:",
        help=t("Trains the same exploding RNN twice (about 1 s): once as is, once with clip_grad_norm_ at the "
               "threshold."),
    ):  # fmt: skip
        s["clip_run"] = {
            "clip": clip,
            "scale": scale,
            "runs": {
                N_("without clipping"): cached.clipping(clip=None, seed=0, scale=scale),
                N_("with clip_grad_norm_"): cached.clipping(clip=float(clip), seed=0, scale=scale),
            },
        }
    clip_run = s.get("clip_run")
    if clip_run is None:
        st.info(t("Press Run to train the same exploding RNN with and without clipping."))
        return
    if (clip_run["clip"], clip_run["scale"]) != (clip, scale):
        st.caption(t("Shown: clip threshold {clip}, recurrent weights ×{scale}. Press Run again to use the new "
                     "settings.", clip=clip_run["clip"], scale=clip_run["scale"]))  # fmt: skip
    norms_fig, loss_fig = clipping_curves(clip_run["runs"], threshold=clip_run["clip"], tr=t)
    c1, c2 = st.columns(2)
    with c1:
        page.chart(norms_fig, key="clip_norms")
    with c2:
        page.chart(loss_fig, key="clip_loss")
