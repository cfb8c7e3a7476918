"""The Cell page's stepper: a Streamlit component (st.components.v2) that steps a cell's trace in the browser.

`show(trace, ...)` draws lstmviz.stepview's payload: the server sends it once, and Back, Forward, Play,
the slider and the keyboard move the step in the browser without a script rerun. The step goes to the
URL at once (v2 components render inline, not in an iframe, so the component can write the page's URL)
and to the server only when the student stops moving it or clicks another control: one rerun of the
page, which re-sends the payload it kept. Not a fragment rerun: a commit that lands in the same batch
as another widget's change would turn that widget's full rerun into the fragment's.

KaTeX is bundled (components/stepper/katex/, from the npm registry) and loaded by a second, hidden
component whose message never changes, so a browser receives it once per session (Streamlit sends a
repeated large element as a reference to the copy the browser cached).
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path

import streamlit as st

from lstmviz.stepview import step_payload
from lstmviz.ui import cached, i18n
from lstmviz.ui.settings.cell import CELL

ASSETS = Path(__file__).parent / "components" / "stepper"
KEY = "stepper"  # the component's widget key; its state holds the step the browser last committed
_MEMO = "_stepper_payload"  # session state: (what made it, its JSON, T) of the last payload built


def _inline_fonts(css: str) -> str:
    """KaTeX's stylesheet with the bundled woff2 fonts as data: URLs; faces without a bundled font are dropped."""

    def face(match: re.Match) -> str:
        rule = match.group(0)
        font = ASSETS / "katex" / re.search(r"url\((fonts/[^)]+\.woff2)\)", rule).group(1)
        if not font.exists():
            return ""
        data = base64.b64encode(font.read_bytes()).decode()
        return re.sub(r"src:[^;}]*", f'src:url(data:font/woff2;base64,{data}) format("woff2")', rule)

    return re.sub(r"@font-face\{[^}]*\}", face, css)


@cache
def _components():
    katex_js = (ASSETS / "katex" / "katex.min.js").read_text(encoding="utf-8")
    css = _inline_fonts((ASSETS / "katex" / "katex.min.css").read_text(encoding="utf-8"))
    loader = (ASSETS / "katex_loader.js").read_text(encoding="utf-8")
    katex = st.components.v2.component(
        "lstmviz.katex", js=f"{katex_js}\nconst KATEX_CSS = {json.dumps(css)};\n{loader}", isolate_styles=False
    )
    view = st.components.v2.component(
        "lstmviz.stepper",
        js="\n".join((ASSETS / name).read_text(encoding="utf-8") for name in ("charts.js", "stepper.js")),  # one module
        css=(ASSETS / "stepper.css").read_text(encoding="utf-8"),
        isolate_styles=False,  # KaTeX's stylesheet is the page's: a shadow root would not see it
    )
    return katex, view


def show(trace, lstm, x, *, layer: int, unit: int, units, step: int, on_step, classroom: bool, original=None,
         tr=str, seconds: float = 0.75):  # fmt: skip
    """Draw the stepper for `trace`, the run of `lstm` (or a GRU, an RNN) on x (T, D), at `step`; `on_step(step)`
    gets a committed step; Play moves one step per `seconds`.

    The payload is built and serialised once per model and input, layer, units and language and kept in the
    session: a rerun that changes none of them (a committed step) only re-sends it. `tr` translates into the
    session's language (i18n.lang()), whose decimal separator the numbers take.
    """
    memo = st.session_state.get(_MEMO)
    # the trace is a function of (lstm, x), so their fingerprint stands for it too
    made_of = (cached.fingerprint(lstm, x), layer, unit, tuple(units), i18n.lang(), original is None)
    if memo is None or memo[0] != made_of:
        payload = step_payload(trace, lstm, x, layer=layer, unit=unit, units=units, decimal=i18n.decimal(),
                               original=original, tr=tr)  # fmt: skip
        memo = (made_of, json.dumps(payload), payload["T"])
        st.session_state[_MEMO] = memo
    _, text, T = memo
    katex, view = _components()
    katex(key="lstmviz_katex")

    def commit() -> None:
        committed = (st.session_state[KEY] or {}).get("step")
        if isinstance(committed, int):
            on_step(committed)

    data = {"payload": text, "step": min(max(int(step), 0), T - 1), "classroom": classroom,
            "play_ms": round(1000 * seconds), "default_step": CELL["step"].default}  # fmt: skip
    view(key=KEY, data=data, on_step_change=commit)
