"""Long work in the app: a fair share of the CPU, live progress, and a Stop that keeps what was done.

Stop works the Streamlit way: clicking any widget while the script runs interrupts it at its
next Streamlit call. The callbacks below save their partial results in session state
*before* each such call, so nothing learned is lost.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from lstmviz import gradflow, sharedruns
from lstmviz.figures.gradients import memory_curves
from lstmviz.ui import page
from lstmviz.ui.i18n import t

# At most this many trainings run at once in the process (Community Cloud shares one small
# machine between all viewers); the others wait their turn with a visible message.
MAX_TRAININGS = int(os.environ.get("LSTMVIZ_MAX_TRAININGS", "2"))
_SLOTS = threading.BoundedSemaphore(MAX_TRAININGS)


@contextmanager
def training_slot() -> Iterator[None]:
    """Hold one of the process-wide training slots; wait visibly (and cancellably) for one."""
    if not _SLOTS.acquire(blocking=False):
        note = st.empty()
        st.button(t("Cancel"), key="cancel_wait", icon=":material/cancel:")  # a click interrupts the wait
        waited = 0.0
        while not _SLOTS.acquire(timeout=0.5):
            waited += 0.5
            note.info(t("Other users are training right now; yours starts when a slot frees up ({s:.0f} s).", s=waited))
        note.empty()
    try:
        yield
    finally:
        _SLOTS.release()


BASELINE = 1 / 6  # MSE of always predicting the mean sum, 1


def memory_task_panel(T: int, steps: int, seed: int) -> None:
    """Train an RNN and an LSTM on the adding problem, live; the result stays until the next run."""
    s = st.session_state
    c1, c2, _ = st.columns([2, 1, 3])  # room for the label at classroom size, in Portuguese too
    start = c1.button(t("Train RNN and LSTM"), type="primary", icon=":material/play_arrow:")
    c2.button(t("Stop"), key="mem_stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
    progress, chart = st.empty(), st.empty()
    if start:
        s["mem_run"] = {"T": T, "hist": {}}

        def show(hist: dict) -> None:  # this session's view of a run, its own or one it waits for
            s["mem_run"]["hist"] = dict(hist)  # saved first: a Stop click interrupts below
            cell = list(hist)[-1]
            step = len(hist[cell]) - 1
            done = ((len(hist) - 1) * steps + step + 1) / (2 * steps)
            text = t("{cell}: step {step} of {steps}", cell=cell.upper(), step=step + 1, steps=steps)
            progress.progress(done, text=text)
            page.chart(memory_curves(hist, baseline=BASELINE, tr=t), key=f"mem_live_{cell}_{step}", where=chart)

        def both(publish) -> tuple[dict, bool]:
            hist: dict = {}
            with training_slot():
                for cell in ("rnn", "lstm"):

                    def on_step(step, history, cell=cell) -> None:
                        hist[cell] = history
                        s["mem_run"]["hist"] = dict(hist)
                        if step % 25 == 0 or step == steps - 1:
                            publish(dict(hist))
                            show(hist)

                    gradflow.train_memory_task(cell, T=T, seed=seed, steps=steps, on_step=on_step)
            return hist, True  # a Stop click raises out of it: nothing half-done is shared

        # identical settings train once per server; other sessions wait for that run and watch it
        s["mem_run"]["hist"] = sharedruns.RUNS.run(("memory_task", T, steps, seed), both, watch=show).value
        progress.empty()
    run = s.get("mem_run")
    if not run or not run["hist"]:
        st.info(t("Press Train to train both models on sequences of T steps (about 10 s)."))
        return
    page.chart(memory_curves(run["hist"], baseline=BASELINE, tr=t), key="mem_final", where=chart)
    for cell, hist in run["hist"].items():
        final = float(hist["loss"].tail(100).mean())
        verdict = t("learned the task") if final < BASELINE / 3 else t("stays near the baseline: it cannot remember")
        st.markdown(
            t("**{cell}** after {n} steps (T = {T}): mean loss of the last 100 steps {loss:.3f} — {verdict}.",
              cell=cell.upper(), n=len(hist), T=run["T"], loss=final, verdict=verdict)
        )  # fmt: skip


# ---- the Train page's model: per session, bounded, released when idle -------------------------

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


def run_fit(data, config, target: str, label: str, progress, chart) -> None:
    """Train in a fair slot with live progress; a Stop click (or any other click) keeps what was learned.

    A click while the script runs makes Streamlit raise at the next element update. The epoch
    callback catches that, asks fit to stop (returning False, which keeps the best weights so
    far), and the exception is raised again once the result is saved, so Streamlit reruns with
    the click as usual.
    """
    import pandas as pd
    from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

    from lstmviz import shards
    from lstmviz.figures.train import loss_curves
    from lstmviz.train import fit

    holder = trained_model()
    release_idle()
    interrupted: list[ScriptControlException] = []

    def show(history, waiting: bool = False) -> None:
        e, n = len(history), config.epochs
        text = (t("Training these settings once for everyone who pressed Train: epoch {e} of {n}", e=e, n=n)
                if waiting else t("Epoch {e} of {n}", e=e, n=n))  # fmt: skip
        progress.progress(e / n, text=text)
        if e and not waiting:  # waiters show the bar only: thirty loss charts an epoch would slow the training
            page.chart(loss_curves(history, tr=t), key=f"loss_live_{e}", where=chart)

    def train(publish) -> tuple:  # this session trains; sessions asking for the same run watch `publish`
        def on_epoch(epoch, history) -> bool | None:
            publish(history)
            if holder.stop.is_set():  # a newer run of this page asked us to stop (fastReruns)
                return False
            try:
                show(history)
            except ScriptControlException as click:
                interrupted.append(click)
                return False
            return None

        publish(pd.DataFrame(columns=["epoch", "train_loss", "val_loss"]))  # waiters show "epoch 0" at once
        with training_slot():
            result = fit(data, config, target=target, on_epoch=on_epoch)
        return result, not (interrupted or holder.stop.is_set())  # a stopped run stays this session's own

    def watch(history) -> None:  # another session trains these exact settings: show its progress
        show(history, waiting=True)

    key = ("fit", sharedruns.data_digest(data), target, config, shards.shard_count())
    with holder.busy:
        holder.stop.clear()
        try:
            outcome = sharedruns.RUNS.run(key, train, watch=watch, leave=holder.stop)
        except sharedruns.Left:  # a newer run of this page (fastReruns) asked: it waits or trains itself
            return
        result = outcome.value
        stopped = int(result.history["epoch"].iloc[-1]) if not outcome.complete and len(result.history) else None
        holder.keep(result, label, stopped_at=stopped)
    if interrupted:
        raise interrupted[0]
