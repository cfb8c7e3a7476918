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


def test_crafted_links_show_as_text_and_fetch_nothing(page, app_url):
    """A shared link with Markdown in it: no clickable link, no image, no icon; the text itself is shown."""
    from urllib.parse import quote, urlparse

    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "evil" in (urlparse(r.url).hostname or "") else None)
    crafted = "[LOG_IN](https://evil.example/login) ![x](https://evil.example/x.png) www.evil.example :material/lock:"
    open_page(page, f"{app_url}/Cell?source=typed&numbers={quote(crafted)}", chart=False)
    alert = page.locator('[data-testid="stAlert"]').first
    alert.wait_for(timeout=30_000)
    assert "[LOG_IN](https://evil.example/login)" in alert.inner_text().replace("\u200b", "")
    assert page.locator('a[href*="evil"]').count() == 0 and page.locator('img[src*="evil"]').count() == 0
    assert fetched == []
    screenshot(page, "crafted_link.png")


def test_nothing_is_fetched_from_outside_the_app(page, app_url):
    """Offline and on a closed network: every page loads everything it shows from the app's own server."""
    from urllib.parse import urlparse

    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    for path in ("", "/Cell", "/Gradients", "/Train", "/Learning"):
        open_page(page, f"{app_url}{path}", chart=path != "")
    page.wait_for_timeout(1000)
    assert [url for url in outside if not url.startswith("data:")] == []
