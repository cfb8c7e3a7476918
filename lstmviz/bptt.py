"""Backpropagation through time for a torch.nn.LSTM, written out by hand (no autograd).

Letters: L layers, T timesteps, H hidden units, D input size.
The loss is L = sum_t <dh_out[t], h_t> over the last layer's hidden states, so dh_out is
the gradient that arrives on each h_t from outside; (H,) means it arrives on h_T only.

The forward pass of one layer at step t (PyTorch gate order i, f, g, o):

    z_t = W_ih x_t + W_hh h_{t-1} + b_ih + b_hh
    i_t, f_t, o_t = sigma(z_i), sigma(z_f), sigma(z_o)      g_t = tanh(z_g)
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

is undone from t = T-1 down to 0 and from the top layer down: each forward line is
followed, in `_layer_backward`, by its local gradient, as in micrograd.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from lstmviz.cell import LSTMTrace, layer_weights, trace


@dataclass(frozen=True)
class BPTTResult:
    """dL/dh_t and dL/dc_t (L, T, H) of every layer; dL/dx_t (T, D); dL/dW per parameter name; the forward trace."""

    dh: torch.Tensor
    dc: torch.Tensor
    dx: torch.Tensor
    weight_grads: dict[str, torch.Tensor]
    trace: LSTMTrace  # the forward pass the gradients were taken along


def _check_dh_out(dh_out: torch.Tensor, T: int, H: int) -> None:
    if not isinstance(dh_out, torch.Tensor):
        raise ValueError(f"dh_out must be a torch.Tensor, got {type(dh_out).__name__}")
    if tuple(dh_out.shape) not in ((H,), (T, H)):
        raise ValueError(
            f"dh_out must be (hidden_size,) = ({H},) or (T, hidden_size) = ({T}, {H}), got {tuple(dh_out.shape)}"
        )
    if not torch.isfinite(dh_out).all():
        raise ValueError("dh_out contains NaN or infinite values")


def _layer_backward(tr: LSTMTrace, layer: int, c_init: torch.Tensor, W_hh: torch.Tensor, dh_in: torch.Tensor):
    """Run one layer's BPTT given dh_in (T, H), the gradient reaching each h_t from outside
    the layer (from the loss on top, from the layer above below it).

    Returns dh, dc (T, H), the total derivatives, and dz (T, 4H), the gradient on the
    pre-activations, from which every weight gradient follows without another loop.
    """
    T, H = dh_in.shape
    i, f, g, o, c = (getattr(tr, k)[layer] for k in "ifgoc")  # (T, H) each
    c_prev = torch.cat([c_init[None], c[:-1]])  # (T, H) c_{t-1}
    tanh_c = torch.tanh(c)  # (T, H)

    # The local gradients do not depend on the gradient flowing back, so take them for
    # all steps at once; the loop below only chains them.
    # h_t = o_t * tanh(c_t)
    #   dh_t/do_t = tanh(c_t)         dh_t/dc_t = o_t * (1 - tanh^2 c_t)
    # c_t = f_t * c_{t-1} + i_t * g_t
    #   dc_t/di_t = g_t   dc_t/df_t = c_{t-1}   dc_t/dg_t = i_t   dc_t/dc_{t-1} = f_t
    # i, f, o = sigma(z)  ->  sigma' = sigma (1 - sigma);   g = tanh(z_g)  ->  tanh' = 1 - g^2
    # so dz_i = dc_t * g_t * i_t (1 - i_t), ... and dz_o = dh_t * tanh(c_t) * o_t (1 - o_t):
    dz_by_dc = torch.cat([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g * g)], dim=1).view(T, 3, H)  # (T, 3, H)
    dz_by_dh = tanh_c * o * (1 - o)  # (T, H)
    dc_by_dh = o * (1 - tanh_c * tanh_c)  # (T, H)
    f_next = torch.cat([f[1:], torch.zeros(1, H, dtype=f.dtype)])  # (T, H) f_{t+1}; nothing after T-1

    dh = torch.empty(T, H, dtype=dh_in.dtype)
    dc = torch.empty(T, H, dtype=dh_in.dtype)
    dz = torch.empty(T, 4 * H, dtype=dh_in.dtype)
    dz_next = torch.zeros(4 * H, dtype=dh_in.dtype)  # (4H,) dL/dz_{t+1}
    dc_next = torch.zeros(H, dtype=dh_in.dtype)  # (H,) dL/dc_{t+1}
    W_hhT = W_hh.T  # (H, 4H)
    for t in range(T - 1, -1, -1):
        # h_t feeds the loss or the layer above, and z_{t+1} through W_hh:
        # dh_t = dh_in_t + W_hh^T dz_{t+1}
        torch.addmv(dh_in[t], W_hhT, dz_next, out=dh[t])
        # c_t feeds h_t and c_{t+1}:
        # dc_t = dh_t * o_t * (1 - tanh^2 c_t) + dc_{t+1} * f_{t+1}
        torch.mul(dc_next, f_next[t], out=dc[t]).addcmul_(dh[t], dc_by_dh[t])
        # dz_t = [dc_t * dc_t/dz_i, dc_t * dc_t/dz_f, dc_t * dc_t/dz_g, dh_t * dh_t/dz_o]
        torch.mul(dz_by_dc[t], dc[t], out=dz[t, : 3 * H].view(3, H))
        torch.mul(dz_by_dh[t], dh[t], out=dz[t, 3 * H :])
        dz_next, dc_next = dz[t], dc[t]
    return dh, dc, dz


@torch.no_grad()
def bptt(lstm: nn.LSTM, x: torch.Tensor, dh_out: torch.Tensor, h0=None, c0=None) -> BPTTResult:
    """Gradients of L = sum_t <dh_out[t], h_t> for x (T, D), h0, c0 (L, H), dh_out (H,) or (T, H)."""
    tr = trace(lstm, x, h0, c0)  # validates lstm, x, h0, c0
    L, H, T = lstm.num_layers, lstm.hidden_size, x.shape[0]
    _check_dh_out(dh_out, T, H)
    dtype = tr.h.dtype
    dh_in = torch.zeros(T, H, dtype=dtype)  # (T, H) what reaches the top layer's h_t from the loss
    if dh_out.dim() == 1:
        dh_in[-1] = dh_out
    else:
        dh_in[:] = dh_out

    dh = torch.empty(L, T, H, dtype=dtype)
    dc = torch.empty(L, T, H, dtype=dtype)
    grads: dict[str, torch.Tensor] = {}
    for layer in range(L - 1, -1, -1):
        W_ih, W_hh, _ = layer_weights(lstm, layer)
        h_init = torch.zeros(H, dtype=dtype) if h0 is None else h0[layer].to(dtype)  # (H,)
        c_init = torch.zeros(H, dtype=dtype) if c0 is None else c0[layer].to(dtype)  # (H,)
        dh[layer], dc[layer], dz = _layer_backward(tr, layer, c_init, W_hh, dh_in)  # dz: (T, 4H)
        inp = x.to(dtype) if layer == 0 else tr.h[layer - 1]  # (T, D) or (T, H)
        h_prev = torch.cat([h_init[None], tr.h[layer, :-1]])  # (T, H) h_{t-1}
        # z_t = W_ih x_t + W_hh h_{t-1} + b_ih + b_hh: every step uses the same weights,
        # so their gradients are the sums over t, i.e. one matmul over the whole sequence.
        grads[f"weight_ih_l{layer}"] = dz.T @ inp  # (4H, D) sum_t dz_t x_t^T
        grads[f"weight_hh_l{layer}"] = dz.T @ h_prev  # (4H, H) sum_t dz_t h_{t-1}^T
        if lstm.bias:
            db = dz.sum(0)  # (4H,) b_ih and b_hh enter z_t the same way: same gradient
            grads[f"bias_ih_l{layer}"] = db
            grads[f"bias_hh_l{layer}"] = db.clone()
        # dx_t = W_ih^T dz_t: into the layer below as its dh_in, or out to the input
        dh_in = dz @ W_ih  # (T, D) or (T, H)
    weight_grads = {name: grads[name] for name, _ in lstm.named_parameters()}
    return BPTTResult(dh=dh, dc=dc, dx=dh_in, weight_grads=weight_grads, trace=tr)
