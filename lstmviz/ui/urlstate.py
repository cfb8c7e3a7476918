"""A page's settings round-trip through the URL, as language-independent values.

`restore(table)` seeds session state from the URL (or the default) before the widgets are drawn;
`sync(table)` writes every value that differs from its default back to the URL, under the
setting's current name (a link with an old name is rewritten). Widgets are created with `key=` only.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lstmviz.ui.settings import Setting, Table, decode, encode


def _from_url(row: Setting) -> Any:
    for name in (row.key, row.old):
        if name is not None and name in st.query_params:
            try:
                value = decode(st.query_params[name], row.default)
            except (TypeError, ValueError, OverflowError):
                return row.default  # a hand-edited link must not break the page
            return value if row.allows(value) else row.default
    return row.default


def restore(table: Table) -> None:
    """Seed st.session_state[key] from the URL, else the default; a value that does not parse or fit
    the setting's bounds or choices gets the default, never an error."""
    for key, row in table.items():
        if key in st.session_state:
            # Re-assigning keeps a widget's value while it is hidden (classroom mode, another page);
            # Streamlit drops the state of widgets not drawn in a run.
            st.session_state[key] = st.session_state[key]
            continue
        st.session_state[key] = _from_url(row)


def sync(table: Table) -> None:
    """Write every setting that differs from its default to the URL (defaults stay out: short links)."""
    params = {}
    for key, row in table.items():
        if key in st.session_state and st.session_state[key] != row.default:
            params[key] = encode(st.session_state[key])
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
