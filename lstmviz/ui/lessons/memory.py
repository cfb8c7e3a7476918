"""Gradients, section 4: a task that needs memory, the adding problem: an RNN and an LSTM trained live, in a
training slot."""

from __future__ import annotations

import time

import streamlit as st

from lstmviz import gradflow
from lstmviz.budget import Deadline
from lstmviz.course import GRADIENTS
from lstmviz.figures.gradients import memory_curves
from lstmviz.server import sharedruns
from lstmviz.ui import page
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings import Table
from lstmviz.ui.slots import BUDGET, training_slot

TEXT = (
    "Each sequence has two channels: random values in [0, 1], and a marker that is 1 at exactly two steps, one "
    "in each half. The target is the sum of the two marked values. Always answering 1 scores MSE = 1/6 ≈ 0.167 "
    "(dashed line); beating it requires remembering a value seen up to T steps earlier. At the defaults (T = 50, "
    "1000 steps), measured for seeds 0–5, the LSTM leaves the baseline after 300–550 steps and ends near 0.001, "
    "while the RNN stays at 0.17–0.18."
)

VERDICTS = {  # gradflow.memory_verdict's grades
    "learned": N_("learned the task"),
    "partly": N_("better than the baseline, far from solved: it remembers a little"),
    "baseline": N_("no better than the baseline: it does not remember"),
}
LESSON = Lesson("mem", GRADIENTS, TEXT, keys=("mem_T", "mem_steps", "mem_seed"), chapters=("adding",),
                texts=tuple(VERDICTS.values()))  # fmt: skip


def show(S: Table) -> None:
    s = st.session_state
    st.header(t("A task that needs memory: the adding problem"))
    explain(LESSON)
    w.side_by_side((w.slider, S["mem_T"]), (w.slider, S["mem_steps"]), (w.number_input, S["mem_seed"]))
    memory_task_panel(T=s.mem_T, steps=s.mem_steps, seed=s.mem_seed)


def memory_task_panel(T: int, steps: int, seed: int) -> None:
    """Train an RNN and an LSTM on the adding problem, live; the result stays until the next run."""
    s = st.session_state
    c1, c2, _ = st.columns([2, 1, 3])  # room for the label at classroom size, in Portuguese too
    start = c1.button(t("Train RNN and LSTM"), type="primary", icon=":material/play_arrow:")
    c2.button(t("Stop"), key="mem_stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
    progress, chart = st.empty(), st.empty()
    if start:
        s["mem_run"] = {"T": T, "steps": steps, "seed": seed, "hist": {}, "seconds": {}, "budget": False}

        def show(run: dict) -> None:  # this session's view of a run, its own or one it waits for
            s["mem_run"].update(hist=dict(run["hist"]), seconds=dict(run["seconds"]))  # saved first: Stop interrupts
            cell = list(run["hist"])[-1]
            step = len(run["hist"][cell])
            done = ((len(run["hist"]) - 1) * steps + step) / (2 * steps)
            progress.progress(done, text=t("{cell}: step {step} of {steps}", cell=cell.upper(), step=step, steps=steps))
            page.chart(memory_curves(run["hist"], baseline=gradflow.BASELINE, tr=t), key=f"mem_live_{cell}_{step}",
                       where=chart)  # fmt: skip

        def both(publish) -> tuple[dict, bool]:
            run = {"hist": {}, "seconds": {}, "budget": False}
            deadline = Deadline(BUDGET)
            with training_slot():
                for cell in ("rnn", "lstm"):
                    began = time.perf_counter()

                    def on_step(step, history, cell=cell, began=began) -> None:
                        run["hist"][cell], run["seconds"][cell] = history, time.perf_counter() - began
                        if step % 25 == 0 or step == steps - 1:
                            publish(run)
                            show(run)

                    left = deadline.left()
                    history = gradflow.train_memory_task(cell, T=T, seed=seed, steps=steps, on_step=on_step,
                                                         max_seconds=left)  # fmt: skip
                    run["hist"][cell] = history
                    if len(history) < steps:  # the server's time budget ran out
                        run["budget"] = True
                        break
            return run, True  # a Stop click raises out of it: nothing half-done is shared

        # identical settings train once per server; other sessions wait for that run and watch it
        shared = sharedruns.RUNS.run(("memory_task", T, steps, seed, BUDGET), both, watch=show).value
        s["mem_run"].update(shared)
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
    if run.get("budget"):
        st.warning(t("Stopped by the server's {budget:.0f} s time limit after {done} of {total} steps.",
                     budget=BUDGET, done=done, total=2 * run["steps"]))  # fmt: skip
    elif done < 2 * run["steps"]:
        st.warning(t("Stopped after {done} of {total} steps: the results above are for the steps done.",
                     done=done, total=2 * run["steps"]))  # fmt: skip
