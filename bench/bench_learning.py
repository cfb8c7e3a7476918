"""Benchmark for the Learning page: each lesson's run at its defaults, and the server-side cost of a slider's rerun.

Run: taskset -c 0 python bench/bench_learning.py   (one core, as a student's share of a server; medians)
Goals: each lesson's run at its defaults <= 10 s on one core; a slider's rerun of the page <= 200 ms.
"""

import itertools
import statistics
import time

import torch

from devtools.devserver import ROOT
from lstmviz import optim, overfit, shards
from lstmviz.ui.settings.learning import LEARNING, RACE_KEYS, RUN_KEYS, arguments

torch.set_num_threads(1)
D = LEARNING.defaults()


def median_s(fn, n: int, clock=time.perf_counter) -> float:
    """The median seconds of `fn` on `clock`: wall time, or time.process_time (this process's CPU time, all its
    threads: what a rerun costs the server, whatever else shares the core)."""
    times = []
    for _ in range(n):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def bench_rerun(lang: str) -> dict[str, tuple[float, float]]:
    """Median ms of the page's rerun after each slider moves, wall and CPU (the overfitting runs already in the
    shared cache)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)  # the way the server runs a page
    at.query_params["lang"] = lang
    at.switch_page("pages/4_Learning.py").run()
    moves = {  # (widget kind, key): values it cycles through
        ("slider", "a_beta1"): [0.8, 0.85, 0.9, 0.95],
        ("select_slider", "a_lr"): [0.1, 0.2, 0.3, 0.5],
        ("slider", "a_t"): [2, 5, 10, 1],
        ("select_slider", "o_dropout"): [0.2, 0.0],  # the second visit of each: a shared-cache hit
    }
    out = {}
    for (kind, key), values in moves.items():
        widget = getattr(at, kind)
        for value in values:  # the first visit of each value fills st.cache_data / the shared runs
            widget(key=key).set_value(value).run()
        cycle = itertools.cycle(values)
        move = lambda w=widget, k=key, c=cycle: w(key=k).set_value(next(c)).run()  # noqa: E731
        out[key] = (1e3 * median_s(move, 12), 1e3 * median_s(move, 12, time.process_time))
    return out


if __name__ == "__main__":
    print(f"torch threads {torch.get_num_threads()}, fit's shards {shards.shard_count()}")
    race = median_s(lambda: optim.race(**arguments(RACE_KEYS, D)), 20)
    print(f"Adam lesson, the race at its defaults ({D['a_steps']} steps x 3 optimisers): median {race * 1e3:.1f} ms "
          "(goal <= 10 s)")  # fmt: skip
    request = overfit.OverfitRequest(**arguments(RUN_KEYS, D))
    runs = [median_s(lambda: overfit.overfit_run(request), 1) for _ in range(3)]
    cpu = median_s(lambda: overfit.overfit_run(request), 3, time.process_time)
    run = overfit.overfit_run(request)
    print(f"overfitting lesson, its run at the defaults ({run.epochs} epochs): median {statistics.median(runs):.2f} s "
          f"of {', '.join(f'{r:.2f}' for r in runs)}, CPU {cpu:.2f} s (goal <= 10 s); best epoch {run.best_epoch}, "
          f"reached after {statistics.median(runs) * run.best_epoch / run.epochs:.2f} s")  # fmt: skip
    for lang in ("en", "pt"):
        reruns = bench_rerun(lang)
        print(f"Learning page ({lang}), a slider's rerun (AppTest, server side), median ms wall / CPU: "
              + ", ".join(f"{k} {w:.0f} / {c:.0f}" for k, (w, c) in reruns.items()) + " (goal <= 200 ms)")  # fmt: skip
