"""The Portuguese catalogue against the code, statically: every text the code asks for is translated, none is
left unused, and each translation keeps its fields."""

import ast
import re
import string
from pathlib import Path

import pytest

from lstmviz import cellkinds, errors, presets, sequences, stepview
from lstmviz.course import CHAPTERS
from lstmviz.data import synthetic
from lstmviz.figures import gradients as gradient_figures
from lstmviz.figures import learning as learning_figures
from lstmviz.figures import train as train_figures
from lstmviz.ui import i18n
from lstmviz.ui.lessons import lessons
from lstmviz.ui.settings.train import DATA

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "lstmviz").rglob("*.py"))]
PLAIN = {
    "t",
    "tr",
    "N_",
    "Text",
    "Finding",
}  # calls whose first argument is a msgid (errors.Text: a label inside an error)

# Texts the UI translates by value (t(kind) for a kind the user picked): the library's own vocabularies, the
# lessons' texts (lstmviz.ui.lessons) and the course's (lstmviz.course).
BY_VALUE = {
    *((None, text) for text in synthetic.DEMAND_COLUMNS),
    *((None, text) for p in presets.PRESETS.values() for text in (p.name, p.summary)),
    *((None, text) for text in (*stepview.NAMES.values(), *stepview.TEXTS.values())),
    *((None, part.name) for kind in cellkinds.KINDS.values() for part in kind.parts.values()),
    *((None, kind.scales) for kind in cellkinds.KINDS.values()),
    *((None, text) for text in train_figures.MODEL_NAMES.values()),
    *((None, text) for text in learning_figures.OPTIMISER_NAMES.values()),
    *((None, text) for text in train_figures.SPLIT_FILL),
    *(
        (None, text)
        for lesson in lessons()
        for text in (lesson.text, *(s[0] for s in lesson.suggestions), *lesson.texts)
    ),
    *((None, text) for c in CHAPTERS for text in (c.title, c.text, c.look, c.question, *c.choices, c.why) if text),
    (None, gradient_figures.DEFAULT_LSTM),
    *(("sequence kind", text) for text in (*sequences.KINDS, *DATA["series"].choices)),
    *((None, m if isinstance(m, str) else m[:2]) for m in errors.MESSAGES.values()),  # error texts, by code
}


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _literals(node: ast.AST) -> list[str]:
    """The texts an argument can be: a literal, or either branch of `"a" if x else "b"`."""
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    text = _literal(node)
    return [text] if text else []


def _name(func: ast.AST) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def extract(source: str) -> set[tuple[str | None, str | tuple[str, str]]]:
    """(context, msgid) of every literal text passed to t, tr, N_, Text, pgettext, ngettext, and page.explain's
    suggestions, in one file's source. A plural's msgid is (singular, plural), as Babel keys it."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, args = _name(node.func), [_literal(a) for a in node.args]
        if name in PLAIN:
            found |= {(None, text) for text in _literals(node.args[0])}
        elif name == "pgettext" and len(args) > 1 and args[0] and args[1]:
            found.add((args[0], args[1]))
        elif name == "ngettext" and len(args) > 1 and args[0] and args[1]:
            found.add((None, (args[0], args[1])))
        elif name == "Setting":  # a settings-table row: Setting(key, default, label, ..., help=...)
            texts = [args[2] if len(args) > 2 else None, *(_literal(k.value) for k in node.keywords if k.arg == "help")]
            found |= {(None, text) for text in texts if text}
        elif name == "explain" and len(node.args) > 1 and isinstance(node.args[1], ast.List | ast.Tuple):
            found |= {(None, _literal(s.elts[0])) for s in node.args[1].elts if isinstance(s, ast.Tuple)}
    return found


def used() -> set:
    found = set(BY_VALUE)
    for path in SOURCES:
        found |= extract(path.read_text(encoding="utf-8"))
    return found


def in_catalogue() -> set:
    return {(m.context, m.id) for m in i18n.catalogue("pt") if m.id}


def test_extraction_sees_every_kind_of_call():
    source = (
        't("a")\ni18n.t("b", n=1)\ntr("c").format(x=1)\nN_("d")\npgettext("ctx", "e")\n'
        'i18n.ngettext("f", "fs", 2)\npage.explain(X, [("g", {}), ("h", {})])\nt(name)\n'
    )
    assert extract(source) == {
        (None, "a"), (None, "b"), (None, "c"), (None, "d"), ("ctx", "e"), (None, ("f", "fs")), (None, "g"), (None, "h")
    }  # fmt: skip


def test_every_text_the_code_uses_is_in_the_catalogue():
    missing = used() - in_catalogue()
    assert not missing, f"add to {i18n.LOCALES['pt'].catalogue.name}: {sorted(map(str, missing))}"


def test_the_catalogue_holds_no_unused_text():
    unused = in_catalogue() - used()
    assert not unused, f"remove from {i18n.LOCALES['pt'].catalogue.name} (or use): {sorted(map(str, unused))}"


def _fields(text: str) -> set[str]:
    """The format fields of a text; LaTeX braces ({t-1}, the decimal comma 0{,}5) are not fields."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None and name.isidentifier()}


@pytest.mark.parametrize("message", [m for m in i18n.catalogue("pt") if m.id], ids=lambda m: str(m.id)[:40])
def test_each_translation_is_complete_and_keeps_its_fields(message):
    assert not message.fuzzy
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    assert all(forms), "untranslated"
    assert len(forms) == (i18n.catalogue("pt").num_plurals if isinstance(message.id, tuple) else 1)
    for form in forms:
        assert _fields(form) == _fields(ids[-1])
        assert not re.search(r"\d x \d", form), "write × for times: 30 dias × 10"
