"""Overfitting and what stops it: a model too big for a small noisy series, trained with lstmviz.train.fit.

At the defaults (no dropout, no weight decay, no early stopping) the validation loss turns up after a dozen
epochs while the training loss keeps falling: the model learns the noise of its 130 training windows. Dropout on
h_T before the output layer (TrainConfig.head_dropout, the course's StockLSTM's), weight decay (the L2 penalty
λ‖W‖² inside Adam) and early stopping (patience) change that; fit keeps the best epoch's weights in every case.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lstmviz.config import TrainConfig
from lstmviz.train import fit

ROWS = 200  # a small series: 130 training windows for 4,500 weights
PERIOD = 25  # steps per cycle of the sine under the noise
NOISE = 0.5  # the noise's standard deviation, half the sine's amplitude: much of each step is unpredictable
EPOCHS = 60
DROPOUTS = (0.0, 0.2, 0.5)  # the course's range for dropout on h_t
WEIGHT_DECAYS = (0.0, 1e-4, 1e-3)  # λ; the course's 10⁻⁴, and ten times it
# The model: 32 hidden units see 20 steps; lr 0.01 so it overfits within the first seconds.
MODEL = dict(lookback=20, hidden_size=32, batch_size=16, lr=0.01, val_fraction=0.25, test_fraction=0.1)
SAME = 0.1  # a gap within this share of the unregularised gap is "about the same"
GAP_CHOICES = ("narrower", "about the same", "wider")  # gap_answer's
STOP_CHOICES = ("before epoch 20", "between epochs 20 and 40", "after epoch 40")  # stop_answer's


@dataclass(frozen=True)
class OverfitRequest:
    """Everything that decides an overfitting run's result; `key()` identifies it (caches, shared runs)."""

    dropout: float = 0.0  # on the last hidden state before the output layer
    weight_decay: float = 0.0
    patience: int = 0  # epochs without a better validation loss before stopping; 0: all EPOCHS
    seed: int = 0  # the data's noise and the model's weights
    max_seconds: float | None = None  # the server's budget (a run it cuts short is another result)

    def key(self) -> tuple:
        return ("overfit", *dataclasses.astuple(self))

    def config(self) -> TrainConfig:
        return TrainConfig(**MODEL, epochs=EPOCHS, head_dropout=self.dropout, weight_decay=self.weight_decay,
                           patience=self.patience, seed=self.seed, max_seconds=self.max_seconds)  # fmt: skip

    def unregularised(self) -> OverfitRequest:
        """The same run without dropout, weight decay or early stopping: what the curves are compared with."""
        return dataclasses.replace(self, dropout=0.0, weight_decay=0.0, patience=0)


@dataclass(frozen=True)
class OverfitRun:
    history: pd.DataFrame  # epoch, train_loss, val_loss (scaled units; the training loss with dropout on)
    best_epoch: int  # the epoch whose weights the model keeps
    stopped_by: str  # "epochs", "patience", "budget", "stop" or "diverged" (FitResult.stopped_by)

    @property
    def gap(self) -> float:
        """The final validation − training loss: how much better the model does on what it trained on."""
        last = self.history.iloc[-1]
        return float(last["val_loss"] - last["train_loss"])

    @property
    def epochs(self) -> int:
        return len(self.history)


def noisy_series(seed: int = 0) -> pd.Series:
    """ROWS steps of a sine of period PERIOD plus Gaussian noise of std NOISE."""
    t = np.arange(ROWS)
    noise = np.random.default_rng(seed).standard_normal(ROWS)
    return pd.Series(np.sin(2 * np.pi * t / PERIOD) + NOISE * noise, name="y")


def overfit_run(request: OverfitRequest, *, on_epoch: Callable[[int, pd.DataFrame], bool | None] | None = None):
    """Train the lesson's model on the lesson's series as `request` says (about a second on one core)."""
    result = fit(noisy_series(request.seed), request.config(), on_epoch=on_epoch)
    return OverfitRun(result.history, result.best_epoch, result.stopped_by)


def narrowing(run: OverfitRun, baseline: OverfitRun) -> float:
    """The share by which `run` narrows `baseline`'s gap (0.4: 40 % narrower; negative: wider)."""
    return 1 - run.gap / baseline.gap


def gap_answer(*, dropout: float, weight_decay: float, patience: int = 0, seed: int = 0) -> int:
    """The index in GAP_CHOICES of how these settings change the unregularised run's final gap."""
    request = OverfitRequest(dropout, weight_decay, patience, seed)
    return gap_choice(narrowing(overfit_run(request), overfit_run(request.unregularised())))


def gap_choice(change: float) -> int:
    """The index in GAP_CHOICES of a gap narrowed by the share `change` (lstmviz.overfit.narrowing)."""
    return 1 if abs(change) < SAME else 0 if change > 0 else 2


def stop_answer(*, patience: int, dropout: float = 0.0, weight_decay: float = 0.0, seed: int = 0) -> int:
    """The index in STOP_CHOICES of the epoch at which training with these settings stops."""
    return stop_choice(overfit_run(OverfitRequest(dropout, weight_decay, patience, seed)).epochs)


def stop_choice(epochs: int) -> int:
    """The index in STOP_CHOICES of a run that trained `epochs` epochs."""
    return 0 if epochs < 20 else 1 if epochs <= 40 else 2
