"""Benchmark for training: lstmviz.train.fit against a plain PyTorch DataLoader loop, and the peak memory of a run.

Run from the repository root: python bench/bench_train.py   (medians; this machine is shared and noisy)
    python bench/bench_train.py --busy-neighbour   the same with another process spinning on one core
Goals (issues 4 and 16): fit's per-epoch time <= 0.8x the plain loop's, as the app calls it and from a script;
peak RSS of training StockLSTM <= 600 MB.

Five sides train the StockLSTM preset (LSTM 2x50, dropout 0.2, 60-step windows, batch 32, Adam 1e-3,
clip 1.0) on the same 1,200 standardised training windows of the bundled S&P 500 Close and compute the
validation loss after every epoch, in turn within each run: fit as the app runs it (torch on one thread,
each batch as two half-batch shards side by side where there are two cores: lstmviz/shards.py); fit as a
script or notebook calls it (torch's default thread count, one per core); the plain loop on one thread;
the plain loop on torch's default thread count (one per core: how a tutorial script runs it; the goal's
comparison, each side on the cores it uses by default); and fit with its two shards
one after the other on one thread (what fit costs where the second core is taken). Wall and process CPU
time (all threads) per epoch. The first epoch of each run is dropped (warm-up), and fit's epochs are timed
between on_epoch calls, so they include what fit does per epoch besides the batches (validation loss,
history, best weights).

Latest figures, their conditions, and the history of what each change bought or was tried and dropped:
bench/README.md.
"""

import dataclasses
import functools
import json
import resource
import statistics
import subprocess
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from devtools.devserver import status_mb
from lstmviz import shards
from lstmviz.data.samples import load_sample
from lstmviz.forecaster import build_model
from lstmviz.presets import STOCK
from lstmviz.server.runtime import tune_malloc
from lstmviz.train import fit
from lstmviz.windows import Scaler, make_windows, origins, split_bounds

CORES = shards.cores()
DEFAULT_THREADS = torch.get_num_threads()  # what a script gets unless it says otherwise (here: one per core)
ROWS = 1800  # the last 1,800 trading days: fit's 70 % training split holds 1,200 windows of 60 days
EPOCHS = 6  # per run; the first is dropped
RUNS = 5  # of each side, interleaved
CONFIG = dataclasses.replace(STOCK.config, epochs=EPOCHS, patience=0)  # patience 0: every run trains all epochs


def close_tail():
    return load_sample("sp500")["Close"].iloc[-ROWS:]


def window_tensors(series, config):
    """The train and val windows fit builds for this series: (N, L, 1) inputs and (N, 1) targets, float32."""
    values = series.to_numpy()[:, None]  # (n, 1)
    L, H = config.lookback, config.horizon
    split = split_bounds(len(values), L, H, config.val_fraction, config.test_fraction)
    scaled = Scaler.fit(values[: split.val_start]).transform(values).astype("float32")
    out = []
    for which in ("train", "val"):
        X, Y = make_windows(scaled, scaled[:, 0], origins(split, L, H, which), L, H)
        out += [torch.from_numpy(X), torch.from_numpy(Y)]
    return out


def fit_epochs(series, in_turn: bool = False, threads: int = 1) -> tuple[list[tuple[float, float]], float]:
    """(wall, CPU) seconds of epochs 2.. of one fit run (between on_epoch calls) and its last val loss.

    in_turn: the two shards one after the other on one thread, as if the second core were taken.
    threads: the caller's torch threads (1 as in the app; DEFAULT_THREADS as a script calls it).
    """
    stamps = []
    step = shards.ShardedStep
    if in_turn:
        shards.ShardedStep = functools.partial(step, parallel=False)  # fit calls shards.ShardedStep
    torch.set_num_threads(threads)
    try:
        result = fit(series, CONFIG, on_epoch=lambda epoch, history: stamps.append(_clocks()))
    finally:
        shards.ShardedStep = step
        torch.set_num_threads(1)
    return _deltas(stamps), float(result.history["val_loss"].iloc[-1])


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()  # process time: every thread's CPU time


def _deltas(stamps) -> list[tuple[float, float]]:
    return [(b[0] - a[0], b[1] - a[1]) for a, b in zip(stamps, stamps[1:], strict=False)]


def plain_epochs(X_train, Y_train, X_val, Y_val, threads: int = 1) -> tuple[list[tuple[float, float]], float]:
    """The same model, trained the way tutorials write it: DataLoader, zero_grad, forward, MSE, backward, clip, step."""
    torch.set_num_threads(threads)
    try:
        return _plain(X_train, Y_train, X_val, Y_val)
    finally:
        torch.set_num_threads(1)


def _plain(X_train, Y_train, X_val, Y_val) -> tuple[list[tuple[float, float]], float]:
    torch.manual_seed(CONFIG.seed)
    model = build_model(CONFIG, 1, seed=CONFIG.seed)
    opt = torch.optim.Adam(model.parameters(), lr=CONFIG.lr)
    loss_fn = nn.MSELoss()
    loader = DataLoader(TensorDataset(X_train, Y_train), batch_size=CONFIG.batch_size, shuffle=True)
    stamps = [_clocks()]
    for _ in range(CONFIG.epochs):
        model.train()
        running = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), CONFIG.clip_norm)
            opt.step()
            running += loss.item() * len(xb)
        model.eval()
        with torch.no_grad():
            val_loss = loss_fn(model(X_val), Y_val).item()
        stamps.append(_clocks())
    return _deltas(stamps)[1:], val_loss


