"""The Gradients page's adding-problem panel: an RNN and an LSTM trained live, in a training slot."""

from __future__ import annotations

import time

import streamlit as st

from lstmviz import gradflow
from lstmviz.figures.gradients import memory_curves
from lstmviz.ui import page
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.slots import training_slot

VERDICTS = {  # gradflow.memory_verdict's grades
    "learned": N_("learned the task"),
    "partly": N_("better than the baseline, far from solved: it remembers a little"),
    "baseline": N_("no better than the baseline: it does not remember"),
}


def memory_task_panel(T: int, steps: int, seed: int) -> None:
    """Train an RNN and an LSTM on the adding problem, live; the result stays until the next run."""
    s = st.session_state
    c1, c2, _ = st.columns([2, 1, 3])  # room for the label at classroom size, in Portuguese too
    start = c1.button(t("Train RNN and LSTM"), type="primary", icon=":material/play_arrow:")
    c2.button(t("Stop"), key="mem_stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
    progress, chart = st.empty(), st.empty()
    if start:
        s["mem_run"] = {"T": T, "steps": steps, "hist": {}, "seconds": {}}
        with training_slot():
            for n, cell in enumerate(("rnn", "lstm")):
                began = time.perf_counter()

                def on_step(step, history, n=n, cell=cell, began=began) -> None:
                    s["mem_run"]["hist"][cell] = history  # saved first: a Stop click interrupts below
                    s["mem_run"]["seconds"][cell] = time.perf_counter() - began
                    if step % 25 == 0 or step == steps - 1:
                        done = (n * steps + step + 1) / (2 * steps)
                        progress.progress(
                            done,
                            text=t("{cell}: step {step} of {steps}", cell=cell.upper(), step=step + 1, steps=steps),
                        )
                        page.chart(
                            memory_curves(s["mem_run"]["hist"], baseline=gradflow.BASELINE, tr=t),
                            key=f"mem_live_{cell}_{step}",
                            where=chart,
                        )

                gradflow.train_memory_task(cell, T=T, seed=seed, steps=steps, on_step=on_step)
        progress.empty()
    run = s.get("mem_run")
    if not run or not run["hist"]:
        st.info(t("Press Train to train an RNN, then an LSTM, for {steps} steps each on sequences of {T} steps; "
                  "the time each takes is shown when it is done.", steps=steps, T=T))  # fmt: skip
        return
    page.chart(memory_curves(run["hist"], baseline=gradflow.BASELINE, tr=t), key="mem_final", where=chart)
    for cell, hist in run["hist"].items():
        final = float(hist["loss"].tail(100).mean())
        verdict = t(VERDICTS[gradflow.memory_verdict(final)])
        st.markdown(
            t("**{cell}** after {n} steps (T = {T}, {sec:.0f} s): mean loss of the last 100 steps {loss:.3f} "
              "(baseline {base:.3f}) — {verdict}.", cell=cell.upper(), n=len(hist), T=run["T"],
              sec=run["seconds"][cell], loss=final, base=gradflow.BASELINE, verdict=verdict)
        )  # fmt: skip
    done = sum(len(h) for h in run["hist"].values())
    if done < 2 * run["steps"]:
        st.warning(t("Stopped after {done} of {total} steps: the results above are for the steps done.",
                     done=done, total=2 * run["steps"]))  # fmt: skip
