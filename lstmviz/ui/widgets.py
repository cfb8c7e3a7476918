"""Thin widget helpers: each draws one setting from its table row (label, bounds, choices, step, help).

An advanced setting is not drawn in classroom mode (its value is kept; the helpers then return None), unless it
differs from its default: a lesson, a chapter or a link set it, and the class sees what was changed; or unless the
page's error names it ("lower Batch size", see `name`), so that the student can do what the message says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

from lstmviz.ui import i18n
from lstmviz.ui.i18n import pgettext, t
from lstmviz.ui.settings import Setting

NAMED = "_named_setting"  # the label of the setting the page's error names, while that error stands


def _shown(row: Setting) -> bool:
    s = st.session_state
    hidden = row.advanced and s.get("classroom", False) and s.get(row.key, row.default) == row.default
    return not hidden or s.get(NAMED) == row.label


def name(err: ValueError | None, rows: Iterable[Setting]) -> bool:
    """Remember the setting of `rows` that `err` names (a UserError's {setting}; None: no error), so that its control
    is drawn while the error stands; True when that control was hidden in this run (the caller reruns to draw it)."""
    label = getattr(err, "params", {}).get("setting")
    row = next((row for row in rows if row.label == label), None)
    hidden = row is not None and not _shown(row)
    named = row.label if row is not None else None
    new, st.session_state[NAMED] = st.session_state.get(NAMED) != named, named
    return hidden and new  # once: a rerun that still hides it draws the error without it rather than loop


def _common(row: Setting, kw: dict) -> dict:
    return {"key": row.key, "help": t(row.help) if row.help else None, **kw}


def _draw(row: Setting, widget: Callable[..., Any], *args, **kw) -> Any:
    """widget(translated label, *args, key, help, **kw), or None for an advanced setting in classroom mode."""
    return widget(t(row.label), *args, **_common(row, kw)) if _shown(row) else None


def slider(row: Setting, where: Any = st, **kw) -> Any:
    if isinstance(row.default, float) and i18n.decimal() != ".":  # st.slider writes 0.50 in every language
        return _steps(row, where, **kw)
    return _draw(row, where.slider, *row.bounds, step=row.step, **kw)


def _steps(row: Setting, where: Any, **kw) -> Any:
    """A float slider as a select slider of its steps, each written in the language (0,50), at the value nearest
    the one it holds (a link's 0.33 on a 0.05 step)."""
    lo, hi = row.bounds
    steps = [round(lo + k * row.step, 10) for k in range(round((hi - lo) / row.step) + 1)]
    decimals = max(2, len(f"{row.step:g}".partition(".")[2]))  # as st.slider's %0.2f, or the step's own
    labels = {v: i18n.number(v, f".{decimals}f") for v in steps}
    if _shown(row) and row.key in st.session_state:
        st.session_state[row.key] = min(steps, key=lambda v: abs(v - st.session_state[row.key]))
    return _draw(row, where.select_slider, steps, format_func=labels.get, **kw)


def number_input(row: Setting, where: Any = st, **kw) -> Any:
    return _draw(row, where.number_input, *row.bounds, step=row.step, **kw)


def select_slider(row: Setting, where: Any = st, **kw) -> Any:
    if "format_func" not in kw and all(isinstance(c, float) for c in row.choices):  # 0,001 in Portuguese
        kw["format_func"] = {c: i18n.number(c, "g") for c in row.choices}.get
    return _draw(row, where.select_slider, list(row.choices), **kw)


def radio(row: Setting, where: Any = st, options=None, **kw) -> Any:
    return _draw(row, where.radio, list(row.choices if options is None else options), **kw)


def selectbox(row: Setting, where: Any = st, options=None, **kw) -> Any:
    return _draw(row, where.selectbox, list(row.choices if options is None else options), **kw)


def multiselect(row: Setting, options, where: Any = st, **kw) -> Any:
    kw.setdefault("placeholder", t("Choose options"))  # Streamlit's own is English in every language
    return _draw(row, where.multiselect, list(options), max_selections=row.max_items, **kw)


def toggle(row: Setting, where: Any = st, **kw) -> Any:
    return _draw(row, where.toggle, **kw)


def text_input(row: Setting, where: Any = st, **kw) -> Any:
    return _draw(row, where.text_input, **kw)


def text_area(row: Setting, where: Any = st, **kw) -> Any:
    return _draw(row, where.text_area, **kw)


def date_input(row: Setting, where: Any = st, **kw) -> Any:
    lo, hi = row.bounds
    return _draw(row, where.date_input, min_value=lo, max_value=hi, **kw)


def translated(row: Setting, context: str | None = None):
    """A format_func showing each choice in the page's language (a mapping built now, not a call to t later);
    `context` as pgettext's, where a choice's word has another meaning elsewhere."""
    if context is None:
        return {choice: t(str(choice)) for choice in row.choices}.get
    return {choice: pgettext(context, str(choice)) for choice in row.choices}.get


def side_by_side(*drawn: tuple[Callable[..., Any], Setting]) -> None:
    """Each (helper, row) pair drawn in its own column, left to right: `side_by_side((slider, S["T"]), ...)`."""
    for where, (draw, row) in zip(st.columns(len(drawn)), drawn, strict=True):
        draw(row, where)
