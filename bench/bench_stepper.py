"""Benchmark for the Cell page's stepper (lstmviz/ui/stepper.py): steps move in the browser, not on the server.

Measures, in headless Chromium on a fresh server run as Community Cloud runs it:
- a Forward click to the new equation numbers, per cell kind (LSTM, GRU, RNN: ?cell=): from the click event to
  KaTeX's new equations in the DOM, and to the next frame (requestAnimationFrame, then a task: painted);
- N sessions playing for 20 s: the script reruns they cause (each page counts the runs it sees start)
  and the server's CPU over that time (/proc/PID/stat: user + system);
- the payload the server builds once per model: its size and build time, at the defaults and at the
  Train preset's size (2 layers x 50 units, 60 steps).
Run: python bench/bench_stepper.py [--sessions 10] [--clicks 29] [--seconds 20]
Goals (issues 16, 21): a Forward click <= 50 ms median, each kind; playing causes no rerun and <= 0.05 core in total.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import torch
from playwright.sync_api import sync_playwright

from devtools.devserver import DONE, cpu_seconds, launch_chromium, streamlit_server
from lstmviz.cell import trace
from lstmviz.cellkinds import KINDS
from lstmviz.knobs import seeded_cell
from lstmviz.stepview import step_payload

READY = ".lsv-equations .katex"
# Each page records its click times and when the equations change, and counts the script runs it sees.
PROBE = """() => {
  window.__clicks = []; window.__painted = []; window.__dom = []; window.__reruns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (app.dataset.testScriptState === 'running') window.__reruns += 1;
  }).observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] });
  document.addEventListener('click', (e) => window.__clicks.push(e.timeStamp), true);
  const eq = document.querySelector('.lsv-equations');
  new MutationObserver(() => {
    window.__dom.push(performance.now());
    requestAnimationFrame(() => setTimeout(() => window.__painted.push(performance.now()), 0));
  }).observe(eq, { childList: true });
}"""


def open_cell(browser, url: str, cell: str = "lstm"):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/Cell?cell={cell}")
    page.wait_for_selector(DONE, timeout=120_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.evaluate(PROBE)
    return page


def bench_clicks(page, clicks: int) -> tuple[list[float], list[float], int]:
    forward = page.get_by_role("button", name="Forward ▶")
    slider = page.locator(".lsv-slider")
    clicks = min(clicks, int(slider.get_attribute("max")) - int(slider.input_value()))  # Forward stops at the last
    for n in range(clicks):
        forward.click()
        page.wait_for_function(f"() => window.__painted.length >= {n + 1}", timeout=10_000)
        time.sleep(0.1)  # a brisk student; well under the idle time before the step is committed
    clicked, dom, painted = (page.evaluate(f"window.__{k}") for k in ("clicks", "dom", "painted"))
    to_dom = [d - c for c, d in zip(clicked, dom, strict=True)]
    to_paint = [p - c for c, p in zip(clicked, painted, strict=True)]
    return to_dom, to_paint, page.evaluate("window.__reruns")


def bench_play(browser, url: str, sessions: int, seconds: float) -> tuple[float, int, list[int]]:
    pages = [open_cell(browser, url) for _ in range(sessions)]
    time.sleep(2)  # let the server settle after the page loads
    for page in pages:
        page.locator(".lsv-play").click()
    cpu0, t0 = cpu_seconds(url.pid), time.perf_counter()
    time.sleep(seconds)
    cores = (cpu_seconds(url.pid) - cpu0) / (time.perf_counter() - t0)
    reruns = sum(page.evaluate("window.__reruns") for page in pages)
    steps = [page.evaluate("window.__painted.length") for page in pages]  # the steps each page played
    for page in pages:
        page.close()
    return cores, reruns, steps


def bench_payload(cell: str, H: int, L: int, T: int) -> tuple[float, float]:
    rnn, x = seeded_cell(cell, H, L, seed=0), torch.randn(T, 1)
    tr = trace(rnn, x)
    t0 = time.perf_counter()
    text = json.dumps(step_payload(tr, rnn, x, layer=L - 1))
    return (time.perf_counter() - t0) * 1e3, len(text) / 1e3


def ms(values: list[float]) -> str:
    if len(values) < 2:  # statistics.quantiles needs two
        return ", ".join(f"{v:.1f} ms" for v in values) or "no values"
    q = statistics.quantiles(values, n=10)
    return f"median {statistics.median(values):.1f} ms, p90 {q[-1]:.1f} ms, max {max(values):.1f} ms"


if __name__ == "__main__":
    args = argparse.ArgumentParser()
    args.add_argument("--sessions", type=int, default=10)
    args.add_argument("--clicks", type=int, default=29)
    args.add_argument("--seconds", type=float, default=20)
    a = args.parse_args()
    torch.set_num_threads(1)
    for cell in KINDS:
        for H, L, T, what in [(4, 1, 30, "the defaults"), (50, 2, 60, "the Train preset's size")]:
            build, kb = bench_payload(cell, H, L, T)
            print(f"{cell} payload at {what} ({L}x{H}, {T} steps): {kb:.0f} kB of JSON, built in {build:.0f} ms, once")
    with streamlit_server() as url, sync_playwright() as p:
        browser = launch_chromium(p)
        for cell in KINDS:
            page = open_cell(browser, url, cell)
            to_dom, to_paint, reruns = bench_clicks(page, a.clicks)
            page.close()
            print(f"{cell}: Forward click -> new equations in the DOM ({len(to_dom)} clicks): {ms(to_dom)}")
            print(f"{cell}: Forward click -> painted (next frame): {ms(to_paint)} (goal <= 50 ms median)")
            print(f"{cell}: script reruns during the clicks: {reruns} (the step is committed once the student stops)")
        cores, reruns, steps = bench_play(browser, url, a.sessions, a.seconds)
        print(
            f"{a.sessions} sessions playing for {a.seconds:.0f} s: {reruns} script reruns, server CPU "
            f"{cores:.3f} core in total (goal: 0 reruns, <= 0.05 core); each played {min(steps)}..{max(steps)} steps"
        )
        browser.close()
