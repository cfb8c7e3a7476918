"""Benchmark for the Gradients page: the library calls it makes, and its server-side reruns.

Run from the repository root: python bench/bench_gradients.py   (medians; this machine is shared and noisy)
Goals: trace <= 5 ms and trace + bptt <= 15 ms for 60 steps x 2 layers x 50 units; every
slider's rerun <= 200 ms server-side, including a cache miss at T = 300.

This tree's sensitivity_by_distance is timed interleaved with the batched-autograd method it
replaced (kept as the reference in tests/test_gradflow.py), so their ratio holds under load.
A rerun is a miss when it computed a sensitivity curve and a hit when every curve came from
st.cache_data; both are counted, not assumed, by wrapping `sensitivity_by_distance`.
To measure an older tree, copy this file and tests/test_gradflow.py into it and run it there.
"""

import statistics
import time

import torch
from torch import nn

from devtools.devserver import ROOT
from lstmviz import gradflow
from lstmviz.bptt import bptt
from lstmviz.cell import trace

T, L, H, D = 60, 2, 50, 1
WARMUP, RUNS = 20, 200
SENSITIVITY_T, SENSITIVITY_RUNS = 300, 21
MOVES = 7  # new values per slider, then the same values again
SLIDERS = {  # key: values never seen before on the page (its defaults are T 100, bias 0, scale 1)
    "cmp_T": [299, 298, 297, 296, 295, 294, 293],
    "cmp_fb": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
    "cmp_scale": [1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5],
    "clip": [0.5, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0],
    "clip_scale": [1.0, 1.5, 2.0, 2.5, 3.5, 4.0, 4.5],
    "mem_T": [10, 20, 30, 40, 60, 70, 80],
    "mem_steps": [200, 300, 400, 500, 600, 700, 800],
}


def median_ms(fn, runs: int = RUNS, warmup: int = WARMUP) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def bench_bptt() -> None:
    torch.manual_seed(0)
    lstm = nn.LSTM(D, H, num_layers=L).eval()
    x = torch.randn(T, D)
    dh_out = torch.randn(T, H)
    t_trace = median_ms(lambda: trace(lstm, x))
    t_both = median_ms(lambda: bptt(lstm, x, dh_out))  # bptt runs trace itself
    print(f"T={T} L={L} H={H}, torch {torch.__version__}, 1 thread, median of {RUNS} runs")
    print(f"trace          {t_trace:6.2f} ms  (goal <= 5 ms)")
    print(f"trace + bptt   {t_both:6.2f} ms  (goal <= 15 ms)")


def bench_sensitivity() -> None:
    from lstmviz.reference import sensitivity_by_batched_autograd as batched_autograd  # the method it replaced

    print(f"\nsensitivity_by_distance, T={SENSITIVITY_T}, H=32: median of {SENSITIVITY_RUNS} runs, interleaved")
    print(f"{'cell':5} {'this tree':>16} {'batched autograd':>18}  ratio")
    totals = [0.0, 0.0]
    for cell in gradflow.CELLS:
        runs = ([], [])
        for _ in range(SENSITIVITY_RUNS):
            for times, fn in zip(runs, (gradflow.sensitivity_by_distance, batched_autograd), strict=True):
                start = time.perf_counter()
                fn(cell, SENSITIVITY_T, 32, seed=0)
                times.append(1e3 * (time.perf_counter() - start))
        new, old = (statistics.median(times) for times in runs)
        totals = [totals[0] + new, totals[1] + old]
        print(f"{cell:5} {new:13.1f} ms {old:15.1f} ms  {old / new:4.1f}x")
    print(f"{'all':5} {totals[0]:13.1f} ms {totals[1]:15.1f} ms  {totals[1] / totals[0]:4.1f}x  (a T or scale move)")


def bench_page() -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    computed: list[str] = []
    real = gradflow.sensitivity_by_distance

    def counting(cell, *args, **kwargs):
        computed.append(cell)
        return real(cell, *args, **kwargs)

    gradflow.sensitivity_by_distance = counting  # cached.py calls it through the module
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/2_Gradients.py").run()
    for v in (150, 200, 250):  # warm up: imports, first figures
        at.slider(key="cmp_T").set_value(v).run()
    print(f"\nGradients page rerun (AppTest, server side), median of {MOVES} moves; goal <= 200 ms")
    print(f"{'slider':11} {'miss':>8} {'hit':>8}   recomputed on a miss (hit: nothing computed)")
    for key, new_values in SLIDERS.items():
        st.cache_data.clear()
        at.slider(key="cmp_T").set_value(SENSITIVITY_T).run()  # every miss is at T = 300
        runs = {"miss": [], "hit": []}
        recomputed = set()
        for value in new_values + new_values:  # first visits, then the same values again
            computed.clear()
            start = time.perf_counter()
            at.slider(key=key).set_value(value).run()
            ms = 1e3 * (time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{key}={value}: {at.exception[0].message}")
            runs["miss" if computed else "hit"].append(ms)
            recomputed.update(computed)
        cells = ", ".join(c for c in gradflow.CELLS if c in recomputed) or "nothing (no cached call)"
        miss, hit = (f"{statistics.median(v):6.0f} ms" if v else "       -" for v in (runs["miss"], runs["hit"]))
        print(f"{key:11} {miss} {hit}   {cells}")
    gradflow.sensitivity_by_distance = real


def main() -> None:
    torch.set_num_threads(1)
    bench_bptt()
    bench_sensitivity()
    bench_page()


if __name__ == "__main__":
    main()
