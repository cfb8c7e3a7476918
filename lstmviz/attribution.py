"""Attribution: how much each input step (and each feature) of a window pushed one forecast up or down.

Integrated gradients (Sundararajan, Taly & Yan 2017): for a window x and a baseline x',

    a_td = (x_td − x'_td) ∫_0^1 ∂f(x' + α (x − x')) / ∂x_td dα,

the integral taken by Gauss–Legendre quadrature with `steps` nodes (as captum's default method). Completeness:
Σ_td a_td = f(x) − f(x'), up to the quadrature error, which shrinks as `steps` grows. Two cross-checks a page or a
test can hold it against: gradient × input (the integrand at α = 1 alone, exact for a linear model too) and
occlusion (f(x) − f(x with one step set to the baseline)).

The baseline is zeros in the model's scaled units: every input at its training mean (the scaler is fit on the
training rows), "an ordinary day". A zero price would be a crash no window ever saw; the mean is what the model
knows as typical, so an attribution reads as "this day, being above or below its usual level, moved the forecast
by so much".

Letters: N windows, W steps, D input columns, K outputs, S quadrature nodes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import torch
from torch import nn

from lstmviz.budget import Deadline
from lstmviz.errors import UserError

CHUNK = 256  # interpolated windows per backward pass at most: StockLSTM's keep ~50 MB of activations (bench/README.md)
ACTIVATION_BYTES = 64 * 2**20  # a chunk's activations at most: bigger models (lookback 250, 3 × 128) get smaller chunks
MOST = 0.5  # "rests mostly on the last k days": the fewest last days that hold more than half the attribution


def _check(model: nn.Module, X: torch.Tensor, baseline: torch.Tensor | None, steps: int) -> torch.Tensor:
    if not isinstance(X, torch.Tensor) or X.dim() != 3:
        raise ValueError(f"X must be a tensor (N, W, D), got {getattr(X, 'shape', type(X).__name__)}")
    if not int(steps) >= 1:
        raise ValueError(f"steps ({steps}) must be at least 1")
    if baseline is None:
        return torch.zeros_like(X)
    if baseline.shape != X.shape:
        raise ValueError(f"baseline {tuple(baseline.shape)} must have the shape of X {tuple(X.shape)}")
    return baseline.to(X.dtype)


def nodes(steps: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Gauss–Legendre nodes α (S,) in (0, 1) and their weights (S,), which sum to 1."""
    x, w = np.polynomial.legendre.leggauss(steps)
    return torch.from_numpy((x + 1) / 2), torch.from_numpy(w / 2)


