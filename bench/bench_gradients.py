"""Median time of trace + bptt for a 60-step, 2-layer, 50-unit LSTM on one CPU thread.

Run from the repository root: python -m bench.bench_gradients   (goal: trace <= 5 ms, trace + bptt <= 15 ms)
"""

import statistics
import time

import torch
from torch import nn

from lstmviz.bptt import bptt
from lstmviz.cell import trace

T, L, H, D = 60, 2, 50, 1
WARMUP, RUNS = 20, 200


def median_ms(fn) -> float:
    for _ in range(WARMUP):
        fn()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    lstm = nn.LSTM(D, H, num_layers=L).eval()
    x = torch.randn(T, D)
    dh_out = torch.randn(T, H)
    t_trace = median_ms(lambda: trace(lstm, x))
    t_both = median_ms(lambda: bptt(lstm, x, dh_out))  # bptt runs trace itself
    print(f"T={T} L={L} H={H}, torch {torch.__version__}, 1 thread, median of {RUNS} runs")
    print(f"trace          {t_trace:6.2f} ms  (goal <= 5 ms)")
    print(f"trace + bptt   {t_both:6.2f} ms  (goal <= 15 ms)")


if __name__ == "__main__":
    main()
