"""The result page's figures and words, built once per server for every session shown the same shared run.

A figure of a training result is a pure function of the run (its lstmviz.server.sharedruns key), the figure's own
arguments (a forecast's origin), the language and classroom mode; so are its words (the metrics table, the
verdict, the findings) without the classroom mode. When thirty students get the same run, the first to draw a
figure builds it, localised and enlarged as `page.chart` would (`page.styled`), and every session is handed that
same go.Figure, whose dict st.plotly_chart serialises was made once too; the words likewise. Building a result
page cost a session ~60 ms of CPU; what is left is Streamlit's own work per element (bench/class_load.py). What
each browser receives is identical to what a session builds for itself. Nothing kept here is changed after it is
built, so the sessions share it instead of copying it. Memory: at most a quarter of LSTMVIZ_SHARED_CACHE_MB, a
figure by the size of its JSON, least recently used evicted first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import plotly.graph_objects as go
import streamlit as st

from lstmviz.server import sharedruns
from lstmviz.ui import i18n, page


class _Frozen(go.Figure):
    """A figure shown as it was built: `to_dict()`, which st.plotly_chart serialises, hands out one dict made at
    build time instead of a deep copy per call, and one of JSON's own types (its arrays already plotly's base64
    strings, its dates text), which serialises in half the time and to the same JSON. plotly_chart only reads it
    (plotly.io.to_json pops trace uids, which these figures do not have)."""

    def __init__(self, fig: go.Figure) -> None:
        super().__init__(fig)
        text = fig.to_json()
        self._as_dict, self._json_bytes = json.loads(text), len(text)  # plotly takes public names for properties

    def to_dict(self) -> dict:
        return self._as_dict


def _size(value: Any) -> int:
    return value._json_bytes if isinstance(value, _Frozen) else sharedruns.estimate_bytes(value)


V = TypeVar("V")
# Nothing kept here is changed once built: every session gets the one value, not a copy of it.
FIGURES = sharedruns.SharedRuns(int(sharedruns.MAX_MB / 4 * 2**20), copy=lambda value: value, size=_size)


def figure(run: Hashable | None, name: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """`build()`'s figure, styled for this session's language and classroom mode: with `run` (the shared run's key)
    the server's one copy for (run, name, language, classroom), built on first use; without, built here."""
    if run is None:
        return page.styled(build())
    key = ("figure", run, name, i18n.lang(), page.classroom())
    return FIGURES.run(key, lambda _publish: (_Frozen(page.styled(build())), True)).value


def words(run: Hashable | None, name: Hashable, build: Callable[[], V]) -> V:
    """`build()`'s value, words a result page shows (its tables and findings, in this session's language): with
    `run`, the server's one copy for (run, name, language), built on first use and never changed; without, built
    here."""
    if run is None:
        return build()
    return FIGURES.run(("words", run, name, i18n.lang()), lambda _publish: (build(), True)).value


def chart(run: Hashable | None, name: Hashable, build: Callable[[], go.Figure], *, key: str, where: Any = st) -> None:
    """Show `figure(run, name, build)` as page.chart shows a figure."""
    page.chart(figure(run, name, build), key=key, where=where, as_is=True)
