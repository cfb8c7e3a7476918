"""Seeded small LSTMs for the explorer pages, and the what-if knobs applied to a copy."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import TypeVar

import torch
from torch import nn
from torch.nn import init

M = TypeVar("M", bound=nn.Module)


def seeded_lstm(hidden_size: int, num_layers: int = 1, input_size: int = 1, seed: int = 0) -> nn.LSTM:
    """An nn.LSTM with PyTorch's default initialisation drawn from `seed`."""
    if not 1 <= hidden_size <= 512:
        raise ValueError(f"hidden_size ({hidden_size}) must be between 1 and 512")
    if not 1 <= num_layers <= 8:
        raise ValueError(f"num_layers ({num_layers}) must be between 1 and 8")
    return seeded(lambda: nn.LSTM(input_size, hidden_size, num_layers=num_layers), seed).eval()


def explorer_lstm(hidden_size: int, num_layers: int = 1, seed: int = 0) -> nn.LSTM:
    """The explorer pages' model: `seeded_lstm` with the candidate's biases (b_ig, b_hg) set to 0.

    Then a zero input writes nothing: from zero states, x_t = 0 gives C̃_t = tanh(0) = 0, so C_t and h_t
    stay exactly 0 until the input moves them, and what C_t holds afterwards is what the input wrote
    (PyTorch's random candidate bias would write a little at every step and C_t would drift).
    """
    lstm = seeded_lstm(hidden_size, num_layers, seed=seed)
    H = hidden_size
    with torch.no_grad():
        for layer in range(num_layers):
            for kind in ("ih", "hh"):
                getattr(lstm, f"bias_{kind}_l{layer}")[2 * H : 3 * H] = 0.0  # gate order i, f, g, o
    return lstm


def seeded(build: Callable[[], M], seed: int) -> M:
    """build() with PyTorch's default initialisation drawn from a private generator seeded with `seed`.

    build() runs on the meta device (no memory, no draws from torch's process-wide generator); then every
    parameter is drawn, in registration order, with the formula of its module's own reset_parameters.
    Seeding the process-wide generator instead would let threads building at the same time (sessions of
    one server) draw from each other's streams. The numbers equal manual_seed(seed) followed by build().
    Modules other than nn.RNNBase (LSTM, GRU, RNN) and nn.Linear with parameters raise ValueError.
    """
    with torch.device("meta"):
        module = build()
    module = module.to_empty(device="cpu")
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for part in module.modules():
            _reset(part, gen)
    return module


def _reset(part: nn.Module, gen: torch.Generator) -> None:
    """part's own parameters drawn from `gen` as its reset_parameters draws them from the global generator."""
    if isinstance(part, nn.RNNBase):
        stdv = 1.0 / math.sqrt(part.hidden_size)
        for w in part.parameters(recurse=False):
            init.uniform_(w, -stdv, stdv, generator=gen)
    elif isinstance(part, nn.Linear):
        init.kaiming_uniform_(part.weight, a=math.sqrt(5), generator=gen)  # uniform(±1/sqrt(fan_in))
        if part.bias is not None:
            bound = 1 / math.sqrt(part.in_features)
            init.uniform_(part.bias, -bound, bound, generator=gen)
    elif any(True for _ in part.parameters(recurse=False)):
        raise ValueError(f"seeded cannot initialise a {type(part).__name__}")


@torch.no_grad()
def what_if(lstm: nn.LSTM, *, forget_bias: float = 0.0, input_bias: float = 0.0, recurrent_scale: float = 1.0):
    """A copy of `lstm` with forget/input gate biases shifted and every W_hh scaled.

    The shift is added to bias_ih of every layer (gate order i, f, g, o), so 0 and 1
    leave the model as it was.
    """
    out = copy.deepcopy(lstm).eval()
    H = out.hidden_size
    for layer in range(out.num_layers):
        getattr(out, f"weight_hh_l{layer}").mul_(recurrent_scale)
        if out.bias:
            b = getattr(out, f"bias_ih_l{layer}")
            b[0:H] += input_bias
            b[H : 2 * H] += forget_bias
    return out
