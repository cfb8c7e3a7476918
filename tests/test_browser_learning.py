"""Real-browser test of the Learning page: both lessons land at their defaults, in English and in Portuguese
classroom mode on a projector's 1280×720."""

from lstmviz import optim
from tests.browserhelpers import DONE, no_exception, open_page, screenshot


def test_learning_page_lands_at_its_defaults(page, app_url):
    open_page(page, f"{app_url}/Learning")
    page.get_by_text("the weights the model keeps").first.wait_for(timeout=60_000)
    page.wait_for_selector(DONE, timeout=60_000)
    no_exception(page)
    adam = optim.race(lr=0.3, beta1=0.9, beta2=0.999, steps=150)["adam"]["arrives"]
    assert page.get_by_text(f"Adam after {adam} steps").first.is_visible()
    assert page.locator(".katex").count() > 0  # the equations are typeset
    assert page.locator(".js-plotly-plot").count() == 4  # paths, distance, moments, the loss curves
    screenshot(page, "learning.png")


def test_learning_page_in_portuguese_classroom_mode(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, f"{app_url}/Learning?lang=pt&classroom=1")
    page.get_by_text("os pesos que o modelo guarda").first.wait_for(timeout=60_000)
    page.wait_for_selector(DONE, timeout=60_000)
    assert page.get_by_text("Adam e regularização").first.is_visible()
    assert page.get_by_text("Com α = 0,3").first.is_visible()
    screenshot(page, "learning_pt_classroom.png")
