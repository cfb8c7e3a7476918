"""Real-browser tests: every page opens, the cell steps and plays, and no exception appears."""

from pathlib import Path

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SHOTS = Path(__file__).resolve().parents[1] / "artifacts"


def _open(page, url):
    page.goto(url)
    page.wait_for_selector(DONE, timeout=60_000)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)


STEP_JS = "Number(document.querySelector('input[type=range][aria-label=\"Timestep t\"]')?.value)"


def _step(page) -> int:
    return int(page.locator('input[type=range][aria-label="Timestep t"]').input_value())


def _no_exception(page):
    assert page.locator('[data-testid="stException"]').count() == 0


def screenshot(page, name: str) -> None:
    """The page as a user sees it, with no exception box, saved to artifacts/ to look at."""
    _no_exception(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_home_page(page, app_url):
    _open(page, app_url)
    assert page.get_by_text("LSTM Visual Explorer").first.is_visible()
    screenshot(page, "home.png")


def test_cell_page_steps_and_plays(page, app_url):
    _open(page, f"{app_url}/Cell")
    _no_exception(page)
    assert _step(page) == 0
    page.get_by_role("button", name="Forward ▶").click()
    page.wait_for_function(f"() => {STEP_JS} === 1", timeout=15_000)
    page.get_by_text("▶ Play").click()
    page.wait_for_function(f"() => {STEP_JS} >= 3", timeout=20_000)
    page.get_by_text("▶ Play").click()
    page.wait_for_selector(DONE, timeout=30_000)
    screenshot(page, "cell.png")


def test_gradients_page_and_its_clipping_demo(page, app_url):
    _open(page, f"{app_url}/Gradients")
    _no_exception(page)
    page.get_by_role("button", name="Run the clipping demo").click()
    page.get_by_text("Gradient norm before clipping").wait_for(timeout=60_000)
    page.wait_for_selector(DONE, timeout=60_000)
    screenshot(page, "gradients.png")
