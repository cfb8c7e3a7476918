"""Lesson: what a trained cell looks at. On a task whose answer is the first value of each sequence, an RNN and an
LSTM are trained live; integrated gradients show the LSTM's answer resting on step 1 and the RNN's on the last
steps. It sits on the Gradients page after the adding problem: the same two cells, the same question (how far back
does a cell reach?), now asked of what each trained model actually uses.

Its parts: the settings table (SETTINGS, on the Gradients page's table), the text (TITLE, TEXT, RESULT), the
suggestions, the question and its choices (answered by lstmviz.firstvalue.answer), and `draw`.
"""

from __future__ import annotations

import streamlit as st

from lstmviz import firstvalue
from lstmviz.budget import Deadline
from lstmviz.course import GRADIENTS
from lstmviz.figures.attribution import first_value_chart
from lstmviz.server import sharedruns
from lstmviz.ui import page
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.lessons import Lesson, explain
from lstmviz.ui.settings import SEED, Setting, Table
from lstmviz.ui.slots import BUDGET, training_slot

KEY = "first_value"
SETTINGS = Table(
    Setting("fv_T", 30, "Sequence length T", bounds=(10, 60), step=5),
    Setting("fv_steps", 600, "Training steps per model", bounds=(100, 1500), step=100),
    Setting("fv_seed", 0, "Seed", bounds=SEED, advanced=True),
)
TITLE = N_("What the trained model looks at: the first value")
TEXT = N_(
    "Each sequence holds random values; the answer is the **first** one (plus a little noise). To get it right a "
    "model must keep step 1 in mind past every later value. Train an RNN and an LSTM (forget gates starting open, "
    "bias +3), then ask each trained model, by integrated gradients, which steps its answer rests on: how much of "
    "the answer each step's value moved, against an all-zero sequence (the values' mean)."
)
SUGGESTIONS = [  # (label, settings)
    (N_("Sequences of 60 steps: does the LSTM still find step 1?"), {"fv_T": 60}),
    (N_("Train only 100 steps: attribution of a model that has not learned yet"), {"fv_steps": 100}),
]
QUESTION = N_("Which steps does the trained LSTM's answer rest on?")
CHOICES = {  # lstmviz.firstvalue.CHOICES, in its order
    "first": N_("Step 1, the value it must give back"),
    "last": N_("The last few steps, the most recent values"),
    "spread": N_("All steps about equally"),
}
RESULT = N_(
    "**{cell}** after {n} steps (T = {T}, {sec:.0f} s): held-out error {mse:.3f} (guessing 0 scores 1) — {verdict}. "
    "Its answer rests {first:.0%} on step 1 and {recent:.0%} on the last 5 steps; the peak is at step {peak}."
)
VERDICTS = {True: N_("learned the task"), False: N_("has not learned it")}
LESSON = Lesson("fv", GRADIENTS, TEXT, keys=tuple(SETTINGS), suggestions=tuple(SUGGESTIONS), chapters=("first_value",),
                texts=(TITLE, QUESTION, *CHOICES.values(), RESULT, *VERDICTS.values()))  # fmt: skip


def show(S: Table) -> None:
    """Gradients, section 5: the section's title, its box, its controls and the run."""
    s = st.session_state
    st.header(t(TITLE))
    explain(LESSON)
    w.side_by_side((w.slider, S["fv_T"]), (w.slider, S["fv_steps"]), (w.number_input, S["fv_seed"]))
    draw(T=s.fv_T, steps=s.fv_steps, seed=s.fv_seed)


def draw(T: int, steps: int, seed: int) -> None:
    """Train both cells on the task (in a training slot, under the server's budget; Stop keeps the cells done), then
    show each one's attribution per step and say what it shows."""
    s = st.session_state
    c1, c2, _ = st.columns([2, 1, 3])
    start = c1.button(t("Train RNN and LSTM on the first value"), key="fv_go", type="primary",
                      icon=":material/play_arrow:")  # fmt: skip
    c2.button(t("Stop"), key="fv_stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))
    progress = st.empty()
    if start:
        s["fv_run"] = {"T": T, "steps": steps, "seed": seed, "runs": {}, "budget": False}

        def show(run: dict) -> None:  # this session's view of a run, its own or one it waits for
            s["fv_run"].update(runs=dict(run["runs"]))  # saved first: a Stop click interrupts the next call
            cell, step = run["now"]
            done = (len(run["runs"]) * steps + step) / (2 * steps)
            progress.progress(min(done, 1.0), text=t("{cell}: step {step} of {steps}", cell=cell.upper(), step=step,
                                                     steps=steps))  # fmt: skip

        def both(publish) -> tuple[dict, bool]:
            run = {"runs": {}, "budget": False, "now": (firstvalue.CELLS[0], 0)}
            deadline = Deadline(BUDGET)
            with training_slot():
                for cell in firstvalue.CELLS:

                    def on_step(step, _history, cell=cell) -> None:
                        if step % 50 == 0 or step == steps - 1:
                            run["now"] = (cell, step + 1)
                            publish(run)
                            show(run)

                    done = firstvalue.train_first_value(cell, T=T, seed=seed, steps=steps, on_step=on_step,
                                                        max_seconds=deadline.left())  # fmt: skip
                    run["runs"][cell] = done
                    if len(done.history) < steps:  # the server's time budget ran out
                        run["budget"] = True
                        break
            return run, True  # a Stop click raises out of it: nothing half-done is shared

        shared = sharedruns.RUNS.run((KEY, T, steps, seed, BUDGET), both, watch=show).value
        s["fv_run"].update(runs=shared["runs"], budget=shared["budget"])
        progress.empty()
    run = s.get("fv_run")
    if not run or not run["runs"]:
        st.info(t("The button above trains an RNN, then an LSTM, for {steps} steps each on sequences of {T} steps, "
                  "then shows which steps each one's answer rests on.", steps=steps, T=T))  # fmt: skip
        return
    runs = run["runs"]
    page.chart(first_value_chart({cell: r.shares for cell, r in runs.items()}, tr=t), key="fv_chart")
    for cell, r in runs.items():
        st.markdown(t(RESULT, cell=cell.upper(), n=len(r.history), T=run["T"], sec=r.seconds, mse=r.test_mse,
                      verdict=t(VERDICTS[firstvalue.learned(r)]), first=float(r.shares[0]),
                      recent=firstvalue.recent_share(r.shares), peak=firstvalue.peak_step(r.shares)))  # fmt: skip
    if run.get("budget"):
        st.warning(t("Stopped by the server's {budget:.0f} s time limit: the results above are for the steps done.",
                     budget=BUDGET))  # fmt: skip
    elif len(runs) < len(firstvalue.CELLS):
        st.warning(t("Stopped before the LSTM was trained: press Train again to see both."))
