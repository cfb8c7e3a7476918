"""The adding problem as a class gets it: seconds from a click on "Train RNN and LSTM" to both results shown, on
the Gradients page at its defaults, with the server on one core.

Run from the repository root: python bench/adding_page.py [runs]   (default 3; a fresh server each, median printed)
The server runs under `taskset -c 0` (one core, as on a small host); Chromium runs outside it. Each run opens the
page, clicks the button and waits until the two result lines ("mean loss of the last 100 steps") are drawn; the
page itself also prints the seconds each model took, which are reported beside the wall time. The server's CPU
seconds over the same span are printed too: on a machine other sessions load, they are what the run would take
on a quiet core (the wall time then includes the waits for the core).
"""

import re
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from devtools.devserver import DONE, cpu_seconds, launch_chromium, streamlit_server


def one_run(browser) -> tuple[float, float, list[float]]:
    with streamlit_server(prefix=("taskset", "-c", "0")) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/Gradients")
        page.wait_for_selector(DONE, timeout=120_000)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        start, cpu = time.perf_counter(), cpu_seconds(url.pid)
        page.get_by_role("button", name="Train RNN and LSTM").click()
        page.get_by_text("mean loss of the last 100 steps").nth(1).wait_for(timeout=300_000)
        seconds, cpu = time.perf_counter() - start, cpu_seconds(url.pid) - cpu
        lines = page.get_by_text("mean loss of the last 100 steps").all_inner_texts()
        page.close()
    return seconds, cpu, [float(s) for line in lines for s in re.findall(r"T = \d+, (\d+) s\)", line)]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    walls, cpus = [], []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for n in range(runs):
            wall, cpu, models = one_run(browser)
            walls.append(wall)
            cpus.append(cpu)
            print(f"run {n + 1}: {wall:.1f} s from the click to both results, server CPU {cpu:.1f} s (the page: RNN, "
                  f"LSTM {models} s)")  # fmt: skip
        browser.close()
    print(f"median over {runs} runs: {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s server CPU")


if __name__ == "__main__":
    main()
