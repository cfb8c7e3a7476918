"""Seeded small cells (LSTM, GRU, RNN) for the explorer pages, and the what-if knobs applied to a copy."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import TypeVar

import torch
from torch import nn
from torch.nn import init

from lstmviz.cellkinds import KINDS, kind_of

M = TypeVar("M", bound=nn.Module)


def seeded_lstm(hidden_size: int, num_layers: int = 1, input_size: int = 1, seed: int = 0) -> nn.LSTM:
    """An nn.LSTM with PyTorch's default initialisation drawn from `seed`."""
    return seeded_cell("lstm", hidden_size, num_layers, input_size, seed)


def seeded_cell(cell: str, hidden_size: int, num_layers: int = 1, input_size: int = 1, seed: int = 0) -> nn.RNNBase:
    """An nn.LSTM, nn.GRU or nn.RNN (`cell`: a lstmviz.cellkinds key) with PyTorch's default initialisation drawn
    from `seed`."""
    if cell not in KINDS:
        raise ValueError(f"cell must be one of {', '.join(KINDS)}; got {cell!r}")
    if not 1 <= hidden_size <= 512:
        raise ValueError(f"hidden_size ({hidden_size}) must be between 1 and 512")
    if not 1 <= num_layers <= 8:
        raise ValueError(f"num_layers ({num_layers}) must be between 1 and 8")
    return seeded(lambda: KINDS[cell].module(input_size, hidden_size, num_layers=num_layers), seed).eval()


def explorer_lstm(hidden_size: int, num_layers: int = 1, seed: int = 0) -> nn.LSTM:
    """The explorer pages' LSTM: `explorer_cell("lstm", ...)`."""
    return explorer_cell("lstm", hidden_size, num_layers, seed)


def explorer_cell(cell: str, hidden_size: int, num_layers: int = 1, seed: int = 0) -> nn.RNNBase:
    """The explorer pages' model: `seeded_cell` with the biases of the block that writes (its kind's `quiet`:
    the LSTM's candidate b_ig, b_hg; the GRU's new gate; the RNN's one block) set to 0.

    Then a zero input writes nothing: from zero states, x_t = 0 gives C̃_t = tanh(0) = 0 (a GRU's n_t, an RNN's
    h_t likewise), so the states stay exactly 0 until the input moves them, and what they hold afterwards is
    what the input wrote (PyTorch's random bias would write a little at every step and the state would drift).
    """
    rnn = seeded_cell(cell, hidden_size, num_layers, seed=seed)
    kind = KINDS[cell]
    with torch.no_grad():
        for layer in range(num_layers):
            for part in ("ih", "hh"):
                for gate in kind.quiet:
                    getattr(rnn, f"bias_{part}_l{layer}")[kind.block(gate, hidden_size)] = 0.0
    return rnn


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
def what_if(rnn: M, *, recurrent_scale: float = 1.0, **shifts: float) -> M:
    """A copy of `rnn` with every W_hh scaled and gate biases shifted by its kind's what-if knobs.

    `shifts`: knob -> shift, the knobs of the kind's description (an LSTM's forget_bias and input_bias, a GRU's
    update_bias and reset_bias). The shift is added to bias_ih of every layer, so 0 and 1 leave the model as
    it was. A knob the kind lacks raises ValueError.
    """
    kind = kind_of(rnn)
    unknown = set(shifts) - set(kind.knobs)
    if unknown:
        raise ValueError(f"a {kind.title} has no knob {', '.join(sorted(unknown))} (it has: {', '.join(kind.knobs)})")
    out = copy.deepcopy(rnn).eval()
    H = out.hidden_size
    for layer in range(out.num_layers):
        getattr(out, f"weight_hh_l{layer}").mul_(recurrent_scale)
        if out.bias:
            b = getattr(out, f"bias_ih_l{layer}")
            for knob, shift in shifts.items():
                b[kind.block(kind.knobs[knob], H)] += shift
    return out
