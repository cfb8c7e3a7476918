"""What a request will cost in memory, known from its shapes before anything is allocated.

A class server shares a few hundred MB between thirty students, so fit, evaluate and backtest refuse a run
whose estimate is above the server's cap (TrainConfig.max_mb; the app reads $LSTMVIZ_MAX_MB), with a
UserError naming the setting whose lowering helps most. The estimate is the sum of what a run holds at its
peak: the rows (the checked columns, the model rows and their scaled float32 copy: windows are gathered a
batch at a time, lstmviz.targets.Windows), one training batch with what autograd keeps of it, one chunk of
the forward passes outside training, and the weights with Adam's moments and the best weights kept.
How close it comes to a measured peak: `python bench/hostile_cost.py`, figures in bench/README.md.

Letters: n rows, D input columns, W lookback (window) steps, B batch, L layers, H hidden units.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from lstmviz.config import LABELS, TrainConfig
from lstmviz.errors import Text, UserError

ENV = "LSTMVIZ_MAX_MB"
DEFAULT_MAX_MB = 250.0  # one run's share of a ~690 MB class server that already holds ~450 MB
MB = 2**20
FLOAT = 4  # bytes of a float32
EVAL_BATCH = 256  # windows per forward pass outside training (lstmviz.prepare.EVAL_BATCH, which reads it)
# Bytes per (row, column) of the rows a run holds: the checked float64 columns, the float64 model rows, their
# float32 scaled copy, and pandas' float64 copy while checking them.
ROW_BYTES = 8 + 8 + 4 + 8
PREDICTION_BYTES = 6 * 8  # per row: FitResult.predictions' float64 columns and the split label
# Floats per (window, step, layer, hidden unit) of a training batch: what autograd keeps of PyTorch's CPU LSTM (the
# four gates before and after their nonlinearity, c_t, tanh(c_t), h_t) and the backward pass's own gradients.
TRAIN_FLOATS = 12
EVAL_FLOATS = 3  # per (window, step, hidden unit) outside training: two layers' outputs and the gates of a step
FIXED = 8 * MB  # a run's own allocator pools (the two shards' threads) and small buffers, whatever its shapes


@dataclass(frozen=True)
class Cost:
    """The bytes of a run's parts at its peak."""

    rows: int  # the data's rows and columns, held once
    batch: int  # one training batch and what autograd keeps for its backward pass
    forward: int  # one chunk of the forward passes outside training
    weights: int  # the weights, their gradients, Adam's two moments and the best weights so far

    @property
    def total(self) -> int:
        """All parts at once (freed training buffers stay in the allocator's pools), and the threads' own pools."""
        return self.rows + self.batch + self.forward + self.weights + FIXED


def server_max_mb(environ: Mapping[str, str] | None = None) -> float | None:
    """The memory one run may use on this server, in MB: $LSTMVIZ_MAX_MB, 250 when unset; 0 or "none": no cap."""
    raw = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB
    if raw.lower() in ("none", "off"):
        return None
    try:
        mb = float(raw)
    except ValueError:
        mb = math.nan
    if not (math.isfinite(mb) and mb >= 0):
        raise ValueError(f"{ENV} ({raw!r}) must be a number of MB, or 0 for no cap")
    return mb or None


def estimate(config: TrainConfig, n_rows: int, input_size: int) -> Cost:
    """The memory of fit(data, config) on `n_rows` rows of `input_size` columns (the target and the features)."""
    n, D, W, H, L = n_rows, input_size, config.lookback, config.hidden_size, config.num_layers
    B = min(config.batch_size, n)
    per_step = 2 * D * FLOAT  # a window's inputs, gathered, and the copy the first layer reads
    weights = 4 * H * (D + H + 2) + (L - 1) * 4 * H * (2 * H + 2) + (H + 1) * config.horizon  # (gates, inputs)
    return Cost(
        rows=n * (D * ROW_BYTES + PREDICTION_BYTES),
        batch=B * W * (per_step + L * H * TRAIN_FLOATS * FLOAT),
        forward=min(EVAL_BATCH, n) * W * (per_step + H * EVAL_FLOATS * FLOAT),
        weights=weights * FLOAT * 5,
    )


def check(config: TrainConfig, n_rows: int, input_size: int) -> Cost:
    """The run's Cost; UserError("cost.memory") when it is above config.max_mb, naming the setting to lower."""
    cost = estimate(config, n_rows, input_size)
    if config.max_mb is None or cost.total <= config.max_mb * MB:
        return cost
    parts = {"batch": cost.batch, "forward": cost.forward, "rows": cost.rows}
    largest = max(parts, key=parts.get)
    if largest == "rows" and input_size > 1:
        setting = Text("Extra input features")
    elif largest == "batch" and config.batch_size > 8:
        setting = LABELS["batch_size"]
    else:  # every window's steps: the lookback
        setting = LABELS["lookback"]
    raise UserError("cost.memory", mb=cost.total / MB, most=config.max_mb, setting=setting)
