"""Real-browser tests for class: a shared link restores the view on a freshly started server; classroom mode."""

from devtools.devserver import streamlit_server
from tests.browserhelpers import no_exception, open_page, wait_done

EQUATIONS = ".katex-mathml annotation"  # KaTeX keeps each formula's TeX source: the numbers, exactly


def _view(page) -> dict:
    """What a student sees that depends on the settings: slider values, the equations, the language."""
    sliders = page.locator("input[type=range]")
    return {
        "sliders": [(s.get_attribute("aria-label"), s.input_value()) for s in sliders.all()],
        "equations": [a.text_content() for a in page.locator(EQUATIONS).all()],
        "title": page.locator("h1").first.text_content(),
    }


def _copied_link(page) -> str:
    page.get_by_role("button", name="Link para esta visualização").click()
    wait_done(page, timeout=30_000)  # opening it reruns the page: the link then holds the step the browser is at
    code = page.locator('[data-testid="stPopoverBody"] code').first
    code.wait_for(timeout=10_000)
    return code.text_content().strip()


def test_a_copied_link_restores_the_view_on_a_fresh_server(page, app_url):
    settings = "lang=pt&hidden=6&layers=2&seed=7&forget_bias=2.5&kind=single+spike&length=40&step=12&unit=3"
    open_page(page, f"{app_url}/Cell?{settings}")
    page.get_by_role("button", name="Avançar ▶").click()  # one more step, by hand: step 13
    wait_done(page, timeout=30_000)
    before = _view(page)
    assert ("Passo de tempo t", "13") in before["sliders"] and before["title"] == "Percorra a célula"
    link = _copied_link(page)
    assert "step=13" in link and "seed=7" in link and "lang=pt" in link

    with streamlit_server() as fresh:  # a new process: no session, no cache, only the link
        path_and_query = link.split("/", 3)[3]
        open_page(page, f"{fresh}/{path_and_query}")
        after = _view(page)
        no_exception(page)
    assert after == before


def test_classroom_mode_hides_advanced_controls_and_enlarges(page, app_url):
    open_page(page, f"{app_url}/Cell")
    assert page.get_by_text("Weight seed").count() == 1
    normal = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    diagram_value = page.locator(".lsv-val").first  # a number in the cell diagram
    normal_height = diagram_value.bounding_box()["height"]

    page.get_by_text("Classroom mode").click()
    wait_done(page, timeout=30_000)
    assert "classroom=1" in page.url  # a teacher can share the projector view
    assert page.get_by_text("Weight seed").count() == 0
    assert page.get_by_text("Recurrent weight scale").count() == 0
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px" != normal
    assert diagram_value.bounding_box()["height"] > normal_height
    no_exception(page)

    open_page(page, f"{app_url}/Train?classroom=1")  # the toggle travels in the URL to every page
    assert page.get_by_text("Weight decay").count() == 0 and page.get_by_text("Epochs").count() == 1
    no_exception(page)
    # every chart fits the height Streamlit reserved for it: none hides its x axis under the next element
    overflow = page.evaluate("""() => [...document.querySelectorAll('.stPlotlyChart')].map(
        e => e.getBoundingClientRect().height - e.parentElement.getBoundingClientRect().height)""")
    assert overflow and max(overflow) <= 1, overflow
