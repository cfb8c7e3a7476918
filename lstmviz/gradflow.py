"""How gradients travel back through time: the numbers behind the Gradients page.

Letters: L layers, T timesteps, H hidden units, D input size, B batch size.

- `forget_product`, `cell_path`: the LSTM's gradient highway, the product of forget gates along c_t,
  and the part of dL/dC_t that travels along it alone; `per_step_factor` reads its slope.
- `sensitivity_by_distance`: how much h_T still depends on an input T - t steps back, for a
  plain RNN, a GRU and an LSTM fed the same sequence.
- `clipping_run`: a short training run whose gradients explode, with or without clipping.
- `adding_problem`, `train_memory_task`, `memory_verdict`: a task that needs memory over T steps, which an
  LSTM learns and a plain RNN does not (the measured losses: bench/README.md).

Everything is seeded and runs on the CPU in seconds; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import torch
from torch import nn

from lstmviz import optimizers
from lstmviz.bptt import BPTTResult
from lstmviz.budget import Deadline
from lstmviz.cell import LSTMTrace
from lstmviz.config import TrainConfig
from lstmviz.forecaster import Forecaster, build_model
from lstmviz.jacobians import input_jacobians
from lstmviz.knobs import seeded, what_if

CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
REACH_HIDDEN = 32  # hidden units of the reach chart's cells
REACH_MARK = 50  # the reach chart compares the curves this many steps back
KERAS_FORGET_BIAS = 1.0  # Keras' unit_forget_bias=True (Gers et al. 2000; Jozefowicz et al. 2015)


def _check_cell(cell: str) -> None:
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")


def _check_positive(**values: int) -> None:
    for name, v in values.items():
        if v < 1:
            raise ValueError(f"{name} must be at least 1, got {v}")


def _last_step_regressor(cell: str, input_size: int, hidden_size: int, seed: int) -> Forecaster:
    """A one-layer recurrent net and a linear read-out of its last hidden state: x (B, T, D) -> (B, 1)."""
    return build_model(TrainConfig(cell=cell, hidden_size=hidden_size, num_layers=1, horizon=1), input_size, seed)


def forget_product(tr: LSTMTrace, layer: int) -> torch.Tensor:
    """(T, H): row t is prod_{k=t+1..T-1} f_k, the factor by which dL/dc_{T-1} reaches c_t
    along the cell path alone (dc_t/dc_{t-1} = f_t); the last row is all ones."""
    L = tr.f.shape[0]
    if not 0 <= layer < L:
        raise ValueError(f"layer ({layer}) must be between 0 and {L - 1}")
    f = tr.f[layer]  # (T, H)
    ones = torch.ones(1, f.shape[1], dtype=f.dtype)
    later = torch.cat([f[1:], ones])  # (T, H) row t: f_{t+1}
    return later.flip(0).cumprod(0).flip(0)  # (T, H) products from t+1 to the end


def cell_path(result: BPTTResult, layer: int) -> np.ndarray:
    """(T,): ‖dL/dC_{T-1} ⊙ prod_{k=t+1..T-1} f_k‖, the part of dL/dC_t that arrives along the cell
    state alone (the gradient highway), from the gradient on the last cell state."""
    return (result.dc[layer, -1] * forget_product(result.trace, layer)).norm(dim=1).numpy()


def per_step_factor(norms: np.ndarray) -> float:
    """The geometric mean of norms[t] / norms[t+1] over t: by how much a curve on a log axis shrinks per step back
    (where the first or last value is 0 or not finite, NaN)."""
    norms = np.asarray(norms, dtype=float)
    if len(norms) < 2 or not (np.isfinite(norms[[0, -1]]).all() and (norms[[0, -1]] > 0).all()):
        return float("nan")
    return float((norms[0] / norms[-1]) ** (1 / (len(norms) - 1)))


def _probe_input(T: int, seed: int) -> torch.Tensor:
    """(T, 1) small noise, so that the first steps stay near tanh's linear regime."""
    return 0.1 * torch.randn(T, 1, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


@torch.no_grad()
def _probe_cell(cell: str, hidden_size: int, seed: int, forget_bias: float, recurrent_scale: float) -> nn.RNNBase:
    """A seeded float64 one-layer `cell` (batch_first) with W_hh scaled and the LSTM's forget bias shifted."""
    rnn = seeded(lambda: CELLS[cell](1, hidden_size, batch_first=True), seed).double()
    if cell == "lstm":
        return what_if(rnn, forget_bias=forget_bias, recurrent_scale=recurrent_scale)
    rnn.weight_hh_l0.mul_(recurrent_scale)
    return rnn


def sensitivity_by_distance(
    cell: str,
    T: int,
    hidden_size: int,
    *,
    seed: int,
    forget_bias: float = 0.0,
    recurrent_scale: float = 1.0,
) -> np.ndarray:
    """‖∂h_T/∂x_t‖ for distances T - t = 0..T-1 (index = distance), one input channel.

    The input is 0.1 * N(0, 1) noise drawn from `seed`, the same for every cell; the cell
    has PyTorch's default initialisation drawn from `seed`, then every W_hh is multiplied by
    `recurrent_scale` and, for the LSTM, `forget_bias` is added to the forget gate's bias
    (as `lstmviz.knobs.what_if` does). Runs in float64 so that exploding values stay finite
    for long sequences; where they still overflow the result holds inf, never NaN.

    ∂h_T/∂x_t is a product of the cell's step Jacobians (`lstmviz.jacobians`) along PyTorch's own
    forward pass of the one sequence, which is faster than autograd on H copies of the sequence
    (`python bench/bench_gradients.py`) and equal to it to 1e-9 wherever the trajectory is not chaotic.

    At scale 1 all three cells vanish over a hundred steps; a positive forget_bias keeps the LSTM's
    reach. The RNN explodes from scale ~3 on: saturation does not stop it, because with a gain this
    large the tanh network is chaotic and the product of its step Jacobians keeps growing. Chaotic
    also means the trajectory hangs on rounding: a batched forward pass of the same sequence may end
    in other states, and its curve differ from this one by orders of magnitude (both explode). The
    GRU and the LSTM stay bounded at scales up to 5: their gates multiply the recurrent path by
    numbers below 1. The measured values per cell, scale and seed: bench/README.md.
    """
    _check_cell(cell)
    _check_positive(T=T, hidden_size=hidden_size)
    rnn = _probe_cell(cell, hidden_size, seed, forget_bias, recurrent_scale)
    J = input_jacobians(rnn, _probe_input(T, seed))  # (T, H, 1): J[t] = ∂h_T/∂x_t, a product of step Jacobians
    norms = J.norm(dim=(1, 2)).flip(0).numpy()  # (T,) by distance T - 1 - t
    return np.where(np.isnan(norms), np.inf, norms)


def clipping_run(
    *,
    clip: float | None,
    steps: int = 60,
    seed: int = 0,
    T: int = 60,
    hidden_size: int = 32,
    recurrent_scale: float = 3.0,
    lr: float = 0.2,
    max_seconds: float | None = None,
) -> pd.DataFrame:
    """Train a plain RNN whose gradients explode, with gradient-norm clipping at `clip` or none.

    The task: after T steps, output the mean of the first 10 inputs (64 fixed sequences,
    full-batch SGD). W_hh is scaled by `recurrent_scale` (3 by default) so that gradients
    explode from the start. Columns: step, grad_norm (the total norm before clipping, as
    `clip_grad_norm_` returns it), loss (MSE before the update), update_norm (how far the
    parameters moved, lr times the clipped norm). A run that blows up to inf/NaN returns
    those values rather than raising.

    At the defaults the unclipped loss turns NaN within the 60 steps and the run clipped at 0.5 learns;
    a much higher threshold hardly limits the step (measured: bench/README.md).
    When `max_seconds` runs out (checked after each step) it returns the steps done, fewer than `steps`.
    """
    _check_positive(steps=steps, T=T, hidden_size=hidden_size)
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be positive or None, got {clip}")
    model = _last_step_regressor("rnn", 1, hidden_size, seed)
    with torch.no_grad():
        model.rnn.weight_hh_l0.mul_(recurrent_scale)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(64, T, 1, generator=gen)  # (B, T, 1)
    y = x[:, :10, 0].mean(1)  # (B,) remember the start of the sequence
    params = list(model.parameters())
    opt = optimizers.SGD(params, lr=lr)
    rows, deadline = [], Deadline(max_seconds)
    for step in range(steps):
        loss = ((model(x)[:, 0] - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        # max_norm=inf measures the norm and leaves the gradient as it is
        grad_norm = nn.utils.clip_grad_norm_(params, float("inf") if clip is None else clip)
        before = [p.detach().clone() for p in params]
        opt.step()
        with torch.no_grad():
            update = torch.sqrt(sum(((p - b) ** 2).sum() for p, b in zip(params, before, strict=True)))
        rows.append((step, grad_norm.item(), loss.item(), update.item()))
        if deadline.passed():
            break
    return pd.DataFrame(rows, columns=["step", "grad_norm", "loss", "update_norm"])


BASELINE = 1 / 6  # the adding problem's MSE when always predicting the mean sum, 1


def adding_problem(n: int, T: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The adding problem (Hochreiter & Schmidhuber 1997): x (n, T, 2), y (n,).

    Channel 0 holds values uniform in [0, 1]; channel 1 marks exactly two steps with 1, one
    in the first half and one in the second; y is the sum of the two marked values.
    Predicting the mean, 1, scores MSE = Var(U + V) = 1/6 ≈ 0.167: the baseline to beat.
    """
    _check_positive(n=n)
    if T < 2:
        raise ValueError(f"T must be at least 2 (one marker in each half), got {T}")
    gen = torch.Generator().manual_seed(seed)
    values = torch.rand(n, T, generator=gen)  # (n, T)
    first = torch.randint(0, T // 2, (n,), generator=gen)  # (n,)
    second = torch.randint(T // 2, T, (n,), generator=gen)  # (n,)
    markers = torch.zeros(n, T)  # (n, T)
    rows = torch.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    return torch.stack([values, markers], dim=-1), (values * markers).sum(1)


def train_memory_task(
    cell: str,
    *,
    T: int = 50,
    seed: int = 0,
    steps: int = 1000,
    on_step: Callable[[int, pd.DataFrame], bool | None] | None = None,
    hidden_size: int = 32,
    lr: float = 0.02,
    batch_size: int = 64,
    max_seconds: float | None = None,
) -> pd.DataFrame:
    """Train `cell` on the adding problem with sequences of T steps; DataFrame(step, loss).

    Each step draws a fresh batch (the same batches for every cell with the same seed) and
    takes one Adam step with the gradient norm clipped at 1, so a failing RNN fails for lack
    of memory, not from a blow-up. `loss` is that batch's MSE before the update.
    `on_step(step, history_so_far)` returning False stops early, keeping what was learned; so does
    `max_seconds` running out (checked after each step): fewer rows than `steps` without a False
    from on_step mean the budget ended the run.
    At these defaults the LSTM falls well below the 1/6 baseline and the RNN stays at it
    (`python -m bench.memory_task_check`; the figures: bench/README.md).
    """
    _check_cell(cell)
    _check_positive(steps=steps, hidden_size=hidden_size, batch_size=batch_size)
    model = _last_step_regressor(cell, 2, hidden_size, seed)
    task = lambda size, batch_seed: adding_problem(size, T, batch_seed)  # noqa: E731  (B, T, 2), (B,)
    return train_on_task(model, task, steps=steps, seed=seed, lr=lr, batch_size=batch_size, on_step=on_step,
                         max_seconds=max_seconds)  # fmt: skip


def train_on_task(
    model: nn.Module,
    task: Callable[[int, int], tuple[torch.Tensor, torch.Tensor]],
    *,
    steps: int,
    seed: int,
    lr: float,
    batch_size: int,
    on_step: Callable[[int, pd.DataFrame], bool | None] | None = None,
    max_seconds: float | None = None,
) -> pd.DataFrame:
    """Train a one-output regressor on a fresh batch `task(batch_size, batch_seed) -> x (B, T, D), y (B,)` each step
    (the same batches for every model with the same seed), Adam, the gradient norm clipped at 1; DataFrame(step,
    loss), each batch's MSE before its update. `on_step` returning False, or `max_seconds` running out, stops it."""
    opt = optimizers.Adam(model.parameters(), lr=lr)
    losses: list[float] = []
    deadline = Deadline(max_seconds)
    model.train()
    for step in range(steps):
        batch_seed = int(np.random.SeedSequence([seed, step]).generate_state(1)[0])  # independent of `steps`
        x, y = task(batch_size, batch_seed)
        loss = ((model(x)[:, 0] - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        if (on_step is not None and on_step(step, _history(losses)) is False) or deadline.passed():
            break
    return _history(losses)


def memory_verdict(loss: float) -> str:
    """Grade a final adding-problem loss against BASELINE: "learned" (below a tenth of it),
    "partly" (below 80 % of it: it remembers something) or "baseline" (no better than the mean)."""
    if not np.isfinite(loss):
        return "baseline"
    if loss < BASELINE / 10:
        return "learned"
    return "partly" if loss < 0.8 * BASELINE else "baseline"


def _history(losses: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"step": range(len(losses)), "loss": losses})
