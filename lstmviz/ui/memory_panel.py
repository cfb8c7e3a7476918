"""The Gradients page's adding-problem panel: an RNN and an LSTM trained live, in a training slot."""

from __future__ import annotations

import streamlit as st

from lstmviz import gradflow
from lstmviz.figures.gradients import memory_curves
from lstmviz.ui import page
from lstmviz.ui.i18n import t
from lstmviz.ui.slots import training_slot

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
                        page.chart(
                            memory_curves(s["mem_run"]["hist"], baseline=BASELINE, tr=t),
                            key=f"mem_live_{cell}_{step}",
                            where=chart,
                        )

                gradflow.train_memory_task(cell, T=T, seed=seed, steps=steps, on_step=on_step)
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