def peak_rss_child() -> None:
    """In a fresh process: import what the app imports, train the StockLSTM preset as it is, print memory as JSON."""
    import plotly.graph_objects  # noqa: F401
    import streamlit  # noqa: F401

    import lstmviz.figures.train  # noqa: F401

    torch.set_num_threads(1)
    tune_malloc()

    after_imports = status_mb("self", "VmRSS")
    close = load_sample("sp500")["Close"]
    start = time.perf_counter()
    result = fit(close, STOCK.config)
    report = {
        "rows": len(close),
        "epochs": len(result.history),
        "seconds": time.perf_counter() - start,
        "rss_after_imports_mb": after_imports,
        "vm_hwm_mb": status_mb("self", "VmHWM"),
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # kB on Linux
    }
    print(json.dumps(report))


def main(busy_neighbour: bool = False) -> None:
    neighbour = None
    if busy_neighbour:  # another session's work on one core, as on a shared server
        neighbour = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        print("with a busy neighbour: one other process spinning on a core for the whole run")
    try:
        _main()
    finally:
        if neighbour is not None:
            neighbour.kill()


def _main() -> None:
    torch.set_num_threads(1)  # as the app does, and its malloc thresholds (process-wide: both sides get them)
    tune_malloc()
    series = close_tail()
    X_train, Y_train, X_val, Y_val = window_tensors(series, CONFIG)
    sides = {  # name -> one run: ([(wall, cpu) per epoch], val loss)
        "fit as the app, 1 thread": lambda: fit_epochs(series),
        f"fit from a script, {DEFAULT_THREADS} thr.": lambda: fit_epochs(series, threads=DEFAULT_THREADS),
        "plain loop, 1 thread": lambda: plain_epochs(X_train, Y_train, X_val, Y_val),
        f"plain loop, default {DEFAULT_THREADS} thr.": lambda: plain_epochs(
            X_train, Y_train, X_val, Y_val, threads=DEFAULT_THREADS
        ),
        "fit, shards in turn": lambda: fit_epochs(series, in_turn=True),
    }
    app, script, one, default, in_turn = sides
    epochs = {name: [] for name in sides}
    vals = {name: [] for name in sides}
    run_ratios = {app: [], script: []}  # fit / plain loop on the default threads, per run
    for _ in range(RUNS):
        for name, run in sides.items():
            e, v = run()
            epochs[name].append(e)
            vals[name].append(v)
        for name in run_ratios:
            run_ratios[name].append(_median(epochs[name][-1], 0) / _median(epochs[default][-1], 0))
    wall = {name: 1e3 * _median(sum(runs, []), 0) for name, runs in epochs.items()}
    cpu = {name: 1e3 * _median(sum(runs, []), 1) for name, runs in epochs.items()}
    print(
        f"StockLSTM preset on {len(X_train)} training windows ({len(X_val)} val) of the S&P 500 Close "
        f"(last {ROWS} rows); batch {CONFIG.batch_size}; torch {torch.__version__}, {CORES} cores for this process"
    )
    print(
        f"fit as the app runs it: torch on 1 thread, {shards.shard_count()} shard(s) per batch side by side "
        f"(lstmviz.shards.shard_count())"
    )
    print(f"per-epoch medians over {RUNS} interleaved runs x {EPOCHS - 1} epochs (first epoch of each run dropped):")
    print(f"  {'':26} {'wall':>8} {'CPU':>9}   val loss after {EPOCHS} epochs")
    for name in sides:
        print(f"  {name:26} {wall[name]:5.1f} ms {cpu[name]:6.1f} ms   {statistics.median(vals[name]):.4f}")
    for name, how in ((app, "as the app calls it (1 thread)"), (script, f"from a script ({DEFAULT_THREADS} threads)")):
        print(
            f"  ratio fit {how} / plain loop on {DEFAULT_THREADS} threads: {wall[name] / wall[default]:.2f} wall "
            f"(per-run median {statistics.median(run_ratios[name]):.2f}), {cpu[name] / cpu[default]:.2f} CPU  "
            f"<- goal <= 0.8: each side on every core it uses by default"
        )
    print(f"  ratio fit as the app / plain loop on 1 thread: {wall[app] / wall[one]:.2f} wall, "
          f"{cpu[app] / cpu[one]:.2f} CPU")  # fmt: skip
    print(f"  ratio fit with its shards in turn (one core) / plain loop on 1 thread: "
          f"{wall[in_turn] / wall[one]:.2f} wall, {cpu[in_turn] / cpu[one]:.2f} CPU")  # fmt: skip

    child = subprocess.run([sys.executable, __file__, "--peak-rss"], capture_output=True, text=True, check=True)
    m = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"peak RSS, a fresh process that imports torch, pandas, plotly, streamlit and lstmviz and trains StockLSTM "
        f"on all {m['rows']} rows ({m['epochs']} epochs, {m['seconds']:.0f} s):"
    )
    print(f"  VmHWM {m['vm_hwm_mb']:.0f} MB, ru_maxrss {m['ru_maxrss_mb']:.0f} MB "
          f"(after imports {m['rss_after_imports_mb']:.0f} MB; goal <= 600 MB)")  # fmt: skip


def _median(pairs, k: int) -> float:
    return statistics.median(p[k] for p in pairs)


if __name__ == "__main__":
    if sys.argv[1:] == ["--peak-rss"]:
        peak_rss_child()
    else:
        main(busy_neighbour="--busy-neighbour" in sys.argv[1:])
