"""Issue 20's uploads case: N sessions, each uploading a different 5 MB CSV on the Train page, then the tabs close.

    python bench/uploads_memory.py                   # 20 sessions, 5 tabs open at a time, 30 s after closing
    python bench/uploads_memory.py --sessions 20 --tabs 20
    python bench/uploads_memory.py --server-flag server.disconnectedSessionTTL=10   # a streamlit option

Starts the app under Community Cloud's forced settings (devtools.devserver) and drives headless Chromium: `--tabs`
tabs open the Train page with the CSV source, each uploads its own file (seeded random prices, just under the
uploader's limit, lstmviz.data.csvdata.MAX_BYTES) and waits for the page to finish; then those tabs close and the
next ones open, until `--sessions` sessions have uploaded (20 Chromium tabs at once need more of this 2-core machine
than the server does). Prints the server's RSS before the first upload, its peak (VmHWM), and its RSS `--after`
seconds after the last tab closed. Goals: peak ≤ 690 MB; RSS back within 50 MB of the level before the uploads.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from playwright.sync_api import sync_playwright

from devtools.devserver import DONE, launch_chromium, status_mb, streamlit_server
from lstmviz.data.csvdata import MAX_BYTES

UPLOADER = '[data-testid="stSidebar"] [data-testid="stFileUploaderDropzoneInput"]'


def price_csv(seed: int) -> bytes:
    """A daily Date, Close, Open, Volume CSV of seeded random prices, as many rows as fit under MAX_BYTES."""
    rng = np.random.default_rng(seed)
    rows = MAX_BYTES // 34  # a line is 36-38 bytes; the days stay before pandas' last date (2262)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, rows)))
    frame = pd.DataFrame({"Date": pd.date_range("1800-01-01", periods=rows, freq="D").strftime("%Y-%m-%d"),
                          "Close": close.round(4), "Open": (close * rng.uniform(0.99, 1.01, rows)).round(4),
                          "Volume": rng.integers(10**5, 10**7, rows)})  # fmt: skip
    blob = frame.to_csv(index=False).encode()
    return blob[: blob.rindex(b"\n", 0, MAX_BYTES) + 1]  # whole lines, under the limit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--tabs", type=int, default=5)
    parser.add_argument("--after", type=float, default=30.0)
    parser.add_argument("--server-flag", action="append", default=[], help="e.g. server.disconnectedSessionTTL=10")
    args = parser.parse_args()
    flags = [part for flag in args.server_flag for part in ("--" + flag.split("=")[0], flag.split("=", 1)[1])]
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(*flags) as url, sync_playwright() as pw:
        files = []
        for seed in range(args.sessions):
            files.append(Path(tmp) / f"prices_{seed}.csv")
            files[-1].write_bytes(price_csv(seed))
        browser = launch_chromium(pw)
        warm = browser.new_page()  # the server's first page run (imports), before the level is read
        warm.goto(f"{url}/Train?data=csv")
        warm.wait_for_selector(DONE, timeout=180_000)
        warm.close()
        time.sleep(5)
        before = status_mb(url.pid, "VmRSS")
        print(f"{args.sessions} sessions, {args.tabs} tabs at a time, files of {files[0].stat().st_size / 1e6:.2f} MB")
        print(f"before the uploads: {before:.0f} MB")
        for start in range(0, args.sessions, args.tabs):
            batch = files[start : start + args.tabs]
            pages = [browser.new_page(viewport={"width": 1400, "height": 1000}) for _ in batch]
            for page, path in zip(pages, batch, strict=True):
                page.goto(f"{url}/Train?data=csv")
                page.wait_for_selector(DONE, timeout=180_000)
                page.locator(UPLOADER).first.set_input_files(str(path))
                page.get_by_text(path.name).first.wait_for(timeout=180_000)  # the uploader lists the file
                page.wait_for_timeout(500)
                page.wait_for_selector(DONE, timeout=180_000)
                assert not page.locator('[data-testid="stException"]').count(), "an exception on the page"
            print(f"after {start + len(pages)} uploads: {status_mb(url.pid, 'VmRSS'):.0f} MB (tabs open)")
            for page in pages:
                page.close()
        browser.close()
        time.sleep(args.after)
        peak, after = status_mb(url.pid, "VmHWM"), status_mb(url.pid, "VmRSS")
        print(f"peak {peak:.0f} MB; {args.after:.0f} s after the tabs closed: {after:.0f} MB, {after - before:+.0f} MB")


if __name__ == "__main__":
    main()
