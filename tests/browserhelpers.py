"""Helpers for the browser tests: open a page, wait for a rerun, check for exceptions, keep a screenshot."""

import time
from pathlib import Path

from devtools.devserver import DONE

SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


def open_page(page, url: str, chart: bool = True) -> None:
    """Go to url and wait until the script has run (and, with chart, until a chart is drawn)."""
    page.goto(url)
    page.wait_for_selector(DONE, timeout=60_000)
    if chart:  # a plotly chart, or the Cell page's stepper with its equations typeset
        page.wait_for_selector(".js-plotly-plot, .lsv-equations .katex", timeout=30_000)


def wait_done(page, timeout: int = 180_000) -> None:
    """Wait for the rerun a click started to end."""
    time.sleep(0.5)  # let the click's rerun start before waiting for it to end
    page.wait_for_selector(DONE, timeout=timeout)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def screenshot(page, name: str) -> None:
    """The page as a user sees it, with no exception box, saved to artifacts/ to look at."""
    no_exception(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)
