"""The course (lstmviz.course): its chapters are well formed, and each question's right choice is read from the
live computation at the chapter's settings: a test moves a setting and sees the right choice move with it."""

from collections.abc import Mapping

import pandas as pd
import pytest
import torch

from devtools.devserver import ROOT
from lstmviz import course, gradflow, readings
from lstmviz.cell import trace
from lstmviz.course import BY_KEY, CHAPTERS
from lstmviz.knobs import explorer_lstm, what_if
from lstmviz.sequences import make_sequence
from lstmviz.ui import i18n
from lstmviz.ui.course_panel import chapter_settings
from lstmviz.ui.lessons import lessons
from lstmviz.ui.settings import APP
from lstmviz.ui.settings.cell import CELL
from lstmviz.ui.settings.gradients import GRADIENTS
from lstmviz.ui.settings.learning import LEARNING
from lstmviz.ui.settings.train import TRAIN, preset_settings

TABLES = {course.CELL: CELL, course.GRADIENTS: GRADIENTS, course.TRAIN: TRAIN, course.LEARNING: LEARNING}
ASKED = [c for c in CHAPTERS if c.question]


@pytest.fixture(autouse=True)
def one_torch_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)  # as the app runs (lstmviz.ui.page)
    yield
    torch.set_num_threads(before)


def _values(chapter, **changes):
    return {**chapter_settings(chapter, TABLES[chapter.page]), **changes}


class Only(Mapping):
    """The values, but reading any key outside `allowed` fails: a chapter's `uses` must name all its reading
    reads (the panel caches the answer on them)."""

    def __init__(self, values, allowed):
        self._values, self._allowed = values, set(allowed)

    def __getitem__(self, key):
        if key not in self._allowed:
            raise AssertionError(f"reads {key!r}, which is not in its uses")
        return self._values[key]

    def __iter__(self):
        return iter(self._allowed)

    def __len__(self):
        return len(self._allowed)


def test_the_course_covers_the_pages_in_order_with_enough_questions():
    assert len(CHAPTERS) >= 12 and len(ASKED) >= 10
    assert len(BY_KEY) == len(CHAPTERS)
    pages = [c.page for c in CHAPTERS]
    visits = [p for n, p in enumerate(pages) if n == 0 or pages[n - 1] != p]
    assert len(visits) == len(set(visits)) == len(TABLES), "each page once, in the course material's order"
    assert pages.index(course.LEARNING) < pages.index(course.TRAIN), "Adam and regularisation before forecasting"
    for c in CHAPTERS:
        assert (ROOT / c.page).exists(), c.page
        assert c.title and c.text and c.look, c.key
        table = TABLES[c.page]
        for key, value in c.settings.items():
            assert key in table and key not in APP, (c.key, key)
            row = table[key]
            assert all(row.allows(v) for v in value) if isinstance(value, list) else row.allows(value), (c.key, key)
        assert bool(c.question) == bool(c.choices) == bool(c.why) == bool(c.uses) == hasattr(readings, c.key), c.key
        if c.question:
            assert len(c.choices) >= 2 and set(c.uses) <= set(table), c.key


def test_every_lesson_names_chapters_that_exist_and_every_chapter_has_a_lesson():
    named = [key for lesson in lessons() for key in lesson.chapters]
    assert sorted(named) == sorted(BY_KEY)
    pages = {lesson.page for lesson in lessons() for key in lesson.chapters if BY_KEY[key].page == lesson.page}
    assert pages == {c.page for c in CHAPTERS}


def test_a_train_chapter_with_a_preset_opens_everything_the_preset_sets():
    values = _values(BY_KEY["training"])
    assert {k: values[k] for k in preset_settings("StockLSTM")} == preset_settings("StockLSTM")
    assert values["data"] == "sample" and values["sample"] == "sp500"


# (chapter, a change of one of its settings, the right choice at the chapter's settings, after the change)
MOVES = [
    ("gates", {"forget_bias": 5.0}, 2, 0),  # −3 forgets the spike at once; +5 holds it
    ("states", {"step": 3}, 2, 1),
    ("step", {"step": 12}, 0, 1),
    ("gru", {"update_bias": -3.0}, 0, 2),  # z_t near 0: h_t takes the new value at once, and the spike is gone
    ("reach", {"cmp_fb": 0.0}, 2, 1),  # PyTorch's forget bias 0 forgets as fast as the RNN
    ("clipping", {"clip_scale": 1.0}, 2, 1),  # W_hh ×1 does not explode
    ("windows", {"days": 5000}, 1, 2),
    ("training", {"hidden_size": 16}, 1, 0),
    ("persistence", {"column": "Volume"}, 0, 2),  # the volume jumps by a fifth from day to day
    ("backtest", {"folds": 10}, 1, 0),
    ("adam", {"a_lr": 0.05}, 2, 1),  # at α 0.05 Adam's steps are too small: momentum, ten times as fast, first
    ("dropout", {"o_dropout": 0.0}, 0, 1),  # no dropout: the gap is the unregularised run's
    ("weight_decay", {"o_weight_decay": 0.0}, 0, 1),
    ("early_stopping", {"o_patience": 0}, 0, 2),  # patience 0: no early stopping, every epoch
]


