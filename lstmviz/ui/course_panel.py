"""The course's panel: `?chapter=KEY` opens a chapter of lstmviz.course on its page, with its settings, and a
panel at the top shows its text, where to look, its question, then the answer read from the live computation,
Back / Next and "chapter 4 of 12".

The chapter's settings are applied once, when it opens (a link, Back or Next), from the page's defaults; what a
link also carries wins (a shared link after a slider moved shows what its sender saw). After that, the student
moves the controls freely and the answer follows them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import streamlit as st

from lstmviz.course import BY_KEY, CELL, CHAPTERS, Chapter, position
from lstmviz.ui import i18n
from lstmviz.ui.i18n import t
from lstmviz.ui.settings import APP, Table

_OPENED = "_course_opened"  # session state: the chapter whose settings were applied last
_AT = "_course_at"  # the chapter this session is at (the sidebar's link leads back to it)


def chapter_settings(chapter: Chapter, table: Table) -> dict[str, Any]:
    """Every setting of the chapter's page as the chapter opens it: the table's defaults, the preset the chapter
    names (all it sets), then the chapter's own settings."""
    values = {key: row.default for key, row in table.items() if key not in APP}
    if "preset" in chapter.settings:  # only the Train page has presets (imported here: they import torch)
        from lstmviz.ui.settings.train import preset_settings

        values.update(preset_settings(chapter.settings["preset"]))
    return {**values, **copy.deepcopy(dict(chapter.settings))}


def start(table: Table, script: str) -> Chapter | None:
    """Call in page.setup once the URL state is restored: the chapter open on this page (None when none is), its
    settings applied if it has just been opened."""
    s = st.session_state
    asked = st.query_params.get("chapter")  # a link (Back, Next, shared) wins over what the session held
    if asked is not None and asked in BY_KEY:
        s["chapter"] = asked
    chapter = BY_KEY.get(s.get("chapter", ""))
    if chapter is None or chapter.page != script:
        s["chapter"] = ""  # another page's chapter: its link stays out of this page's URL
        return None
    s[_AT] = chapter.key
    if s.get(_OPENED) != chapter.key:
        linked = {key for key in st.query_params if key in table and key not in APP}
        s.update({k: v for k, v in chapter_settings(chapter, table).items() if k not in linked})
        s[_OPENED] = chapter.key
        s.pop(_choice_key(chapter), None)
        s.pop(_shown_key(chapter), None)
    return chapter


def current() -> Chapter:
    """The chapter this session is at, else the first."""
    return BY_KEY.get(st.session_state.get(_AT, ""), CHAPTERS[0])


def link_params(chapter: Chapter, app: Mapping[str, str]) -> dict[str, str]:
    """A page link's query for `chapter`, with the language and classroom mode `app` (page.app_params)."""
    return {**app, "chapter": chapter.key}


def _choice_key(chapter: Chapter) -> str:
    return f"course_choice_{chapter.key}"


def _shown_key(chapter: Chapter) -> str:
    return f"course_shown_{chapter.key}"


@st.cache_data(max_entries=256, show_spinner=False)
def _reading(key: str, used: dict[str, Any]):
    return BY_KEY[key].read(used)


def reading(chapter: Chapter):
    """The chapter's Reading for the session's current settings, or a text saying why there is none yet."""
    s = st.session_state
    used = {key: s[key] for key in chapter.uses}
    if chapter.key == "adding":  # two models trained live: read from the page's run, never trained a second time
        from lstmviz.readings import adding

        run = s.get("mem_run")
        made = (run["T"], run["steps"], run.get("seed")) if run else None
        same = made == (used["mem_T"], used["mem_steps"], used["mem_seed"]) and len(run["hist"]) == 2
        if not same or any(len(h) < used["mem_steps"] for h in run["hist"].values()):
            return t("Press “Train RNN and LSTM”: the answer is read from that run.")
        return adding(used, histories=run["hist"])
    if chapter.key == "first_value":  # likewise
        from lstmviz.readings import first_value

        run = s.get("fv_run")
        if not run or len(run["runs"]) < 2 or (run["T"], run["steps"], run.get("seed")) != tuple(used.values()):
            return t("Press “Train RNN and LSTM on the first value”: the answer is read from that run.")
        return first_value(used, runs=run["runs"])
    if chapter.page == CELL and (s.get("use_trained") or s.get("source") != "synthetic"):
        return t("The answer is read from the explorer's own model on a synthetic sequence: turn off “Use the "
                 "model from the Train page” and choose Synthetic.")  # fmt: skip
    try:
        return _reading(chapter.key, used)
    except ValueError as err:
        return t("No answer with these settings: {error}", error=i18n.error_text(err))


def panel(chapter: Chapter, app: Mapping[str, str], *, folded: bool = False) -> None:
    """The chapter's panel, at the top of the page: where it is in the course and Back / Next on one line, its text
    in an expander (`folded` on a projector, where it would push the figure off the first screen; one click opens
    it), then its question."""
    n = position(chapter.key)
    with st.container(border=True, key="course_panel"):
        where, back, forward = st.columns([3, 1, 1], vertical_alignment="center")
        where.markdown(t("**The course** · chapter {n} of {total}", n=n + 1, total=len(CHAPTERS)))
        if n > 0:
            before = CHAPTERS[n - 1]
            back.page_link(before.page, label=t("Back"), icon=":material/arrow_back:", help=t(before.title),
                           query_params=link_params(before, app))  # fmt: skip
        if n + 1 < len(CHAPTERS):
            after = CHAPTERS[n + 1]
            forward.page_link(after.page, label=t("Next"), icon=":material/arrow_forward:", help=t(after.title),
                              query_params=link_params(after, app))  # fmt: skip
        with st.expander(t(chapter.title), expanded=not folded, icon=":material/school:"):
            st.markdown(t(chapter.text))
            st.markdown(":material/visibility: " + t(chapter.look))
        if chapter.question:
            _question(chapter)


def _question(chapter: Chapter) -> None:
    s = st.session_state
    choices = [t(c) for c in chapter.choices]
    picked = st.radio(f"**{t(chapter.question)}**", range(len(choices)), index=None, key=_choice_key(chapter),
                      format_func=choices.__getitem__, horizontal=True)  # fmt: skip
    if not s.get(_shown_key(chapter)):
        st.button(t("Show the answer"), key=f"course_show_{chapter.key}", disabled=picked is None, type="primary",
                  on_click=s.__setitem__, args=(_shown_key(chapter), True), icon=":material/visibility:")  # fmt: skip
        return
    got = reading(chapter)
    if isinstance(got, str):  # why there is no answer yet
        st.info(got)
        return
    right = choices[got.choice]
    if picked == got.choice:
        st.success(t("Right: {answer}", answer=right), icon=":material/check_circle:")
    else:
        st.warning(t("The answer: {answer}", answer=right), icon=":material/lightbulb:")
    st.markdown(t(chapter.why, **got.numbers))
