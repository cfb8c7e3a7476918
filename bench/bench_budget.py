"""How close budget.estimate_seconds comes to fit's real time: the presets (epochs capped) and a few settings.

Run from the repository root: python bench/bench_budget.py [--epochs 3]
Torch runs on one thread, as in the app (lstmviz/ui/page.py). Prints, per config: the estimate, the seconds
the estimate itself took, fit's real seconds and their ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import torch

from lstmviz.budget import estimate_seconds
from lstmviz.data.synthetic import demand, synthetic
from lstmviz.presets import PRESETS
from lstmviz.train import TrainConfig, fit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    epochs = parser.parse_args().epochs
    torch.set_num_threads(1)
    cases = [(name, p.config, p.input_size) for name, p in PRESETS.items()]
    cases += [
        ("GRU 2x32, lookback 40", TrainConfig(cell="gru", lookback=40, hidden_size=32, num_layers=2), 1),
        ("LSTM 128x3, lookback 250", TrainConfig(lookback=250, hidden_size=128, num_layers=3), 1),
    ]
    for name, config, inputs in cases:
        config = dataclasses.replace(config, epochs=epochs, patience=0)
        n = 1750 if inputs == 1 else 730
        data = synthetic("noisy sine", n) if inputs == 1 else demand(n)[["demand", *config.features]]
        start = time.perf_counter()
        estimate = estimate_seconds(config, n, inputs)
        took = time.perf_counter() - start
        start = time.perf_counter()
        fit(data, config, target=None if inputs == 1 else "demand")
        real = time.perf_counter() - start
        ratio = estimate / real
        print(f"{name:28s} estimate {estimate:7.2f} s (in {took:4.2f} s)  real {real:7.2f} s  ratio {ratio:4.2f}")


if __name__ == "__main__":
    main()
