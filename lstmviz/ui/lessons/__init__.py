"""The lessons: one module each; a page lays out its lessons, the course (lstmviz.course) walks through them.

The shape of a lesson module (see reach.py for a whole one):

- `LESSON = Lesson(...)`: its key, its page, its "What am I looking at?" text (an English msgid, Markdown), the
  settings it is about (`keys`: its suggestions start from their table defaults and its "Reset to defaults"
  sets them; None: all of the page's own), its suggestions ((English label, settings) pairs: buttons that set
  the controls to show the point; "train_now": True in them also trains on the Train page), the course chapters
  that ask its questions (keys of lstmviz.course.BY_KEY), and any other text it translates by value.
- `show(...)`: the section itself, in page order: its box (`explain(LESSON)`), its widgets (rows of the page's
  settings table, lstmviz.ui.settings), its computation (a call into the library, through lstmviz.ui.cached or
  lstmviz.server.sharedruns where it is long or shared), its figure (a builder from lstmviz.figures, drawn with
  page.chart) and the sentence that says what the numbers show. A lesson whose page draws it in pieces (the
  Cell page's stepper, the Train page's panels) has the box only.
- Its claim is tested in tests/test_lessons.py (the figure's own numbers at the defaults and after each
  suggestion); its question, a chapter of lstmviz.course, in tests/test_course.py.

`lessons()` lists every lesson (tests/test_catalogue.py reads their texts from it). A new lesson is one module
here, one name in lessons(), its show() call on its page and its tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lstmviz.ui import page


@dataclass(frozen=True)
class Lesson:
    key: str
    page: str  # the page script it lives on
    text: str  # the "What am I looking at?" box: an English msgid
    keys: tuple[str, ...] | None = None  # the settings it is about; None: all of the page's own
    suggestions: tuple[tuple[str, Mapping[str, Any]], ...] = ()  # (English label, settings) buttons
    chapters: tuple[str, ...] = ()  # the course chapters that ask its questions
    texts: tuple[str, ...] = ()  # its other texts, translated by value
    prefix: str | None = None  # its buttons' keys start with this; None: f"{key}_" (a page's first may use "")

    @property
    def button_prefix(self) -> str:
        return f"{self.key}_" if self.prefix is None else self.prefix


def explain(lesson: Lesson) -> None:
    """The lesson's "What am I looking at?" box, with its suggestions and its reset (page.explain)."""
    page.explain(lesson.text, list(lesson.suggestions), key=lesson.button_prefix, keys=lesson.keys)


def lessons() -> list[Lesson]:
    """Every lesson, page by page (imported here on demand: a page imports only its own lessons)."""
    from lstmviz.ui.lessons import (
        adam,
        bptt,
        cell,
        clipping,
        first_value,
        memory,
        overfitting,
        reach,
        spike_hold,
        train,
    )

    return [m.LESSON for m in (cell, spike_hold, bptt, reach, clipping, memory, first_value, train, adam, overfitting)]
