"""Time budgets: the server-wide cap on one long run, a deadline checked between steps, and fit's estimated time.

On a shared server (thirty students behind one link, a fraction of a core each) no run may hold a training
slot for long: `server_max_seconds` reads the cap from the environment; `fit`, `train_memory_task` and
`clipping_run` stop at their `Deadline` and keep what was done; `estimate_seconds` says beforehand how long
a fit's settings ask for, so a page can say when the budget will cut it short.

Letters: B batch, W lookback (window) steps, D input columns, K horizon steps.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import torch

from lstmviz import optimizers, shards
from lstmviz.cellkinds import KINDS
from lstmviz.config import TrainConfig
from lstmviz.forecaster import build_model
from lstmviz.targets import Rows
from lstmviz.windows import origins

ENV = "LSTMVIZ_MAX_SECONDS"
DEFAULT_MAX_SECONDS = 120.0  # two minutes: a long wait in class, and a slot for each of a few students at once
# The share of a fit's budget (config.max_seconds) its epochs may use; the rest is kept for the final predictions over
# every row, which, when even that runs out, cover the latest rows (FitResult.predicted_from).
TRAIN_SHARE = 0.75
EVAL_WINDOWS = 64  # windows in the timed forward pass (per-window cost is flat beyond a few dozen)
# A timed pass of more multiply-adds than this is run once, without a warm-up: a pass this long dwarfs a first
# call's one-time setup, and the heaviest shapes a link can set (lookback 250, 3 x 128 units) then cost the estimate
# one training batch and one forward pass instead of four of each. Lighter passes (every preset's) get a warm-up
# and the median of three timings.
TIMED_ONCE = 1_000_000_000


def server_max_seconds(environ: Mapping[str, str] | None = None) -> float | None:
    """The budget of one run on this server, in seconds: $LSTMVIZ_MAX_SECONDS, 120 when unset; 0 or "none": no cap."""
    raw = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_SECONDS
    if raw.lower() in ("none", "off"):
        return None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"{ENV} ({raw!r}) must be a number of seconds, or 0 for no budget")
    return seconds or None


_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("lstmviz_stop", default=None)


@contextmanager
def stop_when(stop: Callable[[], bool]) -> Iterator[None]:
    """Every Deadline made inside (fit's, a backtest's, evaluate's) also passes once stop() is true, e.g. when the
    browser tab that asked for the run has closed: the run ends at its next check, as when its budget runs out."""
    token = _STOP.set(stop)
    try:
        yield
    finally:
        _STOP.reset(token)


class Deadline:
    """The moment a budget of `seconds` (None: no budget) started now runs out; `passed()` checks it (and the
    stop_when condition it was made under)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds
        self.stop = _STOP.get()

    def passed(self) -> bool:
        return (self.end is not None and time.monotonic() >= self.end) or (self.stop is not None and self.stop())

    def left(self) -> float | None:
        """Seconds left (at least a millisecond, so a budget stays a budget), or None without one."""
        if self.stop is not None and self.stop():
            return 1e-3
        return None if self.end is None else max(self.end - time.monotonic(), 1e-3)

    def part(self, share: float) -> Deadline:
        """A deadline `share` of the way to this one (the same seconds counted from now), e.g. training's within a
        whole request's; no budget stays none."""
        return Deadline(None if self.seconds is None else share * self.seconds)


def estimate_seconds(config: TrainConfig, n_rows: int, input_size: int, *, test_rows: int | None = None) -> float:
    """About how long fit(data, config) takes for `n_rows` rows of `input_size` columns, running every epoch.

    Early stopping (patience) can end sooner; config.max_seconds is not applied (compare the two). The cost
    of one training batch and of one window's forward pass are timed on this machine (a few steps of the
    real model at the real shapes, remembered per shape; heavy shapes run one training batch and one
    forward pass, TIMED_ONCE), then multiplied by the batches and windows the split gives: epochs x (train
    batches + validation windows) + every window's final prediction. Time it on the thread count fit will run on.
    How close it comes to fit's real time: `python bench/bench_budget.py`, figures in bench/README.md.
    ValueError when the settings do not fit the rows, as fit would say. `test_rows`: the model rows of the test
    split when config.test_start says where it starts (lstmviz.prepare.test_rows).
    """
    W, K = config.lookback, config.horizon
    split = Rows.of(n_rows, config, test_rows).split  # the model rows fit will have, split as fit splits them
    n = split.n
    n_train = len(origins(split, W, K, "train"))
    n_val = len(origins(split, W, K, "val"))
    step, window = _unit_costs(config.cell, config.hidden_size, config.num_layers, config.dropout, W, K,
                               min(config.batch_size, n_train), input_size)  # fmt: skip
    batches = math.ceil(n_train / config.batch_size)
    return config.epochs * (batches * step + n_val * window) + (n - W) * window


@lru_cache(maxsize=256)
def _unit_costs(cell: str, hidden_size: int, num_layers: int, dropout: float, W: int, K: int, B: int, D: int):
    """Seconds of one training step on a batch (B, W, D), and of one window's forward pass, timed here."""
    config = TrainConfig(cell=cell, hidden_size=hidden_size, num_layers=num_layers, dropout=dropout, lookback=W,
                         horizon=K)  # fmt: skip
    model = build_model(config, D, seed=0)
    opt = optimizers.Adam(model.parameters(), fused=True)
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(B, W, D, generator=gen), torch.randn(B, K, generator=gen)  # (B, W, D), (B, K)
    with shards.ShardedStep(model.train(), config.dropout, 0) as step:

        def train_step():
            step(x, y)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()

        seconds_per_step = _timed(train_step, 3 * _multiply_adds(config, B, D))  # forward and backward
    windows = torch.randn(EVAL_WINDOWS, W, D, generator=gen)  # (N, W, D)
    model.eval()
    with torch.no_grad():
        seconds_per_window = _timed(lambda: model(windows), _multiply_adds(config, EVAL_WINDOWS, D)) / EVAL_WINDOWS
    return seconds_per_step, seconds_per_window


def _multiply_adds(config: TrainConfig, N: int, D: int) -> int:
    """The recurrence's multiply-adds in a forward pass over N windows of config.lookback steps and D columns."""
    H, gates = config.hidden_size, len(KINDS[config.cell].gates)
    per_step = gates * H * ((D + H) + (config.num_layers - 1) * 2 * H)  # (gates x H, inputs + H) for each layer
    return N * config.lookback * per_step


def _timed(run, multiply_adds: int, repeats: int = 3) -> float:
    """Seconds of one run(): once when it is heavier than TIMED_ONCE multiply-adds, else the median of `repeats`
    timings after a warm-up."""
    start = time.perf_counter()
    run()
    if multiply_adds > TIMED_ONCE:
        return time.perf_counter() - start
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return sorted(seconds)[repeats // 2]