def test_every_question_but_the_trained_one_has_a_move():
    assert {key for key, *_ in MOVES} == {c.key for c in ASKED} - {"adding", "first_value"}


@pytest.mark.parametrize(("key", "change", "before", "after"), MOVES, ids=[m[0] for m in MOVES])
def test_the_right_choice_is_read_from_the_computation_and_moves_with_the_setting(
    monkeypatch, key, change, before, after
):
    chapter = BY_KEY[key]
    got = chapter.read(Only(_values(chapter), chapter.uses))
    moved = chapter.read(Only(_values(chapter, **change), chapter.uses))
    assert (got.choice, moved.choice) == (before, after), (got, moved)
    for lang in ("en", "pt"):  # the answer's reason takes the reading's numbers, in both languages
        monkeypatch.setattr(i18n, "lang", lambda lang=lang: lang)
        assert "{" not in str(i18n.t(chapter.why, **got.numbers)).replace("{t-1}", "")


def test_the_gates_answer_is_the_cell_states_own_numbers():
    v = _values(BY_KEY["gates"])
    lstm = what_if(explorer_lstm(v["hidden"], v["layers"], seed=v["weight_seed"]), forget_bias=v["forget_bias"],
                   input_bias=v["input_bias"], recurrent_scale=v["scale"])  # fmt: skip
    c = trace(lstm, torch.from_numpy(make_sequence(v["kind"], v["length"], v["data_seed"])).unsqueeze(1)).c[0, :, 1]
    got = BY_KEY["gates"].read(v).numbers
    assert got["t"] == v["step"] == 2 and got["c_t"] == pytest.approx(c[2].item())
    assert got["kept"] == pytest.approx(abs(c[3].item() / c[2].item()))
    assert got["kept"] == pytest.approx(got["f"], rel=1e-5)  # W_hh × 0, zero input after the spike: only f acts


def test_the_adding_answer_reads_the_pages_run():
    v = _values(BY_KEY["adding"])
    flat = pd.DataFrame({"step": range(200), "loss": [gradflow.BASELINE] * 200})
    low = pd.DataFrame({"step": range(200), "loss": [0.001] * 200})
    choices = readings.ADDING_CHOICES
    assert readings.adding(v, histories={"rnn": flat, "lstm": low}).choice == choices.index("lstm")
    assert readings.adding(v, histories={"rnn": low, "lstm": low}).choice == choices.index("both")
    assert readings.adding(v, histories={"rnn": flat, "lstm": flat}).choice == choices.index("neither")
    assert [str(c) for c in BY_KEY["adding"].choices] == ["Both", "Only the LSTM", "Only the RNN", "Neither"]


def test_at_the_defaults_the_adding_answer_is_only_the_lstm():
    got = BY_KEY["adding"].read(_values(BY_KEY["adding"]))
    assert readings.ADDING_CHOICES[got.choice] == "lstm"
    assert got.numbers["lstm"] < gradflow.BASELINE / 10 < gradflow.BASELINE * 0.8 < got.numbers["rnn"]


def test_the_first_value_answer_reads_the_pages_run():
    import numpy as np

    from lstmviz.firstvalue import FirstValueRun

    def run(shares):
        shares = np.asarray(shares, dtype=float)
        return FirstValueRun(pd.DataFrame({"step": [0], "loss": [1.0]}), shares / shares.sum(), 0.5, 1.0)

    v = _values(BY_KEY["first_value"])
    first, last, flat = run([9] + [0.1] * 29), run([0.1] * 25 + [2] * 5), run([1] * 30)
    choices = BY_KEY["first_value"].choices
    got = readings.first_value(v, runs={"rnn": last, "lstm": first})
    assert got.choice == choices.index("Step 1, the value it must give back") and got.numbers["first"] > 0.7
    assert readings.first_value(v, runs={"rnn": last, "lstm": last}).choice == 1
    assert readings.first_value(v, runs={"rnn": last, "lstm": flat}).choice == 2
