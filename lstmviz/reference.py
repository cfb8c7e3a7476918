"""Autograd on the nn.LSTM itself: the reference the hand-written BPTT is held against, live on the page."""

from __future__ import annotations

import torch
from torch import nn

from lstmviz.bptt import BPTTResult


def autograd_weight_grads(lstm: nn.LSTM, x: torch.Tensor, dh_out: torch.Tensor) -> dict[str, torch.Tensor]:
    """dL/dW by torch.autograd for L = sum_t <dh_out[t], h_t>; x (T, D), dh_out (H,) or (T, H)."""
    xb = x.to(lstm.weight_ih_l0.dtype).unsqueeze(1)  # (T, 1, D): seq-first
    if lstm.batch_first:
        xb = xb.transpose(0, 1)
    with torch.enable_grad():
        out, _ = lstm(xb)
        h = out[0] if lstm.batch_first else out[:, 0]  # (T, H) last layer
        loss = (h[-1] * dh_out).sum() if dh_out.dim() == 1 else (h * dh_out).sum()
        names, params = zip(*lstm.named_parameters(), strict=True)
        grads = torch.autograd.grad(loss, params)
    return dict(zip(names, grads, strict=True))


def max_abs_difference(result: BPTTResult, reference: dict[str, torch.Tensor]) -> float:
    """The largest |hand-written - autograd| over every weight and bias gradient."""
    return max(float((result.weight_grads[k] - g).abs().max()) for k, g in reference.items())


def sensitivity_by_batched_autograd(cell: str, T: int, H: int, seed: int, forget_bias: float = 0.0,
                                    recurrent_scale: float = 1.0):  # fmt: skip
    """gradflow.sensitivity_by_distance the slow way, as it was first computed: H copies of the probe sequence in
    one batch, copy b differentiates h_T[b]; the reference its test and its benchmark compare against."""
    from lstmviz import gradflow  # gradflow imports this module's neighbours; import it when asked

    rnn = gradflow._probe_cell(cell, H, seed, forget_bias, recurrent_scale)
    xs = gradflow._probe_input(T, seed).expand(H, T, 1).clone().requires_grad_()  # (H, T, 1)
    with torch.enable_grad():
        out, _ = rnn(xs)  # (H, T, H)
        (J,) = torch.autograd.grad(out[:, -1].diagonal().sum(), xs)  # (H, T, 1)
    return J[..., 0].norm(dim=0).flip(0).numpy()
