"""Step Jacobians of a one-layer RNN, GRU and LSTM, written out from the cell equations.

Letters: T timesteps, H hidden units, D input size, S state size (H for the RNN and the
GRU, whose state is h; 2H for the LSTM, whose state is s = (h, c)).

One step maps s_{t-1} and x_t to s_t. The chain rule through time multiplies the step
Jacobians A_t = ∂s_t/∂s_{t-1} (S, S); with B_t = ∂s_t/∂x_t (S, D),

    ∂h_T/∂s_{t-1} = ∂h_T/∂s_t · A_t        ∂h_T/∂x_t = ∂h_T/∂s_t · B_t

so one backward sweep of (H, S) @ (S, S) products gives ∂h_T/∂x_t for every t. The local
derivatives depend only on the forward pass, so they are taken for all steps at once.
"""

from __future__ import annotations

import torch
from torch import nn


def _check(rnn: nn.RNNBase, x: torch.Tensor) -> None:
    if not isinstance(rnn, nn.RNN | nn.GRU | nn.LSTM):
        raise ValueError(f"rnn must be an nn.RNN, nn.GRU or nn.LSTM, got {type(rnn).__name__}")
    if rnn.num_layers != 1 or rnn.bidirectional or not rnn.bias or rnn.proj_size:
        raise ValueError("rnn must have one layer, one direction, biases and no projection")
    if isinstance(rnn, nn.RNN) and rnn.nonlinearity != "tanh":
        raise ValueError(f"an nn.RNN must use tanh, got {rnn.nonlinearity!r}")
    if x.dim() != 2 or x.shape[1] != rnn.input_size:
        raise ValueError(f"x must be (T, input_size) = (T, {rnn.input_size}), got {tuple(x.shape)}")


