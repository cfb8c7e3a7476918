"""Cold start: seconds from `streamlit run app.py` to a healthy server and to a painted home page.

Run from the repository root: python bench/cold_start.py [runs]   (default 3; medians, each run a fresh server)
                              python bench/cold_start.py 3 Train  (the same to a painted Train page, opened first)
Needs Playwright and Debian's Chromium (/usr/bin/chromium). The browser starts once, before
the timed runs; each run opens the home page in a fresh context as soon as /_stcore/health
answers, and counts the page as painted when the script has finished and the title shows.

A last, untimed run starts the server under `python -X importtime` and reports whether torch
had been imported in the server when the home page painted (it should not be: only the
pages that compute need it), and the slowest top-level imports up to that moment.
"""

import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from devtools.devserver import DONE, ROOT, free_port, launch_chromium

TITLE = "LSTM Visual Explorer"
PAGES = {"": TITLE, "Train": "Train a forecaster, honestly"}  # the path opened first: the title that shows it painted


def _healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200
    except OSError:
        return False


def cold_start(browser, python_flags=(), stderr=subprocess.DEVNULL, at_paint=lambda: None,
               path: str = "") -> tuple[float, float]:  # fmt: skip
    """(seconds to health OK, seconds to the page at `path` (PAGES; "" the home page) painted), both from the
    server's start.

    `at_paint()` is called once the page has painted, before the server stops.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, *python_flags, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--server.port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        while not _healthy(url):
            if proc.poll() is not None or time.perf_counter() - start > 60:
                raise RuntimeError("streamlit did not become healthy within 60 s")
            time.sleep(0.02)
        healthy = time.perf_counter() - start
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"{url}/{path}")
        page.wait_for_selector(DONE, timeout=60_000)
        page.get_by_role("heading", name=PAGES[path]).wait_for(state="visible", timeout=60_000)
        painted = time.perf_counter() - start
        at_paint()
        context.close()
        return healthy, painted
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def import_report(browser) -> None:
    with tempfile.NamedTemporaryFile("w+") as log:
        seen: list[str] = []
        cold_start(browser, ("-X", "importtime"), stderr=log, at_paint=lambda: seen.append(Path(log.name).read_text()))
    rows = [m.groups() for m in re.finditer(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", seen[0])]
    top = [(int(us) / 1e6, name) for us, indent, name in rows if len(indent) == 1]
    torch_loaded = any(name == "torch" for _, _, name in rows)
    print(f"torch imported in the server when the home page painted: {'yes' if torch_loaded else 'no'}")
    print("slowest top-level imports until then (-X importtime, cumulative):")
    for seconds, name in sorted(top, reverse=True)[:6]:
        print(f"  {seconds:5.2f} s  {name}")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    path = sys.argv[2] if len(sys.argv) > 2 else ""
    name = f"{path} page" if path else "home page"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        results = [cold_start(browser, path=path) for _ in range(runs)]
        for n, (healthy, painted) in enumerate(results, 1):
            print(f"run {n}: health OK {healthy:5.2f} s, {name} painted {painted:5.2f} s")
        healthy, painted = (statistics.median(r[k] for r in results) for k in (0, 1))
        print(f"median of {runs}: health OK {healthy:.2f} s, {name} painted {painted:.2f} s")
        if not path:
            import_report(browser)
        browser.close()


if __name__ == "__main__":
    main()
