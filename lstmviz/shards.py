"""A training step's gradient as the sum of half-batch gradients, computed side by side on two cores.

Where the process may use two cores (`shard_count`), each batch is cut into two shards in order
(tensor_split: 16 + 16 windows of 32, 17 + 16 of 33). A shard's loss is its mean squared error weighted by
its share of the batch, so the losses add up to the batch's mean loss and the gradients to the batch's
gradient: the same step as one pass over the whole batch, up to float rounding. Each shard draws the
dropout between recurrent layers from its own generator, seeded from the run's seed, so the numbers do
not depend on which thread ran which shard, or when. With one core, a batch is a single shard.

Why: at batch 32 and 50 hidden units nn.LSTM's oneDNN kernel is most of a step and barely gains from a
second torch thread; two half-batches on two threads use the second core where torch's threads do not, for
somewhat more CPU time than the whole batch on one (`python bench/bench_train.py`; figures in bench/README.md).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch
from torch import nn

from lstmviz.forecaster import Forecaster

MAX_SHARDS = 2
CGROUP = Path("/sys/fs/cgroup")


def cores(cgroup: Path = CGROUP) -> int:
    """The cores this process may run on: its CPU affinity, capped by a container's CPU quota."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = cgroup_cpus(cgroup)
    return max(1, min(n, int(quota))) if quota is not None else n


def cgroup_cpus(root: Path = CGROUP) -> float | None:
    """CPUs per period that a cgroup quota grants (v2 cpu.max, v1 cpu.cfs_quota_us); None when unlimited."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        return quota / int((root / "cpu" / "cpu.cfs_period_us").read_text()) if quota > 0 else None
    except (OSError, ValueError, ZeroDivisionError):
        return None


def shard_count() -> int:
    """Shards per batch: 2 where the process may use two cores, else 1 (the plain step, nothing to gain).

    A property of the machine, not of its load, so a seed gives the same numbers every time on it.
    """
    return min(MAX_SHARDS, cores())


def _single_layers(rnn: nn.RNNBase) -> list[nn.RNNBase]:
    """One single-layer module per layer of `rnn`, holding that layer's parameters (the same tensors)."""
    kwargs = {"nonlinearity": rnn.nonlinearity} if isinstance(rnn, nn.RNN) else {}
    layers = []
    for layer in range(rnn.num_layers):
        size = rnn.input_size if layer == 0 else rnn.hidden_size
        # on the meta device: no memory, no draws from torch's generator, until the real weights go in
        single = type(rnn)(size, rnn.hidden_size, batch_first=rnn.batch_first, device="meta", **kwargs)
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            setattr(single, f"{name}_l0", getattr(rnn, f"{name}_l{layer}"))  # RNNBase updates its flat weights
        layers.append(single)
    return layers


def _dropped(h: torch.Tensor, p: float, generator: torch.Generator) -> torch.Tensor:
    """h with a share p of its values zeroed and the rest scaled by 1 / (1 - p), as nn.Dropout in training."""
    keep = 1.0 - p
    # kept where u < keep, u uniform on [0, 1) in steps of 2^-24: cheaper than bernoulli_ (bench/README.md)
    return h * torch.rand(h.shape, generator=generator).lt_(keep).div_(keep)


class ShardedStep:
    """Sets the model's .grad to the gradient of the mean squared error over a batch; returns that loss.

    With two shards side by side, each runs with half the caller's torch threads (at least one, at most half
    the cores): the first on the caller's thread, the others on worker threads. So the shards ask for no more
    cores than the caller's torch settings do. Inside the `with` block the caller's thread itself runs with
    that share: a script on torch's default threads (one per core) would otherwise keep its own OpenMP threads
    busy between the shards (clipping, Adam, the validation loss) on the cores the workers need, slowing the
    epoch down (bench/README.md); its count is restored on exit. `parallel=False` runs the shards one
    after the other on the caller's thread, with the same numbers. Use as a context manager (it owns the
    workers and the caller's thread count). The model must be in training mode.
    """

    def __init__(self, model: Forecaster, dropout: float, seed: int, *, shards: int | None = None,
                 parallel: bool = True):  # fmt: skip
        self.model = model
        self.params = list(model.parameters())
        self.layers = _single_layers(model.rnn)
        self.dropout = dropout if len(self.layers) > 1 else 0.0
        self.head_dropout = model.drop.p
        self.shards = shard_count() if shards is None else shards
        seeds = torch.randint(2**62, (self.shards,), generator=torch.Generator().manual_seed(seed))
        self.generators = [torch.Generator().manual_seed(int(s)) for s in seeds]
        self.pool, self.caller_threads = None, torch.get_num_threads()
        self.per_shard = self.caller_threads
        if parallel and self.shards > 1:  # OpenMP's thread count is per thread: each worker sets its own
            # more threads than cores (a script's setting on a smaller container) only take turns on them
            self.per_shard = max(1, min(self.caller_threads, cores()) // self.shards)
            self.pool = ThreadPoolExecutor(self.shards - 1, thread_name_prefix="lstmviz-shard",
                                           initializer=torch.set_num_threads, initargs=(self.per_shard,))  # fmt: skip

    def __enter__(self) -> ShardedStep:
        torch.set_num_threads(self.per_shard)
        return self

    def __exit__(self, *exc) -> None:
        torch.set_num_threads(self.caller_threads)
        if self.pool is not None:
            self.pool.shutdown()

    def _forward(self, x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        """Forecaster.forward in training mode, with every dropout (between layers, before the head) drawn
        from `generator`."""
        h = x
        for k, layer in enumerate(self.layers):
            if k and self.dropout:  # as nn.LSTM's dropout: on every layer's output but the last
                h = _dropped(h, self.dropout, generator)
            h, _ = layer(h)
        last = h[:, -1]  # (B, U): as Forecaster.readout, with its nn.Dropout's mask from `generator`
        return self.model.head(_dropped(last, self.head_dropout, generator) if self.head_dropout else last)

    def _shard(self, x, y, generator, weight: float) -> tuple[float, tuple[torch.Tensor, ...]]:
        loss = nn.functional.mse_loss(self._forward(x, generator), y) * weight
        return loss.item(), torch.autograd.grad(loss, self.params)

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> float:
        n = len(x)
        parts = zip(x.tensor_split(self.shards), y.tensor_split(self.shards), self.generators, strict=True)
        shards = [(xs, ys, g, len(xs) / n) for xs, ys, g in parts if len(xs)]
        if self.pool is None or len(shards) == 1:
            results = [self._shard(*s) for s in shards]
        else:
            futures = [self.pool.submit(self._shard, *s) for s in shards[1:]]
            results = [self._shard(*shards[0])] + [f.result() for f in futures]
        for k, param in enumerate(self.params):  # in shard order, whichever finished first
            param.grad = sum((grads[k] for _, grads in results[1:]), start=results[0][1][k])
        return sum(loss for loss, _ in results)