def chunk_size(model: nn.Module, W: int) -> int:
    """Interpolated windows of W steps per backward pass: CHUNK, or fewer where a recurrent layer's saved activations
    (about ten values per hidden unit, layer and step: gates, states and the kernel's workspace) would pass
    ACTIVATION_BYTES."""
    per_window = 4 * 10 * W * sum(m.hidden_size * m.num_layers for m in model.modules() if isinstance(m, nn.RNNBase))
    return int(np.clip(ACTIVATION_BYTES // max(per_window, 1), 1, CHUNK))


def _gradient(model: nn.Module, inputs: torch.Tensor, output: int) -> torch.Tensor:
    """∂f_output/∂inputs (B, W, D), each window's gradient of its own output; weights get no gradient."""
    inputs = inputs.detach().requires_grad_(True)
    with torch.enable_grad():
        out = model(inputs)  # (B, K)
        if not 0 <= output < out.shape[1]:
            raise ValueError(f"output ({output}) must be between 0 and {out.shape[1] - 1}")
        (grad,) = torch.autograd.grad(out[:, output].sum(), inputs)
    return grad


def integrated_gradients(
    model: nn.Module,
    X: torch.Tensor,
    *,
    baseline: torch.Tensor | None = None,
    steps: int = 64,
    output: int = 0,
    deadline: Deadline | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> torch.Tensor:
    """Attributions (N, W, D) of model output column `output` for windows X (N, W, D) against `baseline`
    (N, W, D; zeros when None); each window's sum is f(X) − f(baseline) up to the quadrature error.

    The N × S interpolated windows go through the model chunk_size at a time (memory stays flat in N); after each chunk
    `on_chunk(done, total)` reports progress, and a passed `deadline` raises UserError("attribution.budget").
    The model is put in eval mode (no dropout).
    """
    baseline = _check(model, X, baseline, steps)
    model.eval()
    alpha, weight = (v.to(X.dtype) for v in nodes(steps))  # (S,), (S,)
    N, S = len(X), int(steps)
    delta = X - baseline  # (N, W, D)
    total = torch.zeros_like(X)  # (N, W, D): Σ_s weight_s ∂f(x' + α_s δ)/∂x
    flat = torch.arange(N * S)  # window n, node s at n * S + s
    B = chunk_size(model, X.shape[1])
    for k in range(0, N * S, B):
        if deadline is not None and deadline.passed():
            raise UserError("attribution.budget", seconds=deadline.seconds)
        n, s = flat[k : k + B] // S, flat[k : k + B] % S  # (B,), (B,)
        points = baseline[n] + alpha[s, None, None] * delta[n]  # (B, W, D)
        grad = _gradient(model, points, output) * weight[s, None, None]  # (B, W, D)
        total.index_add_(0, n, grad)
        if on_chunk is not None:
            on_chunk(min(k + B, N * S), N * S)
    return delta * total


def gradient_x_input(model: nn.Module, X: torch.Tensor, *, baseline: torch.Tensor | None = None,
                     output: int = 0) -> torch.Tensor:  # fmt: skip
    """(X − baseline) ⊙ ∂f/∂X at X, (N, W, D): integrated gradients with its one node at α = 1."""
    baseline = _check(model, X, baseline, 1)
    model.eval()
    return (X - baseline) * _gradient(model, X, output)


@torch.no_grad()
def occlusion(model: nn.Module, X: torch.Tensor, *, baseline: torch.Tensor | None = None,
              output: int = 0) -> torch.Tensor:  # fmt: skip
    """f(X) − f(X with entry (t, d) set to the baseline's), (N, W, D): what each entry alone changes."""
    baseline = _check(model, X, baseline, 1)
    model.eval()
    N, W, D = X.shape
    full = model(X)[:, output]  # (N,)
    out = torch.empty_like(X)
    for t in range(W):
        for d in range(D):
            covered = X.clone()
            covered[:, t, d] = baseline[:, t, d]
            out[:, t, d] = full - model(covered)[:, output]
    return out


def completeness_gap(model: nn.Module, X: torch.Tensor, attributions: torch.Tensor, *,
                     baseline: torch.Tensor | None = None, output: int = 0) -> torch.Tensor:  # fmt: skip
    """Σ attributions − (f(X) − f(baseline)) per window (N,): the quadrature error of integrated gradients."""
    baseline = _check(model, X, baseline, 1)
    model.eval()
    with torch.no_grad():
        change = model(X)[:, output] - model(baseline)[:, output]  # (N,)
    return attributions.sum(dim=(1, 2)) - change


def shares(attributions: np.ndarray | torch.Tensor) -> np.ndarray:
    """(W, D) each step's and feature's share of the absolute attribution (..., W, D) over all windows (sums to 1;
    zeros when nothing moved the forecast)."""
    a = np.asarray(attributions, dtype=float)
    size = np.abs(a).reshape(-1, *a.shape[-2:]).sum(axis=0)
    return size / size.sum() if size.sum() > 0 else size


def day_shares(attributions: np.ndarray | torch.Tensor) -> np.ndarray:
    """(W,) each step's share of the absolute attribution (..., W, D), over all windows and features."""
    return shares(attributions).sum(axis=1)


def resting_days(shares: np.ndarray, most: float = MOST) -> int:
    """The fewest last steps whose shares (W,) add up to more than `most`: "the forecast rests mostly on the last
    k days"."""
    recent_first = np.cumsum(np.asarray(shares, dtype=float)[::-1])
    return int(np.searchsorted(recent_first, most, side="right") + 1) if recent_first[-1] > most else len(shares)


# ---- a trained forecaster's one-step forecasts (lstmviz.fitresult.FitResult), in the data's units -----------------
MAX_WINDOWS = 300  # test windows the test-set average reads at most (evenly spaced): its cost is bounded


def test_origins(result) -> np.ndarray:
    """The data rows (positions) whose one-step forecast is a test prediction, in order."""
    return result.rows.data_rows("test") - 1  # each test row's forecast is made the row before


def spread(positions: np.ndarray, most: int = MAX_WINDOWS) -> np.ndarray:
    """At most `most` of `positions`, evenly spaced, the first and last kept."""
    if len(positions) <= most:
        return positions
    return positions[np.unique(np.linspace(0, len(positions) - 1, most).round().astype(int))]


def in_units(result, positions: np.ndarray, *, steps: int = 64, deadline: Deadline | None = None,
             on_chunk: Callable[[int, int], None] | None = None) -> np.ndarray:  # fmt: skip
    """Integrated gradients (N, W, D) of `result`'s one-step forecasts from data rows `positions`, in the target's
    units: the model's output (its scaled target) times the target's scale. In the relative target modes the
    forecast is the origin's value times a function of the output: the factor there is the origin's value too
    (exact for "window_ratio", to first order for "log_return")."""
    X = torch.stack([result.input_window(int(p)) for p in positions])  # (N, W, D) scaled as the model reads them
    a = integrated_gradients(result.model, X, steps=steps, deadline=deadline, on_chunk=on_chunk).double().numpy()
    factor = np.full(len(positions), result.scaler.std[0])  # (N,)
    if result.config.target_mode != "price":
        factor = factor * result.data.iloc[positions, 0].to_numpy()
    return a * factor[:, None, None]


def window_frame(result, position: int, attributions: np.ndarray, *, tr=str) -> pd.DataFrame:
    """One window's table, indexed by its dates: each input column's value (in the data's units) and its
    attribution (W, D) to the forecast of the next row, in the target's units (`tr` translates the header)."""
    W = result.config.lookback
    rows = result.data.iloc[position - W + 1 : position + 1]
    out = {}
    for d, name in enumerate(rows.columns):
        out[name] = rows[name].to_numpy()
        out[tr("{column}: attribution").format(column=name)] = attributions[:, d]
    return pd.DataFrame(out, index=rows.index)
