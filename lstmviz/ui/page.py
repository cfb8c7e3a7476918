"""The frame every page shares: page config, language, classroom mode, navigation, URL state, charts."""

from __future__ import annotations

import base64
import copy
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from lstmviz.server.runtime import freeze_imports, tune_malloc
from lstmviz.ui import course_panel, i18n, urlstate, widgets
from lstmviz.ui.i18n import LOCALES, N_, localise_figure, plotly_config, t
from lstmviz.ui.settings import APP, Table

PAGES = [  # (script, label, icon, what the home page says about it)
    ("app.py", N_("Home"), ":material/home:", None),
    ("pages/1_Cell.py", N_("Cell"), ":material/memory:", N_("Step through the cell, timestep by timestep")),
    (
        "pages/2_Gradients.py",
        N_("Gradients"),
        ":material/timeline:",
        N_("Watch gradients flow back through time, and why a plain RNN forgets"),
    ),
    (
        "pages/3_Train.py",
        N_("Train"),
        ":material/model_training:",
        N_("Train a forecaster on real or synthetic data and compare it with naive baselines"),
    ),
    (
        "pages/4_Learning.py",
        N_("Adam and regularisation"),
        ":material/school:",
        N_("Watch Adam find a minimum step by step, and see overfitting and what stops it"),
    ),
]
_TABLE_KEY = "_page_table"
# The tab's icon, served by the app: a :material/…: page icon makes the browser fetch it from Google's fonts.
# As a data URL made once: a file path would be read and registered with Streamlit's media files on every rerun.
ICON = (
    "data:image/png;base64," + base64.b64encode((Path(__file__).with_name("static") / "icon.png").read_bytes()).decode()
)

# A button's or link's label wraps instead of ending in "…" where its column is narrow (Streamlit cuts it).
LABELS_WRAP = """<style>
button [data-testid="stMarkdownContainer"], button [data-testid="stMarkdownContainer"] p,
[data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"], [data-testid="stPageLink-NavLink"] p
{ white-space: normal !important; text-overflow: clip !important; overflow: visible !important; }
</style>"""
# On a projector: larger text, and the title and the page's top margin smaller, so that the main figure and
# button start on a 1280×720 first screen.
CLASSROOM_CSS = """<style>
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
[data-testid="stMain"] h1 { font-size: 2.2rem; }
</style>"""

tune_malloc()  # once per server process, before any page trains: see lstmviz/server/runtime.py


def setup(title: str, settings: Table | None = None) -> None:
    """Call first on every page: restores the page's settings (its table in lstmviz.ui.settings) from the URL
    and draws the shared sidebar."""
    _one_torch_thread()
    freeze_imports()  # the imports this page made, out of Streamlit's collection after every run
    st.set_page_config(page_title=f"{t(title)} · LSTM Visual Explorer", page_icon=ICON, layout="wide")
    table = Table(APP, settings) if settings is not None else APP
    i18n.default_language()  # a first visit from a Portuguese browser opens in Portuguese, unless the link says
    urlstate.restore(table)
    chapter = course_panel.start(table, next(path for path, label, _, _ in PAGES if label == title))
    st.session_state[_TABLE_KEY] = table
    sync_url()
    with st.sidebar:
        st.radio(
            ":material/translate: " + t(APP["lang"].label), list(LOCALES), key="lang",
            format_func=lambda code: LOCALES[code].name, horizontal=True,
        )  # fmt: skip
        widgets.toggle(APP["classroom"])
        for path, label, page_icon, _ in PAGES:
            st.page_link(path, label=t(label), icon=page_icon, query_params=app_params())
        course_link(t("The course"))
        # on_change="rerun": opening it reruns the page, so the link includes what a fragment changed since
        with st.popover(t("Link to this view"), icon=":material/link:", key="share_link", on_change="rerun"):
            st.caption(t("Copy this link to share exactly what you see (settings and seeds included)."))
            base = (st.context.url or "").split("?")[0]
            query = urlencode(st.query_params.to_dict())
            st.code(f"{base}?{query}" if query else base, language=None)
        st.divider()
    st.html(LABELS_WRAP)
    if classroom():
        # figures grow in chart() (Streamlit reserves their height); a CSS height here would overlap what follows
        st.html(CLASSROOM_CSS)
    if chapter is not None:
        course_panel.panel(chapter, app_params(), folded=classroom())


