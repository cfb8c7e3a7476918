"""A fair share of the CPU: at most MAX_TRAININGS long jobs run at once in the server process.

Stop works the Streamlit way: clicking any widget while the script runs interrupts it at its next
Streamlit call (`interruption()` names the exception). Long jobs save partial results in session
state *before* each such call, so nothing learned is lost.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

from lstmviz import budget, cost
from lstmviz.ui.i18n import t


def interruption() -> type[BaseException]:
    """The exception Streamlit raises inside a running script when the user clicks (a rerun or a stop).

    Compatibility: Streamlit has no public name for it; this is the one place that imports the private module
    (checked on Streamlit 1.67).
    """
    from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

    return ScriptControlException


# The wall-time budget of one training run on this server ($LSTMVIZ_MAX_SECONDS, default 120 s; read once, so a
# bad value fails when the server starts): a run that reaches it stops and keeps its best weights.
BUDGET = budget.server_max_seconds()
MEMORY = cost.server_max_mb()  # and the memory cap of one run ($LSTMVIZ_MAX_MB, default 250 MB; lstmviz.cost)

# At most this many trainings run at once in the process (Community Cloud shares one small
# machine between all viewers); the others wait their turn with a visible message.
MAX_TRAININGS = int(os.environ.get("LSTMVIZ_MAX_TRAININGS", "2"))
_SLOTS = threading.BoundedSemaphore(MAX_TRAININGS)


CLOSED_POLL = 0.5  # seconds between two checks that the run's browser session is still open


def tab_closed() -> Callable[[], bool]:
    """Whether the browser session running this script has gone (its tab closed), asked of Streamlit's runtime at
    most every CLOSED_POLL seconds; never, outside a server (AppTest, a notebook)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return lambda: False
    server, session, last, gone = runtime.get_instance(), ctx.session_id, [0.0], [False]

    def closed() -> bool:
        if not gone[0] and time.monotonic() - last[0] >= CLOSED_POLL:
            last[0], gone[0] = time.monotonic(), not server.is_active_session(session)
        return gone[0]

    return closed


@contextmanager
def training_slot(cancel: bool = True) -> Iterator[Callable[[], bool]]:
    """Hold one of the process-wide training slots; wait visibly (and cancellably) for one. Inside, a run stops at
    its next budget check once the tab that asked for it has closed; the slot yields that check (tab_closed).

    `cancel`: draw a Cancel button beside the wait. Inside a fragment (the Train page's section) a click there
    would not interrupt the wait (Streamlit lets a fragment's run finish first): pass False there, and the note
    points at the page's Stop button instead, which does.
    """
    if not _SLOTS.acquire(blocking=False):
        note = st.empty()
        if cancel:
            st.button(t("Cancel"), key="cancel_wait", icon=":material/cancel:")  # a click interrupts the wait
        waited = 0.0
        while not _SLOTS.acquire(timeout=0.5):
            waited += 0.5
            text = (t("Other users are training right now; yours starts when a slot frees up ({s:.0f} s).", s=waited)
                    if cancel else t("Other users are training right now; yours starts when a slot frees up ({s:.0f} "
                                     "s). Press Stop to stop waiting.", s=waited))  # fmt: skip
            note.info(text)
        note.empty()
    closed = tab_closed()
    try:
        with budget.stop_when(closed):
            yield closed
    finally:
        _SLOTS.release()
