"""The forecaster: a recurrent layer (LSTM, GRU or plain RNN) and a linear head, one output per horizon step.

Letters: B batch, W lookback (window) steps, D input columns, U hidden units, K horizon steps.
"""

from __future__ import annotations

import torch
from torch import nn

from lstmviz.cellkinds import KINDS
from lstmviz.config import TrainConfig
from lstmviz.knobs import seeded

GATES = {key: len(kind.gates) for key, kind in KINDS.items()}  # weight blocks per layer: i, f, g, o / r, z, n / one


class Forecaster(nn.Module):
    """x (B, W, D) -> the next K values of the (scaled) target, (B, K)."""

    def __init__(self, input_size: int, config: TrainConfig):
        super().__init__()
        self.rnn = KINDS[config.cell].module(
            input_size,
            config.hidden_size,
            num_layers=config.num_layers,
            dropout=config.dropout if config.num_layers > 1 else 0.0,  # PyTorch warns about it on one layer
            batch_first=True,
        )
        self.drop = nn.Dropout(config.head_dropout)  # no parameters: a saved state_dict is the same without it
        self.head = nn.Linear(config.hidden_size, config.horizon)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x)  # (B, W, U): the last layer's hidden state at every step
        return self.readout(out)

    def readout(self, out: torch.Tensor) -> torch.Tensor:
        """(B, K) from the last layer's hidden states (B, W, U): the head reads the last step's alone, after dropout."""
        return self.head(self.drop(out[:, -1]))


def build_model(config: TrainConfig, input_size: int, seed: int | None = None) -> Forecaster:
    """A Forecaster with PyTorch's default initialisation, drawn from `seed` when given."""
    if input_size < 1:
        raise ValueError(f"input_size ({input_size}) must be at least 1")
    if seed is None:
        return Forecaster(input_size, config)
    return seeded(lambda: Forecaster(input_size, config), seed)


def parameter_count(config: TrainConfig, input_size: int) -> int:
    """Trainable parameters of build_model(config, input_size), from the formula.

    Per layer: G gate blocks of W_ih (U, D_in), W_hh (U, U) and two bias vectors b_ih, b_hh (U,);
    then the head's weight (K, U) and bias (K,).
    """
    G, U = GATES[config.cell], config.hidden_size
    total = 0
    for layer in range(config.num_layers):
        d_in = input_size if layer == 0 else U
        total += G * U * (d_in + U) + 2 * G * U
    return total + config.horizon * (U + 1)
