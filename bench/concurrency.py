"""Peak memory of the app while several browser sessions train the StockLSTM preset at once.

Starts `streamlit run app.py` under Community Cloud's forced settings, opens N Chromium tabs (each its own
Streamlit session) on the Train page with the StockLSTM preset in the URL, a seed each (identical runs would train
once), clicks Train in all of them at the same moment and waits until every one shows its predictions. Meanwhile it
samples the server's resident memory; at the end it reads the kernel's high-water mark (VmHWM) of the server
process, which is the peak RSS.

    python bench/concurrency.py                      # 3 sessions, the preset's 25 epochs
    python bench/concurrency.py --epochs 2 --max-mb 690   # CI's small config; exit 1 above the limit

Community Cloud's smallest allowance is 690 MB. The process-wide training semaphore
(LSTMVIZ_MAX_TRAININGS, default 2) lets two sessions train while the third waits its turn.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from devtools.devserver import DONE, launch_chromium, status_mb, streamlit_server
from lstmviz.ui.settings.train import preset_query


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=25, help="the StockLSTM preset trains 25")
    parser.add_argument("--max-mb", type=float, default=None, help="exit 1 if the peak RSS is above this")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as p:
        pid = url.pid
        browser = launch_chromium(p)
        pages = [browser.new_context().new_page() for _ in range(args.sessions)]
        for k, page in enumerate(pages):  # a seed each: identical runs would train once (lstmviz.server.sharedruns)
            page.goto(f"{url}/Train?{preset_query('StockLSTM', epochs=args.epochs, patience=0, seed=k + 1)}")
            page.wait_for_selector(DONE, timeout=120_000)
        idle_mb = status_mb(pid, "VmRSS")
        samples, stop = [], threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append(status_mb(pid, "VmRSS"))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        for page in pages:
            page.get_by_role("button", name="Train", exact=True).click()
        for page in pages:
            page.get_by_text("Predictions against actuals").wait_for(timeout=1_800_000)
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        errors = sum(page.locator('[data-testid="stException"]').count() for page in pages)
        peak_mb = status_mb(pid, "VmHWM")
        browser.close()

    print(f"sessions training StockLSTM at once, a seed each: {args.sessions} ({args.epochs} epochs each)")
    print(f"server RSS idle with {args.sessions} sessions open: {idle_mb:.0f} MB")
    median = sorted(samples)[len(samples) // 2]
    print(f"server RSS while training: median {median:.0f} MB, max sampled {max(samples):.0f} MB")
    print(f"server peak RSS (VmHWM): {peak_mb:.0f} MB")
    print(f"all {args.sessions} trained in {seconds:.1f} s; exceptions shown: {errors}")
    if errors or (args.max_mb is not None and peak_mb > args.max_mb):
        print(f"FAIL: peak {peak_mb:.0f} MB (limit {args.max_mb}) or exceptions {errors}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
