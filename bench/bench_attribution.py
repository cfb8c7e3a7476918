"""Benchmark for lstmviz.attribution: integrated gradients with 64 steps over 300 test windows of 60 × 1 for
StockLSTM (2 layers of 50 units), on one thread, as the Train page's test-set average runs it.

Run from the repository root, on one core: taskset -c 0 python bench/bench_attribution.py
Goals (issue 24): ≤ 1 s; peak memory ≤ +100 MB; the first-value lesson (both cells at the Gradients page's
defaults) trained live in ≤ 20 s on one core: its wall time and its CPU time on the one thread (what an idle core
would take, whatever else the machine runs).

Printed: the median of RUNS timings of integrated_gradients; beside it, interleaved in the same runs, the bare cost
of the work it cannot avoid: one forward and one input-gradient backward pass of the same 19,200 interpolated
windows through the model, in the same chunks (what any reverse-mode integrated gradients pays; the ratio shows
the overhead of ours); the same with captum's IntegratedGradients when it is installed (test-only dependency),
with internal_batch_size = CHUNK; the peak RSS a first call adds (ru_maxrss, after a warm-up on 2 windows);
the time per chunk size (memory not bounded), which chose attribution.CHUNK.
"""

import resource
import statistics
import time

import torch

from lstmviz import attribution, firstvalue
from lstmviz.attribution import integrated_gradients
from lstmviz.forecaster import build_model
from lstmviz.presets import STOCK
from lstmviz.ui.settings.gradients import GRADIENTS

N, W, D, STEPS = 300, 60, 1, 64
RUNS = 3
CHUNKS = (128, 256, 1024)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare(model, X) -> None:
    """Forward and input-gradient backward of the N × STEPS interpolated windows, CHUNK at a time, nothing else."""
    alpha = torch.linspace(0, 1, STEPS)
    flat = torch.arange(N * STEPS)
    for k in range(0, N * STEPS, attribution.CHUNK):
        idx = flat[k : k + attribution.CHUNK]
        points = (X[idx // STEPS] * alpha[idx % STEPS, None, None]).requires_grad_(True)
        torch.autograd.grad(model(points)[:, 0].sum(), points)


def main() -> None:
    torch.set_num_threads(1)
    model = build_model(STOCK.config, D, seed=0).eval()
    X = torch.randn(N, W, D, generator=torch.Generator().manual_seed(0))  # (N, W, D) scaled windows
    integrated_gradients(model, X[:2], steps=STEPS)  # warm-up: libraries loaded, kernels chosen
    before = rss_mb()
    integrated_gradients(model, X, steps=STEPS)
    print(f"peak RSS added by the first call: {rss_mb() - before:.1f} MB (CHUNK {attribution.CHUNK})")

    try:
        from captum.attr import IntegratedGradients
    except ImportError:
        IntegratedGradients = None
    ours, base, theirs = [], [], []
    for _ in range(RUNS):
        ours.append(timed(lambda: integrated_gradients(model, X, steps=STEPS)))
        base.append(timed(lambda: bare(model, X)))
        if IntegratedGradients is not None:
            ig = IntegratedGradients(model)
            theirs.append(timed(lambda ig=ig: ig.attribute(X, target=0, n_steps=STEPS,
                                                           internal_batch_size=attribution.CHUNK)))  # fmt: skip
    m = statistics.median(ours)
    print(f"integrated_gradients, {N} windows x {STEPS} steps: {m:.2f} s (median of {RUNS}; goal <= 1 s)")
    print(f"bare forward + input backward of the same windows: {statistics.median(base):.2f} s "
          f"(ours / bare {m / statistics.median(base):.2f}x)")  # fmt: skip
    if theirs:
        print(f"captum IntegratedGradients, same: {statistics.median(theirs):.2f} s "
              f"(ours / captum {m / statistics.median(theirs):.2f}x)")  # fmt: skip
    lesson = GRADIENTS.defaults()
    wall, cpu = time.perf_counter(), time.process_time()
    for cell in firstvalue.CELLS:
        firstvalue.train_first_value(cell, T=lesson["fv_T"], steps=lesson["fv_steps"], seed=lesson["fv_seed"])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"first-value lesson, RNN + LSTM at the defaults: {wall:.1f} s wall, {cpu:.1f} s CPU (goal <= 20 s)")
    attribution.ACTIVATION_BYTES = 2**40  # the chunk as set, not bounded by memory
    for chunk in CHUNKS:
        attribution.CHUNK = chunk
        print(f"CHUNK {chunk}: {timed(lambda: integrated_gradients(model, X, steps=STEPS)):.2f} s")


if __name__ == "__main__":
    main()
