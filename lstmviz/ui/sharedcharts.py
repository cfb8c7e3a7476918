"""The result page's figures, built once per server for every session shown the same shared run.

A figure of a training result is a pure function of the run (its lstmviz.sharedruns key), the figure's own
arguments (a forecast's origin), the language and classroom mode. When thirty students get the same run, the
first to draw a figure builds it, localised and enlarged as `page.chart` would (`page.styled`), and every session
is handed that same go.Figure: building a result page's figures cost a session ~60 ms of CPU, now only
st.plotly_chart's serialisation is left (the JSON each browser receives is identical to a figure built by the
session). A figure kept here is never changed after it is built, so the sessions share it instead of copying it.
Memory: at most a quarter of LSTMVIZ_SHARED_CACHE_MB, by the size of the figure's JSON, least recently used
evicted first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from lstmviz import sharedruns
from lstmviz.ui import i18n, page


class _Kept:
    """A figure every session shows as it is: its copies are itself, its size its JSON's length."""

    def __init__(self, fig: go.Figure) -> None:
        self.fig, self.bytes = fig, len(fig.to_json())

    def __deepcopy__(self, memo: dict) -> _Kept:
        return self

    def __sizeof__(self) -> int:
        return self.bytes


FIGURES = sharedruns.SharedRuns(int(sharedruns.MAX_MB / 4 * 2**20))


def figure(run: Hashable | None, name: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """`build()`'s figure, styled for this session's language and classroom mode: with `run` (the shared run's key)
    the server's one copy for (run, name, language, classroom), built on first use; without, built here."""
    if run is None:
        return page.styled(build())
    key = ("figure", run, name, i18n.lang(), page.classroom())
    return FIGURES.run(key, lambda _publish: (_Kept(page.styled(build())), True)).value.fig


def chart(run: Hashable | None, name: Hashable, build: Callable[[], go.Figure], *, key: str, where: Any = st) -> None:
    """Show `figure(run, name, build)` as page.chart shows a figure."""
    page.chart(figure(run, name, build), key=key, where=where, as_is=True)
