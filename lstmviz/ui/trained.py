"""The Train page's model: per session, bounded, released when idle; and the training run that fills it."""

from __future__ import annotations

import os
import threading
import time
import weakref

import streamlit as st

from lstmviz.figures import train as train_figures
from lstmviz.train import fit
from lstmviz.ui import page
from lstmviz.ui.i18n import t
from lstmviz.ui.slots import interruption, training_slot

IDLE_SECONDS = float(os.environ.get("LSTMVIZ_IDLE_MINUTES", "30")) * 60
MAX_RUNS = 5  # summaries kept per session; only the latest run keeps its model


class TrainedModel:
    """The latest FitResult of one session and a short history of earlier runs' metrics.

    Held in st.session_state; a process-wide registry holds only weak references, so that
    a training run can release the models of sessions idle for IDLE_SECONDS (a tab left
    open on a shared server must not pin memory forever).
    """

    def __init__(self) -> None:
        self.result = None  # lstmviz.train.FitResult | None
        self.label = ""  # what it was trained on, in words
        self.stopped_at: int | None = None  # the epoch a Stop click ended it at
        self.runs: list[dict] = []  # {"label", "config", "metrics"}, newest last, at most MAX_RUNS
        self.released = False
        self.touched = time.monotonic()
        self.busy = threading.Lock()  # held while this session trains
        self.stop = threading.Event()  # set by a later run of the page: finish the epoch and keep the result

    def keep(self, result, label: str, stopped_at: int | None = None) -> None:
        self.result, self.label, self.stopped_at, self.released = result, label, stopped_at, False
        self.runs = [*self.runs, {"label": label, "config": result.config, "metrics": result.metrics}][-MAX_RUNS:]
        self.touched = time.monotonic()


_HOLDERS: weakref.WeakSet[TrainedModel] = weakref.WeakSet()
_HOLDERS_LOCK = threading.Lock()


def trained_model() -> TrainedModel:
    """This session's holder (created on first use); reading it counts as activity."""
    holder = st.session_state.get("trained")
    if holder is None:
        holder = st.session_state["trained"] = TrainedModel()
        with _HOLDERS_LOCK:
            _HOLDERS.add(holder)
    holder.touched = time.monotonic()
    return holder


def finish_previous_run(holder: TrainedModel, message: str, timeout: float = 300) -> None:
    """Wait until an earlier run of this session has stopped training and saved its result.

    With `runner.fastReruns` (Community Cloud forces it on) a click during training starts a
    new run at once while the old one is still inside `fit`; the old one stops at the end of
    its epoch. Waiting here makes the new run show what was learned instead of nothing.
    """
    if not holder.busy.locked():
        return
    holder.stop.set()
    with st.spinner(message):
        if holder.busy.acquire(timeout=timeout):
            holder.busy.release()


def release_idle(now: float | None = None) -> int:
    """Drop the models of sessions idle longer than IDLE_SECONDS; returns how many were released."""
    now = time.monotonic() if now is None else now
    released = 0
    with _HOLDERS_LOCK:
        for holder in list(_HOLDERS):
            if holder.result is not None and now - holder.touched > IDLE_SECONDS:
                holder.result, holder.released = None, True
                released += 1
    return released


def run_fit(data, config, *, target: str, label: str, progress, chart) -> None:
    """Train in a fair slot with live progress; a Stop click (or any other click) keeps what was learned.

    A click while the script runs makes Streamlit raise at the next element update. The epoch
    callback catches that, asks fit to stop (returning False, which keeps the best weights so
    far), and the exception is raised again once the result is saved, so Streamlit reruns with
    the click as usual.
    """
    holder = trained_model()
    release_idle()
    interrupted: list[BaseException] = []

    def on_epoch(epoch, history) -> bool | None:
        if holder.stop.is_set():  # a newer run of this page asked us to stop (fastReruns)
            return False
        try:
            progress.progress(epoch / config.epochs, text=t("Epoch {e} of {n}", e=epoch, n=config.epochs))
            page.chart(train_figures.loss_curves(history, tr=t), key=f"loss_live_{epoch}", where=chart)
        except interruption() as click:
            interrupted.append(click)
            return False
        return None

    with training_slot(), holder.busy:
        holder.stop.clear()
        result = fit(data, config, target=target, on_epoch=on_epoch)
        asked = bool(interrupted) or holder.stop.is_set()
        stopped = int(result.history["epoch"].iloc[-1]) if asked and len(result.history) else None
        holder.keep(result, label, stopped_at=stopped)
    if interrupted:
        raise interrupted[0]
