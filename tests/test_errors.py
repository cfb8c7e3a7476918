"""UserError: every code has an English and a Portuguese text using all its params, and is raised somewhere."""

import ast
import datetime
import string
from pathlib import Path

import pandas as pd
import pytest

from lstmviz.errors import MESSAGES, DataSourceError, Text, UserError, fields
from lstmviz.ui import i18n

ROOT = Path(__file__).resolve().parent.parent
DAY = datetime.date(2024, 2, 1)
INTERNAL = ("test_fraction", "val_fraction", "nan_policy", "'drop'", "'ffill'", "00:00:00", "TrainConfig", "{", "}")


@pytest.fixture
def pt(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "pt")
    i18n.MISSING.clear()
    yield
    assert not i18n.MISSING, sorted(i18n.MISSING)


def _sample(code: str, count: int) -> UserError:
    """The code with every param a number (it fits every number format), or a day where the text says {x:long}."""
    message = MESSAGES[code]
    specs = {name: spec for text in (message[:2] if isinstance(message, tuple) else (message,))
             for _, name, spec, _ in string.Formatter().parse(text) if name}  # fmt: skip
    return UserError(code, **{name: DAY if specs[name] == "long" else count for name in fields(message)})


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("code", MESSAGES)
def test_every_code_reads_in_both_languages(code, count, pt, monkeypatch):
    err = _sample(code, count)
    portuguese = i18n.error_text(err)
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    english = i18n.error_text(err)
    assert english == str(err) and portuguese != english
    for text in (english, portuguese):
        assert not any(word in text for word in INTERNAL), text


def test_params_are_checked_against_the_text():
    with pytest.raises(KeyError):
        UserError("csv.nope")
    with pytest.raises(TypeError, match="columns"):
        UserError("csv.no_numeric")
    with pytest.raises(TypeError):
        UserError("csv.empty", extra=1)


def _constants(calls_only: bool) -> set[str]:
    """String constants of lstmviz outside errors.py: all of them, or the first arguments of UserError calls."""
    found = set()
    for path in (ROOT / "lstmviz").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if calls_only:
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"UserError", "DataSourceError"}:
                    found |= {node.args[0].value} if node.args and isinstance(node.args[0], ast.Constant) else set()
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_code_is_raised_and_every_raised_code_has_a_text():
    assert set(MESSAGES) <= _constants(calls_only=False), "a code nothing raises: remove it"
    assert _constants(calls_only=True) <= set(MESSAGES)


def test_portuguese_params_use_the_language(pt):
    assert i18n.error_text(UserError("split.no_test_rows", share=0.15, n=3)) == (
        "a parte de teste (15%) de 3 linhas fica sem nenhuma linha; use mais dados"
    )
    assert i18n.error_text(UserError("csv.repeated_date", column="Data", date=pd.Timestamp("2024-01-05"))) == (
        "a coluna Data repete a data 05/01/2024; deixe uma linha por data"
    )
    text = i18n.error_text(UserError("setting.between", setting=Text("Noise"), low=0, high=1.5, value=2.25))
    assert text == "Ruído precisa estar entre 0 e 1,5; o valor é 2,25"
    assert i18n.error_text(UserError("csv.no_numeric", columns=("Data", "Nome", "Cidade"))) == (
        "o CSV não tem coluna numérica (colunas: Data, Nome e Cidade)"
    )
    assert i18n.error_text(UserError("csv.missing_values", column="Preço", count=1, first=pd.Timestamp("2024-01-13")))\
        .startswith("a coluna Preço tem 1 valor ausente (o primeiro em 13/01/2024)")  # fmt: skip


def test_english_is_the_catalogue_msgid():
    err = UserError("csv.bad_dates", column="Date", bad=1, n=2, value="soon")
    assert str(err) == "column Date: 1 of 2 values is not a date (the first: soon)"
    assert str(UserError("csv.bad_dates", column="Date", bad=2, n=2, value="soon")).endswith(
        "are not dates (the first: soon)"
    )
    assert str(UserError("tickers.dates", start=pd.Timestamp("2021-01-01"), end=pd.Timestamp("2020-01-01"))) == (
        "the start date (2021-01-01) must come before the end date (2020-01-01)"
    )


def test_a_failed_download_is_a_user_error_with_a_kind():
    err = DataSourceError("yahoo.unknown_ticker", tickers=("NOSUCH", "ZZZ"))
    assert isinstance(err, UserError) and err.kind == "unknown_ticker" and err.tickers == ("NOSUCH", "ZZZ")
    assert str(err) == "Yahoo Finance has no prices for NOSUCH and ZZZ; check the symbol"
    assert DataSourceError("yahoo.network").tickers == ()


def test_other_errors_pass_through_and_are_noted_as_untranslated(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "pt")
    i18n.MISSING.clear()
    assert i18n.error_text(ValueError("a bug")) == "a bug" and "a bug" in i18n.MISSING
    i18n.MISSING.clear()


def test_every_checked_setting_is_named_as_the_page_labels_it():
    """A bad value of any TrainConfig field a check covers reads as a UserError with its label, never a KeyError."""
    from dataclasses import fields

    from lstmviz.config import LABELS, TrainConfig

    bad = {"lookback": 0, "horizon": 0, "cell": "mlp", "hidden_size": 0, "num_layers": 0, "dropout": 1.5,
           "head_dropout": 1.5, "epochs": 0, "batch_size": 0, "lr": 0.0, "weight_decay": -1.0, "clip_norm": 0.0,
           "val_fraction": 0.9, "test_fraction": 0.9, "patience": -1, "target_mode": "levels"}  # fmt: skip
    assert set(bad) <= {f.name for f in fields(TrainConfig)}
    for name, value in bad.items():
        with pytest.raises(UserError) as e:
            TrainConfig(**{name: value})
        assert e.value.params["setting"] == LABELS[name], name
