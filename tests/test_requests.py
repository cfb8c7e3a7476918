"""The identity of a result (lstmviz.requests): every field that decides it changes its keys."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from lstmviz.config import TrainConfig
from lstmviz.requests import BacktestRequest, FitRequest

FIT = dict(numbers="abc", columns=("A", "B"), target="A", config=TrainConfig(), shards=1)
OTHER = dict(numbers="abd", columns=("A", "C"), target="B", config=TrainConfig(seed=1), shards=2, folds=4,
             coverage=0.8, conformal="recent")  # fmt: skip


BACKTEST = {**FIT, "folds": 5, "coverage": 0.9, "conformal": "split"}


@pytest.mark.parametrize("request_type, made", [(FitRequest, FIT), (BacktestRequest, BACKTEST)])
def test_each_field_changes_the_shared_key_and_all_but_the_names_the_earlier_run_check(request_type, made):
    base = request_type(**made)
    assert {f.name for f in dataclasses.fields(base)} == set(made), "every field is changed below"
    for name in made:
        changed = {**made, name: OTHER[name]}
        if name == "columns":
            changed["columns"] = ("A", "C")  # renamed, the target still the first: a language switch
        if name == "target":
            changed["target"] = "B"
        other = request_type(**changed)
        assert other.shared_key != base.shared_key, name
        if name == "columns":
            assert other.made_of == base.made_of, "a renamed column leaves a result current"
        else:
            assert other.made_of != base.made_of, name
    assert base.shared_key[0] == request_type.kind


def test_a_fit_and_a_backtest_of_the_same_data_never_share_a_key():
    fit, backtest = FitRequest(**FIT), BacktestRequest(**FIT, folds=5, coverage=0.9)
    assert fit.shared_key != backtest.shared_key and fit.made_of != backtest.made_of


def test_a_target_outside_the_columns_is_refused():
    with pytest.raises(ValueError, match="target"):
        FitRequest(**{**FIT, "target": "Z"})


def test_the_pages_data_derives_its_requests():
    from lstmviz.ui.datasources import Data

    frame = pd.DataFrame({"A": np.arange(5.0), "B": np.arange(5.0) ** 2})
    a, b = Data(frame, "A", "file"), Data(frame, "B", "file")
    config = TrainConfig()
    assert a.request(config).shared_key != b.request(config).shared_key
    assert a.made_of(config) != b.made_of(config) == b.request(config).made_of
    folds = [a.request(config, folds=k, coverage=0.9).shared_key for k in (3, 5)]
    assert folds[0] != folds[1]
    renamed = Data(frame.rename(columns={"A": "Série"}), "Série", "file")
    assert (
        renamed.made_of(config) == a.made_of(config)
        and renamed.request(config).shared_key != a.request(config).shared_key
    )
