"""Replay a torch.nn.LSTM, GRU or tanh RNN step by step and record every gate and state.

Letters: L layers, T timesteps, H hidden units, D input size, G gate blocks. What each kind records and how it
updates its state is its description's (lstmviz.cellkinds): PyTorch stacks an LSTM's gate weights in the order
i, f, g, o, a GRU's r, z, n.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from lstmviz.cellkinds import kind_of


@dataclass(frozen=True)
class Trace:
    """Every value a cell kind records (lstmviz.cellkinds: its `order`), each (L, T, H), read as attributes:
    an LSTM's trace.i, f, g, o, c, h; a GRU's r, z, n, h; an RNN's h."""

    kind: str  # lstmviz.cellkinds.KINDS key
    values: dict[str, torch.Tensor]

    def __getattr__(self, name: str) -> torch.Tensor:
        values = self.__dict__.get("values", {})  # __dict__: unpickling looks attributes up before it is set
        if name in values:
            return values[name]
        raise AttributeError(f"a {self.__dict__.get('kind')} trace has no {name!r}")


LSTMTrace = Trace  # the contract's name for an LSTM's trace


def _check(rnn: nn.Module, x: torch.Tensor, h0, c0) -> None:
    kind = kind_of(rnn)
    if rnn.bidirectional:
        raise ValueError(f"bidirectional {kind.title}s are not supported (bidirectional=True)")
    if getattr(rnn, "proj_size", 0) > 0:
        raise ValueError(f"proj_size must be 0, got {rnn.proj_size}")
    if x.dim() != 2:
        raise ValueError(f"x must be (T, input_size), got shape {tuple(x.shape)}")
    if x.shape[0] == 0:
        raise ValueError("x must have at least one timestep (T=0)")
    if x.shape[1] != rnn.input_size:
        raise ValueError(f"x has {x.shape[1]} features but the {kind.title}'s input_size is {rnn.input_size}")
    if not torch.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    if c0 is not None and "c" not in kind.states:
        raise ValueError(f"c0 is an LSTM's cell state; a {kind.title} has none")
    want = (rnn.num_layers, rnn.hidden_size)
    for name, s in (("h0", h0), ("c0", c0)):
        if s is None:
            continue
        if tuple(s.shape) != want:
            raise ValueError(f"{name} must be (num_layers, hidden_size) = {want}, got {tuple(s.shape)}")
        if not torch.isfinite(s).all():
            raise ValueError(f"{name} contains NaN or infinite values")


def layer_biases(rnn: nn.Module, layer: int) -> tuple[torch.Tensor, torch.Tensor]:
    """b_ih (GH,) and b_hh (GH,) of one layer; zeros without bias."""
    if rnn.bias:
        return getattr(rnn, f"bias_ih_l{layer}").detach(), getattr(rnn, f"bias_hh_l{layer}").detach()
    W_ih = getattr(rnn, f"weight_ih_l{layer}")
    zeros = torch.zeros(W_ih.shape[0], dtype=W_ih.dtype)
    return zeros, zeros


def layer_weights(rnn: nn.Module, layer: int) -> tuple[torch.Tensor, ...]:
    """W_ih (GH, D), W_hh (GH, H), b (GH,) of one layer; b is b_ih + b_hh, zeros without bias."""
    b_ih, b_hh = layer_biases(rnn, layer)
    return getattr(rnn, f"weight_ih_l{layer}").detach(), getattr(rnn, f"weight_hh_l{layer}").detach(), b_ih + b_hh


@torch.no_grad()
def trace(rnn: nn.Module, x: torch.Tensor, h0=None, c0=None) -> Trace:
    """Run `rnn` on one sequence x (T, D) from h0 (and an LSTM's c0) (L, H) and record its kind's values."""
    _check(rnn, x, h0, c0)
    kind = kind_of(rnn)
    L, H, T = rnn.num_layers, rnn.hidden_size, x.shape[0]
    dtype = rnn.weight_ih_l0.dtype
    start = {"h": h0, "c": c0}
    inp = x.to(dtype)  # (T, D) for layer 0, then (T, H)
    out = {k: torch.empty(L, T, H, dtype=dtype) for k in kind.order}
    for layer in range(L):
        W_hh = getattr(rnn, f"weight_hh_l{layer}").detach()  # (GH, H)
        b_ih, b_hh = layer_biases(rnn, layer)
        prev = {k: torch.zeros(H, dtype=dtype) if start[k] is None else start[k][layer].to(dtype) for k in kind.states}
        x_part = torch.addmm(b_ih, inp, getattr(rnn, f"weight_ih_l{layer}").detach().T)  # (T, GH) every step at once
        # Views of every step made at once (unbind): indexing a tensor step by step costs more than the step's maths
        x_rows, rows = x_part.unbind(0), {k: v[layer].unbind(0) for k, v in out.items()}  # (GH,), (H,) each
        for t in range(T):
            new = {k: r[t] for k, r in rows.items()}  # (H,) views to fill
            kind.step(x_rows[t], torch.addmv(b_hh, W_hh, prev["h"]), prev, new)
            prev = {k: new[k] for k in kind.states}
        inp = out["h"][layer]  # inter-layer dropout is off in eval, as here
    return Trace(kind=kind.key, values=out)