def _one_torch_thread() -> None:
    """Keep torch on one thread in this rerun (see the note in lstmviz.ui.cached).

    Streamlit runs every rerun in a new thread, and torch.set_num_threads sets OpenMP's thread
    count for the calling thread only: in a fresh thread, matrix products would again use every
    core and wait for one that another session keeps busy. The home page never imports torch.
    Training still uses a second core where there is one: fit runs each batch as two halves on two
    threads of one torch thread each (lstmviz.shards); with the other core busy they share one core
    instead of spin-waiting for it.
    """
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def app_params() -> dict[str, str]:
    """Language and classroom mode travel with every link between pages (the course's chapter does not: each
    chapter's link names its own)."""
    return {
        k: urlstate.encode(st.session_state[k])
        for k, v in APP.defaults().items()
        if k != "chapter" and st.session_state[k] != v
    }


def course_link(label: str) -> None:
    """A link into the course: to the chapter this session is at, else the first."""
    chapter = course_panel.current()
    st.page_link(chapter.page, label=label, icon=":material/school:",
                 query_params=course_panel.link_params(chapter, app_params()))  # fmt: skip


def start_links() -> None:
    """The home page's list of pages, each with a line on what it shows."""
    for path, _, page_icon, about in PAGES:
        if about:
            st.page_link(path, label=t(about), icon=page_icon, query_params=app_params())


def sync_url() -> None:
    """Write the page's current settings to the URL; also call it at the end of a fragment that changes them."""
    urlstate.sync(st.session_state.get(_TABLE_KEY, APP))


def classroom() -> bool:
    return bool(st.session_state.get("classroom", False))


def explain(body: str, suggestions: list[tuple[str, dict[str, Any]]] = (), *, key: str = "", keys=None) -> None:
    """The "What am I looking at?" box: an explanation, buttons that set the controls to show it, and a reset.

    `keys`: the settings this box is about (default: all of the page's own); every suggestion first sets them
    to their table defaults, so it starts from a known state whatever was pressed before, and
    "Reset to defaults" sets just them. `key` (a prefix of the buttons' keys) tells several boxes on one page apart.
    """
    table = st.session_state.get(_TABLE_KEY, APP)
    keys = [k for k in table if k not in APP] if keys is None else list(keys)
    defaults = {k: table[k].default for k in keys}
    with st.expander(t("What am I looking at?"), icon=":material/school:"):
        st.markdown(t(body))
        for n, (label, settings) in enumerate(suggestions):
            st.button(
                t(label), key=f"{key}suggest_{n}", on_click=_apply, args=({**defaults, **settings},),
                icon=":material/lightbulb:",
            )  # fmt: skip
        st.button(t("Reset to defaults"), key=f"{key}reset", on_click=_apply, args=(defaults,), icon=":material/undo:")


def _apply(settings: dict[str, Any]) -> None:
    st.session_state.update({k: copy.deepcopy(v) for k, v in settings.items()})  # a list default stays unshared


def styled(fig: go.Figure) -> go.Figure:
    """`fig` (changed in place) in the language's number and date formats; in classroom mode with larger text and
    height, for the back of the room."""
    if classroom():
        fig.update_layout(font=dict(size=20), height=int((fig.layout.height or 450) * 1.25))
    return localise_figure(fig)


def chart(fig: go.Figure, *, key: str | None = None, where: Any = st, as_is: bool = False) -> None:
    """Show a figure (in `where`: a container or st.empty() slot) styled for the page (see `styled`); `as_is`: it
    already is, and is not changed (a figure several sessions share, lstmviz.ui.sharedcharts)."""
    where.plotly_chart(fig if as_is else styled(fig), width="stretch", key=key, config=plotly_config())
