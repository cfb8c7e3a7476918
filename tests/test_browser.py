"""Real-browser tests: every page opens and no exception appears (the Cell page's stepper: test_browser_stepper)."""

from tests.browserhelpers import DONE, no_exception, open_page, screenshot


def test_home_page(page, app_url):
    open_page(page, app_url)
    assert page.get_by_text("LSTM Visual Explorer").first.is_visible()
    screenshot(page, "home.png")


def test_gradients_page_and_its_clipping_demo(page, app_url):
    open_page(page, f"{app_url}/Gradients")
    no_exception(page)
    page.get_by_role("button", name="Run the clipping demo").click()
    page.get_by_text("Gradient norm before clipping").wait_for(timeout=60_000)
    page.wait_for_selector(DONE, timeout=60_000)
    screenshot(page, "gradients.png")
