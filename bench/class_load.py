"""A class on one server: N students open the Cell page and press Play, then all press Train on the default preset.

Starts `streamlit run app.py` under Community Cloud's forced settings (lstmviz.devserver), pinned to `--cores`
cores with taskset (1: the smaller Cloud tier), and drives N headless Chromium pages (each its own Streamlit
session) with Playwright. Where the server has one core and the machine more, the browser runs on the others,
so the students' rendering does not take the server's core.

    python bench/class_load.py                           # 30 students, server on one core
    python bench/class_load.py --cores 2                 # the server on two cores (the browser shares them)
    python bench/class_load.py --sessions 3 --play-seconds 3 --max-mb 690   # CI's small version

Prints, for the Play phase: the time between two steps a student sees (percentiles; Play's nominal step is
the Cell page's), the server's CPU (utime + stime from /proc/PID/stat) and the websocket messages the
server sent per student and second (no script reruns from playing means ~0). For the Train phase: one
student alone training the default preset with another seed (what one training costs), then all N pressing
Train on the default preset at once: the time to each student's result (the last one's is the goal's figure),
then a fresh tab (a reloaded one: a new session) pressing Train again. At the end the server's peak RSS
(VmHWM from /proc/PID/status). Exit status 1 on an exception shown in a page or a peak above --max-mb.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from lstmviz.devserver import DONE, launch_chromium, streamlit_server

RESULT = "Predictions against actuals"  # the Train page's first result figure
TICK = os.sysconf("SC_CLK_TCK")
# Installed in every page: records (epoch ms, what the step shows) whenever the Cell page's step changes, and
# when the Train page's result figure appears. Polling a few elements every 25 ms costs the browser little.
WATCH = """() => {
  window.__steps = []; window.__result = null;
  const stepText = () => {
    const head = [...document.querySelectorAll('strong')].find(e => e.textContent.startsWith('Equations at t'));
    if (head) return head.textContent;
    return [...document.querySelectorAll('.katex-mathml annotation')].map(a => a.textContent).join('|');
  };
  let last = stepText();
  setInterval(() => {
    const now = stepText();
    if (now && now !== last) { window.__steps.push(Date.now()); last = now; }
    if (window.__result === null && [...document.querySelectorAll('.gtitle')].some(
        e => e.textContent.includes('RESULT'))) window.__result = Date.now();
  }, 25);
}""".replace("RESULT", RESULT)


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, all its threads, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # fields 14 and 15 of proc(5), counted after the name


def status_mb(pid: int, field: str) -> float:
    line = next(s for s in Path(f"/proc/{pid}/status").read_text().splitlines() if s.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return f"{len(values)} values"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49]:.2f} s, p90 {q[89]:.2f} s, p99 {q[98]:.2f} s, max {max(values):.2f} s ({len(values)} steps)"


class Student:
    """One browser tab: its own Streamlit session; counts the websocket messages the server sends it."""

    def __init__(self, browser) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 1400})
        self.received = 0
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, _frame) -> None:
        self.received += 1

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector(DONE, timeout=300_000)
        self.page.evaluate(WATCH)

    def train(self) -> None:
        self.page.get_by_role("button", name="Train", exact=True).click()

    def result_at(self, timeout: float = 1800) -> float:
        """Epoch seconds when the result figure appeared (waits for it)."""
        self.page.wait_for_function("window.__result !== null", timeout=timeout * 1000, polling=200)
        return self.page.evaluate("window.__result") / 1000

    def exceptions(self) -> int:
        return self.page.locator('[data-testid="stException"]').count()


def train_alone(browser, url: str, query: str) -> float:
    """Seconds from a Train click to the result for one student alone (a fresh session)."""
    solo = Student(browser)
    solo.open(f"{url}/Train{query}")
    start = time.time()
    solo.train()
    seconds = solo.result_at() - start
    solo.page.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="students (browser tabs)")
    parser.add_argument("--cores", type=int, default=1, help="cores for the server (taskset); 0: no pinning")
    parser.add_argument("--play-seconds", type=float, default=20.0)
    parser.add_argument("--browser-anywhere", action="store_true", help="let the browser use the server's cores too")
    parser.add_argument("--max-mb", type=float, default=None, help="exit 1 if the server's peak RSS is above this")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    machine = sorted(os.sched_getaffinity(0))
    prefix = ("taskset", "-c", ",".join(map(str, machine[: args.cores]))) if args.cores else ()
    with streamlit_server(prefix=prefix, timeout=120) as url:
        pid = url.pid
        server_cpus = sorted(os.sched_getaffinity(pid))
        rest = set(machine) - set(server_cpus)
        if rest and not args.browser_anywhere:  # the browser off the server's cores (Playwright's driver inherits it)
            os.sched_setaffinity(0, rest)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            print(f"server pid {pid} on CPU(s) {server_cpus}; browser on CPU(s) {sorted(os.sched_getaffinity(0))}")
            code = run_class(browser, url, pid, args)
            browser.close()
    return code


def run_class(browser, url, pid: int, args) -> int:
    n = args.sessions
    students = [Student(browser) for _ in range(n)]
    start = time.perf_counter()
    for s in students:
        s.open(f"{url}/Cell")
    print(f"{n} students opened the Cell page in {time.perf_counter() - start:.1f} s "
          f"(server RSS {status_mb(pid, 'VmRSS'):.0f} MB)")  # fmt: skip

    # ---- Play ----
    cpu0, wall0, frames0 = cpu_seconds(pid), time.perf_counter(), sum(s.received for s in students)
    for s in students:
        s.page.get_by_text("▶ Play").click()
    time.sleep(args.play_seconds)
    wall = time.perf_counter() - wall0
    cores = (cpu_seconds(pid) - cpu0) / wall
    frames = (sum(s.received for s in students) - frames0) / wall / n
    gaps, shown = [], []
    for s in students:
        times = s.page.evaluate("window.__steps")
        shown.append(len(times))
        gaps += [(b - a) / 1000 for a, b in zip(times, times[1:], strict=False)]
    print(f"Play, {n} students for {wall:.1f} s:")
    print(f"  time between two steps a student sees: {percentiles(gaps)}")
    print(f"  steps seen per student: median {statistics.median(shown):.0f}, min {min(shown)}")
    print(f"  server CPU {cores:.2f} cores ({cores / n:.3f} per student); "
          f"websocket messages from the server {frames:.1f} per student per s")  # fmt: skip
    errors = sum(s.exceptions() for s in students)

    # ---- Train ----
    for s in students:  # a new page load: the Cell sessions end, each student gets a Train session
        s.open(f"{url}/Train")
    one = train_alone(browser, url, "?c_seed=1")  # another seed: the same work, not the class's cached run
    cpu0, clicked = cpu_seconds(pid), time.time()
    for s in students:
        s.train()
    done = [s.result_at() - clicked for s in students]
    cores = (cpu_seconds(pid) - cpu0) / max(done)
    errors += sum(s.exceptions() for s in students)
    again = train_alone(browser, url, "")  # a reloaded tab (a new session) presses Train on the same settings
    peak = status_mb(pid, "VmHWM")
    print("Train, the default preset:")
    print(f"  one student alone (seed 1): {one:.1f} s from the click to the result")
    print(f"  {n} students at once: last result after {max(done):.1f} s ({max(done) / one:.2f}x one training; "
          f"goal <= 1.5x), median {statistics.median(done):.1f} s, first {min(done):.1f} s")  # fmt: skip
    print(f"  server CPU while they trained: {cores:.2f} cores")
    print(f"  a reloaded tab pressing Train again: {again:.2f} s ({again / one:.2f}x one training; goal <= 0.25x)")
    print(f"server peak RSS (VmHWM): {peak:.0f} MB; exceptions shown: {errors}")
    if errors or (args.max_mb is not None and peak > args.max_mb):
        print(f"FAIL: exceptions {errors}, peak {peak:.0f} MB (limit {args.max_mb})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
