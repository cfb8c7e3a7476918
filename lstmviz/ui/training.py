"""Long work in the app: a fair share of the CPU, live progress, and a Stop that keeps what was done.

Stop works the Streamlit way: clicking any widget while the script runs interrupts it at its
next Streamlit call. The callbacks below save their partial results in session state
*before* each such call, so nothing learned is lost.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from lstmviz import gradflow
from lstmviz.gradfigs import memory_curves
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
    c1, c2 = st.columns([1, 4])
    start = c1.button(t("Train RNN and LSTM"), type="primary", icon=":material/play_arrow:")
    c2.button(t("Stop"), key="mem_stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
    progress, chart = st.empty(), st.empty()
    if start:
        s["mem_run"] = {"T": T, "steps": steps, "seed": seed, "hist": {}}
        with training_slot():
            for n, cell in enumerate(("rnn", "lstm")):

                def on_step(step, history, n=n, cell=cell) -> None:
                    s["mem_run"]["hist"][cell] = history  # saved first: a Stop click interrupts below
                    if step % 25 == 0 or step == steps - 1:
                        done = (n * steps + step + 1) / (2 * steps)
                        progress.progress(
                            done,
                            text=t("{cell}: step {step} of {steps}", cell=cell.upper(), step=step + 1, steps=steps),
                        )
                        chart.plotly_chart(
                            memory_curves(s["mem_run"]["hist"], baseline=BASELINE, tr=t), key=f"mem_live_{cell}_{step}"
                        )

                gradflow.train_memory_task(cell, T=T, seed=seed, steps=steps, on_step=on_step)
        progress.empty()
    run = s.get("mem_run")
    if not run or not run["hist"]:
        st.info(t("Press Train to train both models on sequences of T steps (about 10 s)."))
        return
    chart.plotly_chart(memory_curves(run["hist"], baseline=BASELINE, tr=t), key="mem_final")
    for cell, hist in run["hist"].items():
        final = float(hist["loss"].tail(100).mean())
        verdict = t("learned the task") if final < BASELINE / 3 else t("stays near the baseline: it cannot remember")
        st.markdown(
            t("**{cell}** after {n} steps (T = {T}): mean loss of the last 100 steps {loss:.3f} — {verdict}.",
              cell=cell.upper(), n=len(hist), T=run["T"], loss=final, verdict=verdict)
        )  # fmt: skip
