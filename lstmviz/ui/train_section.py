"""The Train page's Train and Stop buttons, and a fragment with the run Train starts and everything drawn from the
result.

A Train click reruns the fragment alone (`st.rerun` with its key, from the button's callback), not the page: the
sidebar's thirty-odd controls, the data and its preview chart are not drawn again, since nothing there changed.
When a class presses Train at once, every session's page run is most of what the server does (the training itself
runs once, lstmviz.server.sharedruns); this cut it by half (bench/class_load.py). A click on anything inside the
fragment (a forecast origin, loading a saved model) reruns it alone too, as Streamlit does for a fragment's widgets.

The buttons are outside the fragment because a click there reruns the whole page first, and only such a rerun
interrupts a run in progress: a click inside a fragment waits for it (Streamlit's rule, so that a fragment cannot
cut the rest of the page short). Stop must interrupt; so must Train clicked again.

A rerun of the fragment alone gets the arguments of the last page run that reached it. A page run cut short
before that (a click right after moving a slider) would leave older settings there than the sidebar shows, so the
page marks its start (`page_started`) and `draw` its end; the fragment, seeing a page run that did not get to it,
reruns the whole page instead, which trains what the sidebar shows.
"""

from __future__ import annotations

import streamlit as st

from lstmviz.config import TrainConfig
from lstmviz.ui import attribution_panel, train_panels, trained
from lstmviz.ui.datasources import Data
from lstmviz.ui.i18n import t

KEY = "train_section"  # the fragment's key
_CUT = "_train_page_cut"  # session state: True from a page run's start until it draws the section


def page_started() -> None:
    """Call at the start of the Train page's run."""
    st.session_state[_CUT] = True


def draw(data: Data | None, config: TrainConfig | None, can_train: bool) -> None:
    """The section, with this page run's data and settings (the page draws `buttons` first, above its data chart:
    on a projector's first screen)."""
    st.session_state[_CUT] = False
    _section(data, config, can_train)


def buttons(can_train: bool) -> None:
    """Train and Stop."""
    c1, c2, _ = st.columns([1, 1, 3])
    c1.button(t("Train"), key="train", type="primary", icon=":material/play_arrow:", disabled=not can_train,
              width="stretch", on_click=_train_clicked)  # fmt: skip
    c2.button(t("Stop"), key="stop", icon=":material/stop:", help=t("Stops training and keeps what was learned."))


def _train_clicked() -> None:
    st.session_state["train_now"] = True
    st.rerun(KEY)  # the section alone: the settings are those of the page's last run


@st.fragment(key=KEY)
def _section(data: Data | None, config: TrainConfig | None, can_train: bool) -> None:
    """Train (when asked: a Train click, or a fix's or a suggestion's button, which set the controls first), then
    the result. On a rerun of the fragment alone, Streamlit calls it with the arguments of the page's last run."""
    if st.session_state.get(_CUT):  # that run did not get here: these arguments may be older than the sidebar
        st.rerun(scope="app")
    holder = trained.trained_model()
    trained.finish_previous_run(holder, t("Stopping: finishing the current epoch and keeping what was learned…"))
    progress, live = st.empty(), st.empty()
    asked = st.session_state.pop("train_now", False)
    if asked and can_train and trained.run_fit(data, config, progress=progress, chart=live):
        progress.empty()  # what it drew while training (a session that waited for a short run drew nothing)
        live.empty()

    train_panels.load_saved_model(holder, data)
    if holder.result is None:
        if holder.released:
            st.info(t("The last model was released after a long idle time to free memory; press Train to train "
                      "again."))  # fmt: skip
        elif can_train:
            st.info(t("Press Train: the default trains in a few seconds."))
    else:
        said = train_panels.result_words(holder)  # once: a run no other session shows builds its words here
        train_panels.results(holder, said, current=data.made_of(config) if can_train else None)
        train_panels.forecasts(holder, said)
        attribution_panel.train_section(holder, data)
        train_panels.downloads(holder)
        train_panels.earlier_runs(holder)
