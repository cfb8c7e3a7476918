"""The first-value task: the answer is the first step of each sequence, so a model that learned it must look back
all the way. Integrated gradients (lstmviz.attribution) then shows where each trained cell looks.

The LSTM starts with its forget gates open (FORGET_BIAS added to their bias, as Keras' unit_forget_bias does with
1): with PyTorch's bias of 0 its forget gates start near 0.5 and the first value fades out within a few steps,
before training has found the reason to keep it. The plain RNN has no gate to open.

Letters: B batch, T steps, N evaluation sequences.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from lstmviz.attribution import day_shares, integrated_gradients
from lstmviz.config import TrainConfig
from lstmviz.forecaster import build_model
from lstmviz.gradflow import train_on_task
from lstmviz.knobs import what_if

NOISE = 0.1  # the target's noise: y = x_1 + NOISE ε, so the best possible MSE is NOISE² (and 1 for a guess of 0)
FORGET_BIAS = 3.0  # the LSTM's forget gates start at σ(3) ≈ 0.95: the first value survives 30 steps at first
EVAL_SEQUENCES = 128  # held-out sequences the attributions are averaged over
IG_STEPS = 32


def first_value_task(n: int, T: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x (n, T, 1) standard normal, y (n,) = x_1 + NOISE ε: the first value, plus a little noise."""
    if n < 1 or T < 2:
        raise ValueError(f"n ({n}) must be at least 1 and T ({T}) at least 2")
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, T, 1, generator=gen)  # (n, T, 1)
    return x, x[:, 0, 0] + NOISE * torch.randn(n, generator=gen)


@dataclass(frozen=True)
class FirstValueRun:
    """One cell trained on the task: its loss per step, and its attribution per step on held-out sequences."""

    history: pd.DataFrame  # step, loss
    shares: np.ndarray  # (T,) each step's share of the absolute attribution (lstmviz.attribution.day_shares)
    test_mse: float  # on the held-out sequences
    seconds: float  # training time


def train_first_value(
    cell: str,
    *,
    T: int = 30,
    seed: int = 0,
    steps: int = 600,
    hidden_size: int = 16,
    lr: float = 0.01,
    batch_size: int = 64,
    on_step: Callable[[int, pd.DataFrame], bool | None] | None = None,
    max_seconds: float | None = None,
) -> FirstValueRun:
    """Train a one-layer `cell` regressor (an LSTM with FORGET_BIAS) on the task (a fresh batch each step, Adam,
    gradient norm clipped at 1), then attribute its answers on EVAL_SEQUENCES held-out sequences against the
    all-zero baseline (the task's mean). `on_step(step, history)` returning False, or `max_seconds` running out,
    stops training early (the attribution is of the model as it is then)."""
    began = time.perf_counter()
    model = build_model(TrainConfig(cell=cell, hidden_size=hidden_size, horizon=1), 1, seed)  # x (B, T, 1) -> (B, 1)
    if cell == "lstm":
        model.rnn = what_if(model.rnn, forget_bias=FORGET_BIAS)
    task = lambda size, batch_seed: first_value_task(size, T, batch_seed)  # noqa: E731  (B, T, 1), (B,)
    history = train_on_task(model, task, steps=steps, seed=seed, lr=lr, batch_size=batch_size, on_step=on_step,
                            max_seconds=max_seconds)  # fmt: skip
    seconds = time.perf_counter() - began
    x, y = first_value_task(EVAL_SEQUENCES, T, seed + 1_000_003)  # held out: seeds the training never draws
    model.eval()
    with torch.no_grad():
        mse = float(((model(x)[:, 0] - y) ** 2).mean())
    shares = day_shares(integrated_gradients(model, x, steps=IG_STEPS))
    return FirstValueRun(history, shares, mse, seconds)


CELLS = ("rnn", "lstm")


def peak_step(shares: np.ndarray) -> int:
    """The step (1..T) holding the largest share of the attribution."""
    return int(np.argmax(shares)) + 1


def recent_share(shares: np.ndarray, last: int = 5) -> float:
    """The share of the attribution on the `last` steps."""
    return float(np.sum(shares[-last:]))


LEARNED = 0.25  # a held-out MSE below a quarter of the guess-0 error (1): it gives the first value back


def learned(run: FirstValueRun) -> bool:
    """Whether the cell learned the task: held-out MSE below LEARNED."""
    return run.test_mse < LEARNED


CHOICES = ("first", "last", "spread")  # the lesson question's answers: step 1, the last steps, all about equally


def answer(run: FirstValueRun, last: int = 5) -> int:
    """The index in CHOICES of where `run`'s answer rests: on step 1 (more than half of it there), on the last
    `last` steps (more than half there), or spread over the steps."""
    if run.shares[0] > 0.5:
        return CHOICES.index("first")
    return CHOICES.index("last") if recent_share(run.shares, last) > 0.5 else CHOICES.index("spread")
