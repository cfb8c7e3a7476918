"""Benchmark for the Cell page: trace() speed, and the server-side cost of the rerun a committed step causes.

Stepping and playing cost the server nothing (the browser moves the step: bench/bench_stepper.py); the
browser commits the step it settled on, which reruns the page once.
Run: python bench/bench_cell.py   (medians; this machine is shared and noisy)
Goals: trace of a 60-step, 2-layer, 50-unit LSTM <= 5 ms; a commit's rerun <= 200 ms.
"""

import statistics
import time

import torch

from devtools.devserver import ROOT
from lstmviz.cell import trace
from lstmviz.knobs import seeded_lstm

torch.set_num_threads(1)


def median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def bench_trace() -> float:
    lstm = seeded_lstm(50, 2, seed=0)
    x = torch.randn(60, 1)
    for _ in range(10):
        trace(lstm, x)
    return median_ms(lambda: trace(lstm, x), 200)


def bench_commit(lang: str = "en") -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # the way the server runs a page
    at.query_params["lang"] = lang
    at.switch_page("pages/1_Cell.py").run()
    k = iter(range(1, 10_000))

    def commit():  # what the browser's commit leaves in the session before the rerun
        at.session_state["step"] = next(k) % 30
        at.run()

    first = median_ms(commit, 1)
    for _ in range(3):
        commit()
    return first, median_ms(commit, 30)


if __name__ == "__main__":
    t = bench_trace()
    print(f"trace, 60 steps x 2 layers x 50 units: median {t:.2f} ms (goal <= 5 ms)")
    for lang in ("en", "pt"):
        first, rerun = bench_commit(lang)
        print(
            f"Cell page ({lang}), the rerun of a committed step (AppTest, server side): median {rerun:.1f} ms "
            f"(goal <= 200 ms); the first {first:.1f} ms"
        )
