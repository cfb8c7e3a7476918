"""Thin widget helpers: each draws one setting from its table row (label, bounds, choices, step, help).

An advanced setting is not drawn in classroom mode (its value is kept); the helpers then return None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from lstmviz.ui.i18n import pgettext, t
from lstmviz.ui.settings import Setting


def _shown(row: Setting) -> bool:
    return not (row.advanced and st.session_state.get("classroom", False))


def _common(row: Setting, kw: dict) -> dict:
    return {"key": row.key, "help": t(row.help) if row.help else None, **kw}


def slider(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        lo, hi = row.bounds
        return where.slider(t(row.label), lo, hi, step=row.step, **_common(row, kw))
    return None


def number_input(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        lo, hi = row.bounds
        return where.number_input(t(row.label), lo, hi, step=row.step, **_common(row, kw))
    return None


def select_slider(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        return where.select_slider(t(row.label), list(row.choices), **_common(row, kw))
    return None


def radio(row: Setting, where: Any = st, options=None, **kw) -> Any:
    if _shown(row):
        return where.radio(t(row.label), list(row.choices if options is None else options), **_common(row, kw))
    return None


def selectbox(row: Setting, where: Any = st, options=None, **kw) -> Any:
    if _shown(row):
        return where.selectbox(t(row.label), list(row.choices if options is None else options), **_common(row, kw))
    return None


def multiselect(row: Setting, options, where: Any = st, **kw) -> Any:
    if _shown(row):
        return where.multiselect(t(row.label), list(options), **_common(row, kw))
    return None


def toggle(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        return where.toggle(t(row.label), **_common(row, kw))
    return None


def text_input(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        return where.text_input(t(row.label), **_common(row, kw))
    return None


def text_area(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        return where.text_area(t(row.label), **_common(row, kw))
    return None


def date_input(row: Setting, where: Any = st, **kw) -> Any:
    if _shown(row):
        lo, hi = row.bounds
        return where.date_input(t(row.label), min_value=lo, max_value=hi, **_common(row, kw))
    return None


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
