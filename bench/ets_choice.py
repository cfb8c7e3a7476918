"""Which library the ETS baseline comes from: each one's import memory and first-call time, in a cold process.

    taskset -c 0 python bench/ets_choice.py statsmodels
    taskset -c 0 python bench/ets_choice.py statsforecast   # with statsforecast importable (not a dependency)

Prints the resident memory after numpy + pandas, after importing the library's ETS, the time of that import, and
the first and second fits of simple exponential smoothing on 4,000 random-walk rows (the first includes any
compilation: statsforecast compiles its models with numba on first use), then the fitted alpha.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import pandas as pd


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main(library: str) -> None:
    y = 100 + np.cumsum(np.random.default_rng(0).normal(size=4000))
    base, t0 = rss_mb(), time.perf_counter()
    if library == "statsmodels":
        from statsmodels.tsa.holtwinters import SimpleExpSmoothing

        def fit(values):
            return SimpleExpSmoothing(values, initialization_method="estimated").fit().params["smoothing_level"]
    else:
        from statsforecast.models import AutoETS

        def fit(values):
            return AutoETS(model="ANN").fit(values).model_["par"][0]

    imported = time.perf_counter() - t0
    after = rss_mb()
    t1 = time.perf_counter()
    alpha = fit(y)
    first = time.perf_counter() - t1
    t2 = time.perf_counter()
    fit(y)
    second = time.perf_counter() - t2
    print(f"{library}: pandas {pd.__version__}; RSS {base:.0f} MB -> {after:.0f} MB after import "
          f"(+{after - base:.0f} MB, {imported:.2f} s); first fit {first:.2f} s, second {second:.3f} s; "
          f"peak RSS {rss_mb():.0f} MB; alpha {float(alpha):.4f}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1])
