"""lstmviz.overfit: the request's identity, the run, and the answers the course reads from it."""

import dataclasses

import numpy as np
import pytest
import torch

from lstmviz import overfit
from lstmviz.overfit import OverfitRequest


@pytest.fixture(autouse=True)
def one_torch_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


CHANGED = dict(dropout=0.5, weight_decay=1e-3, patience=5, seed=1, max_seconds=30.0)


def test_changing_any_field_of_the_request_changes_its_key():
    base = OverfitRequest()
    assert set(CHANGED) == {f.name for f in dataclasses.fields(OverfitRequest)}
    for name, value in CHANGED.items():
        assert dataclasses.replace(base, **{name: value}).key() != base.key(), name


def test_the_request_becomes_fits_config():
    config = OverfitRequest(**CHANGED).config()
    assert (config.head_dropout, config.weight_decay, config.patience, config.seed, config.max_seconds) == (
        0.5, 1e-3, 5, 1, 30.0)  # fmt: skip
    assert config.epochs == overfit.EPOCHS and OverfitRequest(**CHANGED).unregularised() == OverfitRequest(
        seed=1, max_seconds=30.0)  # fmt: skip


def test_the_series_is_a_seeded_noisy_sine():
    y = overfit.noisy_series(0)
    assert len(y) == overfit.ROWS and y.equals(overfit.noisy_series(0)) and not y.equals(overfit.noisy_series(1))
    sine = np.sin(2 * np.pi * np.arange(overfit.ROWS) / overfit.PERIOD)
    assert np.std(y - sine) == pytest.approx(overfit.NOISE, rel=0.15)


def test_the_run_reports_fits_history_and_the_gap_of_its_last_epoch():
    run = overfit.overfit_run(OverfitRequest(patience=3))
    last = run.history.iloc[-1]
    assert run.stopped_by == "patience" and run.epochs == run.best_epoch + 3 == len(run.history)
    assert run.gap == pytest.approx(last["val_loss"] - last["train_loss"])
    assert overfit.narrowing(run, run) == 0


def test_on_epoch_stops_the_run():
    run = overfit.overfit_run(OverfitRequest(), on_epoch=lambda epoch, history: epoch < 4)
    assert run.epochs == 4 and run.stopped_by == "stop"


def test_the_gap_answer_changes_with_the_settings():
    assert overfit.GAP_CHOICES[overfit.gap_answer(dropout=0.5, weight_decay=0.0)] == "narrower"
    assert overfit.GAP_CHOICES[overfit.gap_answer(dropout=0.0, weight_decay=0.0)] == "about the same"
    assert overfit.GAP_CHOICES[overfit.gap_answer(dropout=0.0, weight_decay=1e-3)] == "narrower"


def test_the_stop_answer_changes_with_the_patience():
    assert overfit.STOP_CHOICES[overfit.stop_answer(patience=5)] == "before epoch 20"
    assert overfit.STOP_CHOICES[overfit.stop_answer(patience=0)] == "after epoch 40"
