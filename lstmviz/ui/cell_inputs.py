"""The Cell page's explorer controls: its own model's and its input's (a synthetic sequence or typed numbers)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lstmviz.sequences import parse_numbers
from lstmviz.ui import cached, i18n
from lstmviz.ui import widgets as w
from lstmviz.ui.i18n import t
from lstmviz.ui.settings import Table


def explorer_controls(trained: bool):
    """The explorer's own model and input controls: folded away while a trained model is shown."""
    return st.expander(t("Explorer settings (used when the toggle is off)")) if trained else st.container()


def sequence(S: Table, source_labels: dict[str, str], trained: bool) -> np.ndarray:
    """The explorer's input (T,): the chosen synthetic kind, or the typed numbers (the last good ones on an error)."""
    s = st.session_state
    with explorer_controls(trained):
        w.radio(S["source"], horizontal=True, disabled=trained, format_func=source_labels.get)
        if s["source"] == "synthetic":
            w.selectbox(S["kind"], format_func=w.translated(S["kind"], context="sequence kind"), disabled=trained)
            w.slider(S["length"], disabled=trained)
            w.number_input(S["data_seed"], disabled=trained)
            return cached.sequence(s["kind"], s["length"], s["data_seed"])
        _prefill(S["numbers"])
        w.text_area(S["numbers"], disabled=trained)
        try:
            xs = parse_numbers(s["numbers"], decimal=i18n.decimal())
            s["cell_last_good"] = xs
        except ValueError as err:
            if not trained:  # a trained model reads its own window: these numbers are not in use
                st.error(t("{error}. Showing the last good input.", error=i18n.error_text(err)))
            xs = s.get("cell_last_good", parse_numbers(S["numbers"].default))
        return xs


def _prefill(row) -> None:
    """The default numbers as the language writes them ("0; 0,5; 1…" under a label that asks for "0,5; 1,2"),
    while they are the default in some language; a text the user typed stays as typed."""
    s = st.session_state
    text = row.default
    if i18n.decimal() != ".":
        text = "; ".join(i18n.number(x, "g") for x in parse_numbers(row.default))
    if s.get(row.key) in (row.default, s.get("_numbers_prefilled")):
        s[row.key] = text
    s["_numbers_prefilled"] = text
