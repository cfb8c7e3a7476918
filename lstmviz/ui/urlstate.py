"""A page's settings round-trip through the URL, as language-independent values.

Each page declares DEFAULTS {widget key: default value}. `restore` seeds session state from
the URL (or the default) before the widgets are drawn; `sync` writes every value that
differs from its default back to the URL. Widgets are then created with `key=` only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import streamlit as st


def _decode(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(float(raw))
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, datetime.date):
        return datetime.date.fromisoformat(raw)  # links carry ISO dates: 2024-01-31
    if isinstance(default, (list, tuple)):
        items = [s for s in raw.split(",") if s]
        kind = type(default[0]) if default else str
        return [kind(s) for s in items]
    return raw


def encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def _fits(value: Any, lo: float, hi: float) -> bool:
    items = value if isinstance(value, (list, tuple)) else [value]
    return all(lo <= item <= hi for item in items)


def restore(
    defaults: Mapping[str, Any],
    choices: Mapping[str, list] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> None:
    """Seed st.session_state[key] from the URL, else the default; ignore values that do not parse or fit.

    `choices` lists the allowed values of a key, `ranges` its (min, max) as the widget allows
    (each item of a list value must fit): a hand-edited link gets the default, never an error.
    """
    choices, ranges = choices or {}, ranges or {}
    for key, default in defaults.items():
        if key in st.session_state:
            # Re-assigning keeps a widget's value while it is hidden (classroom mode, another page);
            # Streamlit drops the state of widgets not drawn in a run.
            st.session_state[key] = st.session_state[key]
            continue
        value = default
        if key in st.query_params:
            try:
                value = _decode(st.query_params[key], default)
            except (TypeError, ValueError):
                value = default  # a hand-edited link must not break the page
            if key in choices and value not in choices[key]:
                value = default
            if key in ranges and not _fits(value, *ranges[key]):
                value = default
        st.session_state[key] = value


def sync(defaults: Mapping[str, Any]) -> None:
    """Write every setting that differs from its default to the URL (defaults stay out: short links)."""
    params = {}
    for key, default in defaults.items():
        if key in st.session_state and st.session_state[key] != default:
            params[key] = encode(st.session_state[key])
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
