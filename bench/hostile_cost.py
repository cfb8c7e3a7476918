"""Issue 20's hostile requests, each in a fresh process: peak memory over the process at rest, CPU and wall time.

Run from the repository root: python bench/hostile_cost.py [--budget 20] [--only NAME]
Each case runs as the app runs it: torch on one thread, the server's caps (TrainConfig.max_seconds = --budget,
max_mb = lstmviz.cost.DEFAULT_MAX_MB), the features the app lets a link or the multiselect choose (at most
MODEL_LIMITS["features"]). "rest" is the process's RSS after its imports and its data were made, before the
request (after one small fit: torch's one-time buffers, ~130 MB, are a server's, not a request's); "peak" its
VmHWM after. Goals (issue 20): each case <= +250 MB over rest and <= 1.2x the budget + 2 s;
a wide CSV read or refused in <= 5 s of CPU. Figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

CASES = {  # name: what it feeds
    "wide-csv-fit": "a 300-column x 5,000-row CSV, parsed, then fit on the most features the app allows, lookback 250",
    "wide-csv-all-features": "the same with all 299 other columns as features (a notebook; a link cannot)",
    "csv-1x100000": "1 row x 100,000 numeric columns (0.9 MB)",
    "csv-6x20000-text": "6 rows x 20,000 text columns",
    "csv-6x2000-text": "6 rows x 2,000 text columns and a numeric one (at the column cap)",
    "heaviest-link": "lookback 250, 128 units, 3 layers, batch 8, all 5,031 sample rows",
    "heaviest-link-batch-128": "the same with batch 128",
}


def _wide_csv(rows: int, columns: int) -> bytes:
    import numpy as np

    digits = np.random.default_rng(0).integers(1, 10, (rows, columns))  # one digit a cell: 3 MB for 300 x 5,000
    header = "Date," + ",".join(f"c{j}" for j in range(columns))
    days = [f"{2000 + k // 336}-{1 + k // 28 % 12:02d}-{1 + k % 28:02d}" for k in range(rows)]
    lines = [f"{d}," + ",".join(map(str, row)) for d, row in zip(days, digits, strict=True)]
    return ("\n".join([header, *lines]) + "\n").encode()


def _child(name: str, budget: float) -> dict:
    """Run case `name` here (a fresh process) and measure it."""
    import torch

    from devtools.devserver import status_mb
    from lstmviz import cost
    from lstmviz.config import MODEL_LIMITS, TrainConfig
    from lstmviz.data.csvdata import read_csv
    from lstmviz.data.samples import load_sample
    from lstmviz.errors import UserError
    from lstmviz.train import fit

    torch.set_num_threads(1)
    caps = dict(max_seconds=budget, max_mb=cost.DEFAULT_MAX_MB)
    heavy = TrainConfig(lookback=250, hidden_size=128, num_layers=3, batch_size=8, **caps)
    if name.startswith("wide-csv"):
        blob = _wide_csv(5000, 300)
        most = MODEL_LIMITS["features"] if name == "wide-csv-fit" else 299
        config = TrainConfig(lookback=250, features=tuple(f"c{j}" for j in range(1, 1 + most)), **caps)

        def request():
            info = read_csv(blob)
            return fit(info.frame, config, target="c0")
    elif name.startswith("csv-"):
        rows, columns = {"csv-1x100000": (1, 100_000), "csv-6x20000-text": (6, 20_000), "csv-6x2000-text": (6, 2000)}[
            name
        ]
        text = name.endswith("text")
        header = "y," + ",".join(f"c{j}" for j in range(columns - 1))
        line = (lambda k: f"{k}," + ",".join(["ab"] * (columns - 1))) if text else (lambda k: ",".join(["1"] * columns))
        blob = ("\n".join([header, *(line(k) for k in range(rows))]) + "\n").encode()

        def request():
            return read_csv(blob)
    else:
        data = load_sample("sp500")["Close"]
        config = heavy if name == "heaviest-link" else TrainConfig(**{**heavy.to_dict(), "batch_size": 128})

        def request():
            return fit(data, config)

    from lstmviz.data.synthetic import synthetic

    fit(
        synthetic("noisy sine", 300), TrainConfig(lookback=10, hidden_size=4, epochs=1)
    )  # a server that has trained once
    rest = status_mb("self", "VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # VmHWM from here
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = request()
        outcome = getattr(result, "stopped_by", None) or "read"
        if getattr(result, "predicted_from", None) is not None:
            outcome += f", predictions from {result.predicted_from}"
    except UserError as err:
        outcome = f"refused: {err.code} ({err})"
    return {"rest_mb": rest, "peak_mb": status_mb("self", "VmHWM"), "cpu_s": time.process_time() - cpu,
            "wall_s": time.perf_counter() - wall, "outcome": outcome}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=20.0, help="the server's time budget (s)")
    parser.add_argument("--only", choices=list(CASES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.budget)))
        return
    most = 1.2 * args.budget + 2
    print(f"budget {args.budget:.0f} s; goals: <= +250 MB over rest, <= {most:.0f} s wall, a CSV <= 5 s of CPU")
    for name in [args.only] if args.only else CASES:
        run = subprocess.run([sys.executable, __file__, "--child", name, "--budget", str(args.budget)],
                             capture_output=True, text=True, check=True)  # fmt: skip
        m = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"{name:24s} +{m['peak_mb'] - m['rest_mb']:5.0f} MB (rest {m['rest_mb']:.0f})  cpu {m['cpu_s']:6.2f} s"
              f"  wall {m['wall_s']:6.2f} s  {m['outcome'][:110]}")  # fmt: skip
        print(f"{'':24s} {CASES[name]}")


if __name__ == "__main__":
    main()
