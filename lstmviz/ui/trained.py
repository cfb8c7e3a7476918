"""The Train page's model: per session, bounded, released when idle; and the training run that fills it."""

from __future__ import annotations

import os
import threading
import time
import weakref

import pandas as pd
import streamlit as st

from lstmviz import train as trainer
from lstmviz.config import TrainConfig
from lstmviz.figures import train as train_figures
from lstmviz.server import sharedruns
from lstmviz.ui import page
from lstmviz.ui.datasources import Data
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
        self.made_of: tuple | None = None  # Data.made_of(config) of the data and settings it was trained from
        self.shared: tuple | None = None  # the server-wide run (lstmviz.server.sharedruns key) the result is a copy of
        self.stopped_at: int | None = None  # the epoch a Stop click ended it at
        self.runs: list[dict] = []  # {"label", "config", "metrics"}, newest last, at most MAX_RUNS
        self.released = False
        self.touched = time.monotonic()
        self.busy = threading.Lock()  # held while this session trains
        self.stop = threading.Event()  # set by a later run of the page: finish the epoch and keep the result

    def keep(self, result, label: str, stopped_at: int | None = None, made_of: tuple | None = None,
             shared: tuple | None = None) -> None:  # fmt: skip
        """Hold `result`; `made_of` is what the page's data and settings were (Data.made_of; None: an uploaded model);
        `shared` the key of the complete server-wide run it is a copy of (None: its own, a stopped or uploaded
        one), under which the sessions showing it share its figures (lstmviz.ui.sharedcharts)."""
        self.result, self.label, self.stopped_at, self.released = result, label, stopped_at, False
        self.made_of, self.shared = made_of, shared
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


def run_fit(data: Data, config: TrainConfig, *, progress, chart) -> bool:
    """Train in a fair slot with live progress; a Stop click (or any other click) keeps what was learned.

    A click while the script runs makes Streamlit raise at the next element update. The epoch
    callback catches that, asks fit to stop (returning False, which keeps the best weights so
    far), and the exception is raised again once the result is saved, so Streamlit reruns with
    the click as usual. Identical runs (same data, settings, seed and shard count) train once per
    server (lstmviz.server.sharedruns): a session asking for a run that is training waits for it and
    shows its progress. Returns whether it drew in `progress` or `chart` (a session that waits for a short run
    draws nothing).
    """
    holder = trained_model()
    release_idle()
    interrupted: list[BaseException] = []
    drawn = []

    def show(history, waiting: bool = False) -> None:
        drawn.append(True)
        e, n = len(history), config.epochs
        text = (t("Training these settings once for everyone who pressed Train: epoch {e} of {n}", e=e, n=n)
                if waiting else t("Epoch {e} of {n}", e=e, n=n))  # fmt: skip
        progress.progress(e / n, text=text)
        if e and not waiting:  # waiters show the bar only: thirty loss charts an epoch would slow the training
            page.chart(train_figures.loss_curves(history, tr=t), key=f"loss_live_{e}", where=chart)

    def train(publish) -> tuple:  # this session trains; sessions asking for the same run watch `publish`
        def on_epoch(epoch, history) -> bool | None:
            publish(history)
            if holder.stop.is_set():  # a newer run of this page asked us to stop (fastReruns)
                return False
            try:
                show(history)
            except interruption() as click:
                interrupted.append(click)
                return False
            return None

        publish(pd.DataFrame(columns=["epoch", "train_loss", "val_loss"]))  # "epoch 0" until the first one ends
        with training_slot(cancel=False) as closed:  # in the Train section's fragment: Stop interrupts the wait
            result = trainer.fit(data.frame, config, target=data.target, on_epoch=on_epoch)
        return result, not (interrupted or holder.stop.is_set() or closed())  # a stopped run stays this session's

    # A run the time budget cut is not deterministic: later sessions get its result from the cache, but none shares
    # its figures, which a retrained run of the same key (after the cache dropped it) would otherwise show.
    request = data.request(config)
    key = request.shared_key
    with holder.busy:
        holder.stop.clear()
        try:
            outcome = sharedruns.RUNS.run(key, train, watch=lambda history: show(history, waiting=True),
                                          leave=holder.stop)  # fmt: skip
        except sharedruns.Left:  # a newer run of this page (fastReruns) asked: it waits or trains itself
            return bool(drawn)
        result = outcome.value
        stopped = int(result.history["epoch"].iloc[-1]) if not outcome.complete and len(result.history) else None
        holder.keep(
            result, data.label, stopped_at=stopped, made_of=request.made_of,
            shared=key if outcome.complete and result.stopped_by != "budget" else None,
        )  # fmt: skip
    if interrupted:
        raise interrupted[0]
    return bool(drawn)
