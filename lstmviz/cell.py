"""Replay a torch.nn.LSTM step by step and record every gate.

Letters: L layers, T timesteps, H hidden units, D input size.
PyTorch stacks the gate weights in the order i, f, g, o.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class LSTMTrace:
    """Gate activations (after their nonlinearity) and states, each (L, T, H)."""

    i: torch.Tensor
    f: torch.Tensor
    g: torch.Tensor
    o: torch.Tensor
    c: torch.Tensor
    h: torch.Tensor


def _check(lstm: nn.LSTM, x: torch.Tensor, h0, c0) -> None:
    if not isinstance(lstm, nn.LSTM):
        raise ValueError(f"lstm must be a torch.nn.LSTM, got {type(lstm).__name__}")
    if lstm.bidirectional:
        raise ValueError("bidirectional LSTMs are not supported (bidirectional=True)")
    if lstm.proj_size > 0:
        raise ValueError(f"proj_size must be 0, got {lstm.proj_size}")
    if x.dim() != 2:
        raise ValueError(f"x must be (T, input_size), got shape {tuple(x.shape)}")
    if x.shape[0] == 0:
        raise ValueError("x must have at least one timestep (T=0)")
    if x.shape[1] != lstm.input_size:
        raise ValueError(f"x has {x.shape[1]} features but the LSTM's input_size is {lstm.input_size}")
    if not torch.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    want = (lstm.num_layers, lstm.hidden_size)
    for name, s in (("h0", h0), ("c0", c0)):
        if s is None:
            continue
        if tuple(s.shape) != want:
            raise ValueError(f"{name} must be (num_layers, hidden_size) = {want}, got {tuple(s.shape)}")
        if not torch.isfinite(s).all():
            raise ValueError(f"{name} contains NaN or infinite values")


def layer_weights(lstm: nn.LSTM, layer: int) -> tuple[torch.Tensor, ...]:
    """W_ih (4H, D), W_hh (4H, H), b (4H,) of one layer; b is b_ih + b_hh, zeros without bias."""
    W_ih = getattr(lstm, f"weight_ih_l{layer}").detach()
    W_hh = getattr(lstm, f"weight_hh_l{layer}").detach()
    if lstm.bias:
        b = getattr(lstm, f"bias_ih_l{layer}").detach() + getattr(lstm, f"bias_hh_l{layer}").detach()
    else:
        b = torch.zeros(W_ih.shape[0], dtype=W_ih.dtype)
    return W_ih, W_hh, b


@torch.no_grad()
def trace(lstm: nn.LSTM, x: torch.Tensor, h0=None, c0=None) -> LSTMTrace:
    """Run `lstm` on one sequence x (T, D) from h0, c0 (L, H) and record i, f, g, o, c, h."""
    _check(lstm, x, h0, c0)
    L, H, T = lstm.num_layers, lstm.hidden_size, x.shape[0]
    dtype = lstm.weight_ih_l0.dtype
    inp = x.to(dtype)  # (T, D) for layer 0, then (T, H)
    gates = torch.empty(L, T, 4 * H, dtype=dtype)  # i, f, g, o side by side, as PyTorch stacks them
    c = torch.empty(L, T, H, dtype=dtype)
    h = torch.empty(L, T, H, dtype=dtype)
    # Each step writes into these buffers in place (out=): a 60-step, 2x50 trace is
    # Python-overhead bound, and fresh tensors per gate would double its time.
    i, f, g, o = (slice(k * H, (k + 1) * H) for k in range(4))
    for layer in range(L):
        W_ih, W_hh, b = layer_weights(lstm, layer)
        h_t = torch.zeros(H, dtype=dtype) if h0 is None else h0[layer].to(dtype)  # (H,)
        c_t = torch.zeros(H, dtype=dtype) if c0 is None else c0[layer].to(dtype)  # (H,)
        pre_x = torch.addmm(b, inp, W_ih.T)  # (T, 4H): the input part of every step at once
        for t in range(T):
            z = torch.addmv(pre_x[t], W_hh, h_t)  # (4H,) z_t = W_ih x_t + W_hh h_{t-1} + b
            a = gates[layer, t]  # (4H,)
            torch.sigmoid(z, out=a)  # i_t, f_t, o_t = sigma(z)
            torch.tanh(z[g], out=a[g])  # g_t = tanh(z_g)
            c_new, h_new = c[layer, t], h[layer, t]  # (H,) views to fill
            torch.mul(a[f], c_t, out=c_new).addcmul_(a[i], a[g])  # c_t = f_t * c_{t-1} + i_t * g_t
            torch.tanh(c_new, out=h_new).mul_(a[o])  # h_t = o_t * tanh(c_t)
            c_t, h_t = c_new, h_new
        inp = h[layer]  # inter-layer dropout is off in eval, as here
    i, f, g, o = (gates[..., k].contiguous() for k in (i, f, g, o))  # (L, T, H) each
    return LSTMTrace(i=i, f=f, g=g, o=o, c=c, h=h)
