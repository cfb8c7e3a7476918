"""Lesson: overfitting and what stops it (the course's section 19). A model too big for a small noisy series
overfits within a second; dropout, weight decay and early stopping change its training and validation curves."""

from __future__ import annotations

import streamlit as st

from lstmviz import overfit
from lstmviz.course import LEARNING
from lstmviz.figures.learning import overfit_curves
from lstmviz.overfit import OverfitRequest
from lstmviz.server.sharedruns import RUNS
from lstmviz.ui import i18n, page
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings.learning import LEARNING as S
from lstmviz.ui.settings.learning import RUN_KEYS, arguments
from lstmviz.ui.slots import BUDGET, training_slot

TITLE = N_("Overfitting and what stops it")
KEYS = RUN_KEYS
EXPLAIN = N_(
    "An LSTM with thousands of weights learns a noisy sine from a short series. Left, the loss on the windows it "
    "trains on; right, on the validation windows that follow them, which it never trains on. Without "
    "regularisation the training loss keeps falling while the validation loss turns up after its first epochs: "
    "the model learns the noise of its training windows by heart. Dropout switches off a random share of h_t's "
    "units at each training step (so the training loss is measured with them off), weight decay pulls every "
    "weight towards 0 (L = MSE + λ Σ‖W‖², inside Adam), and early stopping ends training when the validation loss "
    "has not improved for `patience` epochs. Whatever stops it, the model keeps the weights of its best epoch (★)."
)
SUGGESTIONS = [  # (label, settings), each from the lesson's defaults
    (N_("Dropout 0.5: the gap narrows"), {"o_dropout": 0.5}),
    (N_("Weight decay 10⁻³: the gap narrows"), {"o_weight_decay": 1e-3}),
    (N_("Early stopping, patience 5: training stops soon after the best epoch"), {"o_patience": 5}),
]
LESSON = Lesson(
    "overfit", LEARNING, EXPLAIN, keys=KEYS, suggestions=tuple(SUGGESTIONS),
    chapters=("dropout", "weight_decay", "early_stopping"), texts=(TITLE,),
)  # fmt: skip
WEIGHT_DECAY_TEXT = {0.0: "0", 1e-4: "10⁻⁴", 1e-3: "10⁻³"}


def _run(request: OverfitRequest, progress, label: str) -> overfit.OverfitRun:
    """The run for `request`, computed once per server (others wait and watch it), with a progress bar."""

    def show(history) -> None:
        st.session_state["o_partial"] = (request.key(), history)  # saved first: a Stop click interrupts what follows
        progress.progress(len(history) / overfit.EPOCHS, text=t("{run}: epoch {epoch} of {epochs}", run=label,
                          epoch=len(history), epochs=overfit.EPOCHS))  # fmt: skip

    def compute(publish):
        def on_epoch(epoch, history) -> None:
            publish(history)
            show(history)

        with training_slot():
            return overfit.overfit_run(request, on_epoch=on_epoch), True  # a Stop click raises: nothing half-done

    return RUNS.run(request.key(), compute, watch=show).value


def show() -> None:
    s = st.session_state
    explain(LESSON)
    c1, c2, c3, c4 = st.columns(4)
    w.select_slider(S["o_dropout"], c1, format_func=lambda p: i18n.number(p, "g"))
    w.select_slider(S["o_weight_decay"], c2, format_func=WEIGHT_DECAY_TEXT.get)
    w.slider(S["o_patience"], c3)
    w.number_input(S["o_seed"], c4)
    request = OverfitRequest(**arguments(RUN_KEYS, s), max_seconds=BUDGET)
    c1, c2, _ = st.columns([1, 1, 4])
    stopped = c1.button(t("Stop"), key="o_stop", icon=":material/stop:", help=t("Stops training and keeps what was "
                        "learned."))  # fmt: skip
    baseline_request = request.unregularised()
    if stopped:
        s["o_stopped"] = request.key()
    key, history = s.get("o_partial", (None, None))
    if s.get("o_stopped") == request.key() and key in (request.key(), baseline_request.key()) and key not in RUNS:
        # stopped halfway: no new run until asked for
        c2.button(t("Train again"), key="o_again", icon=":material/play_arrow:", on_click=s.pop, args=("o_stopped",))
        st.warning(t("Stopped after epoch {epoch}: the curves show the epochs done.", epoch=len(history)))
        best = int(history.loc[history.val_loss.idxmin(), "epoch"])
        page.chart(overfit_curves(overfit.OverfitRun(history, best, "stop"), tr=t), key="overfit_partial")
        return
    progress = st.empty()
    baseline = _run(baseline_request, progress, t("without regularisation"))
    run = baseline if request == baseline_request else _run(request, progress, t("this run"))
    progress.empty()
    page.chart(overfit_curves(run, None if run is baseline else baseline, tr=t), key="overfit_curves")
    st.markdown(claims(run, baseline))
    if "budget" in (run.stopped_by, baseline.stopped_by):
        st.warning(t("Stopped by the server's {budget:.0f} s time limit: the curves show the epochs done.",
                     budget=BUDGET))  # fmt: skip


def claims(run: overfit.OverfitRun, baseline: overfit.OverfitRun) -> str:
    """What the curves show, in numbers: where validation turned up, the gap, and how much it narrowed."""
    h = run.history.set_index("epoch")
    lines = [t("Validation loss: lowest **{best}** at epoch **{epoch}** (the weights the model keeps), **{last}** at "
               "the last epoch trained ({epochs}).", best=i18n.number(h.val_loss.min(), ".3f"), epoch=run.best_epoch,
               last=i18n.number(h.val_loss.iloc[-1], ".3f"), epochs=run.epochs)]  # fmt: skip
    lines.append(t("Gap at the end, validation − training: **{gap}**.", gap=i18n.number(run.gap, ".3f")))
    if run is not baseline:
        change = overfit.narrowing(run, baseline)
        text = (N_("Without regularisation it is {base}: these settings narrow it by **{share}**.") if change >= 0
                else N_("Without regularisation it is {base}: these settings widen it by **{share}**."))  # fmt: skip
        lines.append(t(text, base=i18n.number(baseline.gap, ".3f"), share=i18n.number(abs(change), ".0%")))
    if run.stopped_by == "patience":
        lines.append(t("Early stopping ended training at epoch {epochs}, {patience} epochs after the best one.",
                       epochs=run.epochs, patience=run.epochs - run.best_epoch))  # fmt: skip
    return "  \n".join(lines)
