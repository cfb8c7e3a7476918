"""Check the memory-task defaults: the LSTM learns the adding problem, the plain RNN does not.

Run from the repository root: python -m bench.memory_task_check [first_seed last_seed]
Prints one row per (cell, seed): seconds, the mean loss over the last 100 steps, and the
first step at which the 50-step running mean fell below 0.05 ("-" if never). The trivial
baseline (always predict 1) scores 1/6 ≈ 0.167.
"""

import sys
import time

import torch

from lstmviz.gradflow import train_memory_task


def main() -> None:
    torch.set_num_threads(1)
    first, last = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (0, 5)
    print(f"{'cell':5} {'seed':>4} {'seconds':>8} {'last-100 loss':>14} {'learned at':>11}")
    totals = {}
    for seed in range(first, last + 1):
        for cell in ("rnn", "lstm"):
            start = time.perf_counter()
            history = train_memory_task(cell, seed=seed)
            seconds = time.perf_counter() - start
            totals[cell] = totals.get(cell, 0.0) + seconds
            smooth = history["loss"].rolling(50).mean()
            below = history["step"][smooth < 0.05]
            learned = str(below.iloc[0]) if len(below) else "-"
            final = history["loss"].tail(100).mean()
            print(f"{cell:5} {seed:>4} {seconds:>8.1f} {final:>14.4f} {learned:>11}", flush=True)
    n = last - first + 1
    print(f"mean seconds per run: rnn {totals['rnn'] / n:.1f}, lstm {totals['lstm'] / n:.1f}")


if __name__ == "__main__":
    main()
