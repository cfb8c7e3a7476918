"""fit's epoch with windows gathered a batch at a time (issue 20) against the same epoch over windows built at once.

Run from the repository root: python bench/bench_gather.py
The StockLSTM preset on the 1,200 training windows of the bundled S&P 500's last 1,800 rows, torch on one thread,
both sides interleaved, a warm-up epoch each; medians of 4 runs. bench/bench_train.py compares fit with a plain
PyTorch loop; this isolates what gathering costs. Figures in bench/README.md.
"""

import dataclasses
import statistics
import time

import torch

from lstmviz import prepare, shards, train
from lstmviz.budget import Deadline
from lstmviz.data.samples import load_sample
from lstmviz.forecaster import build_model
from lstmviz.presets import STOCK

RUNS = 4
CONFIG = dataclasses.replace(STOCK.config, epochs=1, patience=0)


def main() -> None:
    torch.set_num_threads(1)
    p = prepare.Prepared.of(load_sample("sp500")["Close"].iloc[-1800:], CONFIG, None)
    windows = p.batches("train")
    X, Y = (torch.from_numpy(a) for a in windows.gather())  # (N, W, 1), (N, 1): every window at once

    def built(model, opt, step, gen):  # the epoch before issue 20: one gather of all windows, then views
        model.train()
        perm = torch.randperm(len(X), generator=gen)
        Xp, Yp = X[perm], Y[perm]
        for k in range(0, len(Xp), CONFIG.batch_size):
            step(Xp[k : k + CONFIG.batch_size], Yp[k : k + CONFIG.batch_size])
            torch.nn.utils.clip_grad_norm_(model.parameters(), CONFIG.clip_norm)
            opt.step()

    def gathered(model, opt, step, gen):
        train._epoch(model, opt, step, windows, CONFIG, gen, Deadline(None))

    times = {"built at once": [], "gathered per batch": []}
    for _ in range(RUNS):
        for name, epoch in zip(times, (built, gathered), strict=True):
            model = build_model(CONFIG, 1, seed=0)
            opt = torch.optim.Adam(model.parameters(), lr=CONFIG.lr, fused=True)
            gen = torch.Generator().manual_seed(0)
            with shards.ShardedStep(model, CONFIG.dropout, 0) as step:
                epoch(model, opt, step, gen)  # warm-up
                start = time.perf_counter()
                epoch(model, opt, step, gen)
                times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, seconds in medians.items():
        print(f"{name:20s} {seconds * 1000:7.1f} ms per epoch")
    print(f"gathered / built at once: {medians['gathered per batch'] / medians['built at once']:.3f}")


if __name__ == "__main__":
    main()
