"""A page's settings round-trip through the URL, as language-independent values.

`restore(table)` seeds session state from the URL (or the default) before the widgets are drawn;
`sync(table)` writes every value that differs from its default back to the URL, under the
setting's current name (a link with an old name is rewritten). Widgets are created with `key=` only.
"""

from __future__ import annotations

import streamlit as st

from lstmviz.ui.settings import Table, encode


def restore(table: Table) -> None:
    """Seed st.session_state[key] from the URL, else the default; a value that does not parse or fit
    the setting's bounds or choices gets the default, never an error."""
    for key, row in table.items():
        if key in st.session_state:
            # Re-assigning keeps a widget's value while it is hidden (classroom mode, another page);
            # Streamlit drops the state of widgets not drawn in a run.
            st.session_state[key] = st.session_state[key]
            continue
        st.session_state[key] = row.from_link(st.query_params)


def sync(table: Table) -> None:
    """Write every setting that differs from its default to the URL (defaults stay out: short links)."""
    params = {}
    for key, row in table.items():
        if key in st.session_state and st.session_state[key] != row.default:
            params[key] = encode(st.session_state[key])
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