def _rnn_steps(rnn: nn.RNN, x: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    # h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh);   tanh' = 1 - h_t^2
    d = (1 - h * h)[:, :, None]  # (T, H, 1)
    return d * rnn.weight_hh_l0, d * rnn.weight_ih_l0  # (T, H, H), (T, H, D)


def _gru_steps(rnn: nn.GRU, x: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    T, H = h.shape
    h_prev = torch.cat([h.new_zeros(1, H), h[:-1]])  # (T, H) h_{t-1}
    gi = x @ rnn.weight_ih_l0.T + rnn.bias_ih_l0  # (T, 3H) input parts, gate order r, z, n
    gh = h_prev @ rnn.weight_hh_l0.T + rnn.bias_hh_l0  # (T, 3H) recurrent parts
    (gi_r, gi_z, gi_n), (gh_r, gh_z, gh_n) = gi.chunk(3, 1), gh.chunk(3, 1)
    r, z = torch.sigmoid(gi_r + gh_r), torch.sigmoid(gi_z + gh_z)  # (T, H)
    n = torch.tanh(gi_n + r * gh_n)  # (T, H)
    # h_t = (1 - z) n + z h_{t-1}
    #   ∂h_t/∂n = 1 - z     ∂h_t/∂z = h_{t-1} - n     ∂h_t/∂h_{t-1} (directly) = z
    # n = tanh(gi_n + r * gh_n)  ->  ∂n/∂gi_n = 1 - n^2,  ∂n/∂gh_n = (1 - n^2) r,  ∂n/∂r = (1 - n^2) gh_n
    # r, z = sigma(gi + gh)      ->  sigma' = sigma (1 - sigma)
    dn = (1 - z) * (1 - n * n)  # (T, H) ∂h_t/∂gi_n
    dr = dn * gh_n * r * (1 - r)  # (T, H) ∂h_t/∂(gi_r + gh_r)
    dz = (h_prev - n) * z * (1 - z)  # (T, H) ∂h_t/∂(gi_z + gh_z)
    by_gi = torch.stack([dr, dz, dn], 1)  # (T, 3, H) ∂h_t/∂gi: x_t enters every gate's input part
    by_gh = torch.stack([dr, dz, dn * r], 1)  # (T, 3, H) ∂h_t/∂gh: gh_n is gated by r
    A = torch.einsum("tgh,ghk->thk", by_gh, rnn.weight_hh_l0.view(3, H, H)) + torch.diag_embed(z)  # (T, H, H)
    B = torch.einsum("tgh,ghd->thd", by_gi, rnn.weight_ih_l0.view(3, H, -1))  # (T, H, D)
    return A, B


def _lstm_steps(rnn: nn.LSTM, x: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    T, H = h.shape
    h_prev = torch.cat([h.new_zeros(1, H), h[:-1]])  # (T, H) h_{t-1}
    z = x @ rnn.weight_ih_l0.T + rnn.bias_ih_l0 + h_prev @ rnn.weight_hh_l0.T + rnn.bias_hh_l0  # (T, 4H)
    z_i, z_f, z_g, z_o = z.chunk(4, 1)  # PyTorch's gate order
    i, f, g, o = torch.sigmoid(z_i), torch.sigmoid(z_f), torch.tanh(z_g), torch.sigmoid(z_o)  # (T, H)
    c = torch.empty_like(f)  # (T, H): c_t = f_t c_{t-1} + i_t g_t, the one recurrence left
    ig, c_t = i * g, h.new_zeros(H)
    for t in range(T):
        c_t = torch.addcmul(ig[t], f[t], c_t, out=c[t])
    c_prev = torch.cat([h.new_zeros(1, H), c[:-1]])  # (T, H) c_{t-1}
    tanh_c = torch.tanh(c)
    # c_t = f c_{t-1} + i g   ->  ∂c_t/∂z = (g i(1-i), c_{t-1} f(1-f), i (1-g^2), 0),  ∂c_t/∂c_{t-1} = f
    # h_t = o tanh(c_t)       ->  ∂h_t/∂c_t = o (1 - tanh^2 c_t) =: k,  ∂h_t/∂z_o = tanh(c_t) o(1-o)
    zero = torch.zeros_like(f)
    by_z_c = torch.stack([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g * g), zero], 1)  # (T, 4, H) ∂c_t/∂z
    k = o * (1 - tanh_c * tanh_c)  # (T, H)
    by_z_h = k[:, None] * by_z_c + torch.stack([zero, zero, zero, tanh_c * o * (1 - o)], 1)  # (T, 4, H) ∂h_t/∂z
    # per gate g: z_t[g] = W_ih[g] x_t + W_hh[g] h_{t-1} + biases
    W_hh, W_ih = rnn.weight_hh_l0.view(4, H, H), rnn.weight_ih_l0.view(4, H, -1)  # (4, H, H), (4, H, D)
    A = h.new_zeros(T, 2 * H, 2 * H)  # blocks [[∂h_t/∂h_{t-1}, ∂h_t/∂c_{t-1}], [∂c_t/∂h_{t-1}, ∂c_t/∂c_{t-1}]]
    A[:, :H, :H] = torch.einsum("tgh,ghk->thk", by_z_h, W_hh)
    A[:, H:, :H] = torch.einsum("tgh,ghk->thk", by_z_c, W_hh)
    A[:, :H, H:].diagonal(dim1=1, dim2=2).copy_(k * f)
    A[:, H:, H:].diagonal(dim1=1, dim2=2).copy_(f)
    B = torch.cat([torch.einsum("tgh,ghd->thd", d, W_ih) for d in (by_z_h, by_z_c)], 1)  # (T, 2H, D), s = (h, c)
    return A, B  # (T, 2H, 2H), (T, 2H, D)


_STEPS = {nn.RNN: _rnn_steps, nn.GRU: _gru_steps, nn.LSTM: _lstm_steps}


@torch.no_grad()
def step_jacobians(rnn: nn.RNNBase, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """A (T, S, S) and B (T, S, D): ∂s_t/∂s_{t-1} and ∂s_t/∂x_t for `rnn` run on x (T, D) from a zero state.

    `rnn`: a one-layer, one-direction nn.RNN (tanh), nn.GRU or nn.LSTM with biases; the
    LSTM's state is s = (h, c), h first. Computed in the dtype of `rnn`'s weights.
    """
    _check(rnn, x)
    x = x.to(rnn.weight_ih_l0.dtype)
    h, _ = rnn(x)  # (T, H): PyTorch's own forward pass, unbatched
    steps = next(f for cls, f in _STEPS.items() if isinstance(rnn, cls))
    return steps(rnn, x, h)


def input_jacobians(rnn: nn.RNNBase, x: torch.Tensor) -> torch.Tensor:
    """(T, H, D): row t is ∂h_T/∂x_t, for `rnn` (as in `step_jacobians`) run on x (T, D) from a zero state.

    Where the product overflows, entries are inf or NaN (inf * 0), as with autograd.
    """
    A, B = step_jacobians(rnn, x)  # (T, S, S), (T, S, D)
    T, S, _ = A.shape
    H = rnn.hidden_size
    G = torch.empty(T, H, S, dtype=A.dtype)  # G[t] = ∂h_T/∂s_t
    G[-1] = torch.eye(H, S, dtype=A.dtype)  # h is the first H entries of the state
    for t in range(T - 1, 0, -1):
        torch.mm(G[t], A[t], out=G[t - 1])
    return G @ B  # (T, H, D)
