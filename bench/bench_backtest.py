"""Walk-forward backtests of the one-column presets on the bundled samples: skill, Diebold-Mariano p, coverage,
the stronger baselines' errors, and each baseline's time beside the LSTM's.

Run from the repository root:
    python bench/bench_backtest.py                                  # 4 folds, the presets' own epochs
    python bench/bench_backtest.py --epochs 5 --modes price,log_return,window_ratio
Each line: a preset's config (its target mode replaced by --modes) backtested with lstmviz.backtest.backtest
over the last test_fraction (15 %) of the sample in `--folds` blocks, a fresh model per fold trained on the rows
before its block; skill = 1 - RMSE / RMSE of persistence (above 0 beats "tomorrow = today"), the two-sided
Diebold-Mariano p-value of the squared errors against persistence (HLN, autocorrelation-consistent variance:
lstmviz.significance), the share of actual values inside the 90 % split-conformal bands and their interval
score; the RMSE of the random walk with drift and of exponential smoothing (lstmviz.ets), fit on each fold's
training rows. "s": the whole backtest's wall time (the LSTM's training, its forecasts and the baselines);
"drift ms", "ETS ms": each baseline alone over the same folds (fit on the fold's training rows, then run one
step ahead through its block), timed apart. Wall times on this (shared) machine.

Latest figures and their conditions: bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import torch

from lstmviz import ets
from lstmviz.backtest import backtest
from lstmviz.data.samples import load_sample
from lstmviz.presets import CLASSROOM, KERAS, STOCK
from lstmviz.windows import split_bounds

PRESETS = (STOCK, KERAS, CLASSROOM)  # DemandLSTM needs its nine feature columns, which the samples lack
SAMPLES = {"S&P 500": ("sp500", "Close"), "VIX": ("vix", "vix")}


def baseline_ms(y, folds, config, baseline) -> float:
    """Milliseconds `baseline` (ets.drift or ets.ets) takes over a backtest's folds (its folds table), each fit on
    the fold's training rows as the backtest fits it (price mode: data rows are model rows)."""
    start = time.perf_counter()
    for row in folds.itertuples():
        split = split_bounds(row.train_rows, config.lookback, config.horizon, config.val_fraction, 0.0)
        baseline(y[: row.train_rows + row.rows], split.val_start)
    return 1000 * (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=None, help="cap every preset's epochs (default: its own)")
    parser.add_argument("--modes", default="price", help="target modes, comma-separated")
    parser.add_argument("--presets", default=",".join(p.name for p in PRESETS), help="preset names, comma-separated")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as the app runs it: fit shards each batch over the cores itself
    chosen = [p for p in PRESETS if p.name in args.presets.split(",")]
    print(f"{'preset':<18} {'sample':<8} {'mode':<13} {'epochs':>6} {'RMSE':>9} {'persist.':>9} {'skill':>7} "
          f"{'DM p':>8} {'cover.':>6} {'score':>7} {'drift':>9} {'ETS':>9} {'s':>5} {'drift ms':>8} "
          f"{'ETS ms':>7}")  # fmt: skip
    for label, (name, column) in SAMPLES.items():
        series = load_sample(name)[column].dropna()
        for preset in chosen:
            for mode in args.modes.split(","):
                config = dataclasses.replace(preset.config, target_mode=mode)
                if args.epochs is not None:
                    config = dataclasses.replace(config, epochs=min(config.epochs, args.epochs))
                start = time.perf_counter()
                r = backtest(series, config, folds=args.folds)
                seconds, s, y = time.perf_counter() - start, r.summary, series.to_numpy()
                print(f"{preset.name:<18} {label:<8} {mode:<13} {config.epochs:>6} {s['rmse']:>9.4g} "
                      f"{s['persistence_rmse']:>9.4g} {s['skill']:>7.3f} {s['dm_pvalue']:>8.2g} "
                      f"{100 * s['coverage']:>5.0f}% {s['winkler']:>7.4g} {s['drift_rmse']:>9.4g} "
                      f"{s['ets_rmse']:>9.4g} {seconds:>5.0f} {baseline_ms(y, r.folds, config, ets.drift):>8.1f} "
                      f"{baseline_ms(y, r.folds, config, ets.ets):>7.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
