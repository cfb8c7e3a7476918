"""Real-browser tests of the course and the projector: every chapter's link opens on a freshly started server in
English and in Portuguese classroom mode; at 1280×720 each page's main figure and button start on the first screen
and no button label is cut short."""

from devtools.devserver import streamlit_server
from lstmviz.course import CHAPTERS
from tests.browserhelpers import no_exception, open_page, screenshot, wait_done

# The labels of buttons and links that do not fit their box (Streamlit ends them in "…").
CUT = """() => [...document.querySelectorAll(
    'button [data-testid="stMarkdownContainer"], [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"]'
  )].filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
FIRST_SCREEN = 720


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_every_chapter_opens_from_its_link_on_a_fresh_server(browser):
    with streamlit_server() as fresh:
        for lang, classroom, header in (("en", "0", "chapter {n} of {total}"), ("pt", "1", "capítulo {n} de {total}")):
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            for n, chapter in enumerate(CHAPTERS, 1):
                path = chapter.page.removeprefix("pages/").removesuffix(".py").split("_", 1)[1]
                open_page(page, f"{fresh}/{path}?chapter={chapter.key}&lang={lang}&classroom={classroom}")
                panel = page.locator(".st-key-course_panel")
                assert header.format(n=n, total=len(CHAPTERS)) in panel.inner_text(), chapter.key
                no_exception(page)
                assert page.locator('[data-testid="stAlert"]').filter(has_text="Error").count() == 0
            screenshot(page, f"course_last_chapter_{lang}.png")
            page.close()


def test_a_chapter_asks_then_answers_in_the_browser(page, app_url):
    open_page(page, f"{app_url}/Cell?chapter=gates&lang=pt&classroom=1")
    show = page.get_by_role("button", name="Mostrar a resposta")
    assert show.is_disabled(), "predict first"
    page.get_by_text("Quase tudo (mais de 80 %)").click()
    wait_done(page, timeout=30_000)
    show.click()
    wait_done(page, timeout=30_000)
    assert page.get_by_text("A resposta: Quase nada (menos de 20 %)").is_visible()
    page.get_by_role("link", name="Próximo").click()
    wait_done(page, timeout=30_000)
    assert "chapter=states" in page.url and "capítulo 3 de" in page.locator(".st-key-course_panel").inner_text()
    no_exception(page)


def test_on_a_projector_the_main_figure_and_button_are_on_the_first_screen_and_no_label_is_cut(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    q = "lang=pt&classroom=1"
    open_page(page, f"{app_url}/Cell?{q}")
    assert _top(page, ".lsv-equations") < FIRST_SCREEN
    assert page.evaluate(CUT) == []
    open_page(page, f"{app_url}/Gradients?{q}")
    assert _top(page, ".stPlotlyChart") < FIRST_SCREEN - 200, "the BPTT chart shows, not only its title"
    assert page.evaluate(CUT) == []
    open_page(page, f"{app_url}/Learning?{q}")
    assert _top(page, ".stPlotlyChart") < FIRST_SCREEN - 200, "the optimisers' race shows, not only its title"
    assert page.evaluate(CUT) == []
    open_page(page, f"{app_url}/Train?{q}")
    train = page.get_by_role("button", name="Treinar", exact=True)
    box = train.bounding_box()
    assert box["y"] + box["height"] <= FIRST_SCREEN, box
    assert _top(page, ".stPlotlyChart") < FIRST_SCREEN, "the data chart starts on the first screen"
    train.click()
    page.get_by_text("Resultados").first.wait_for(timeout=180_000)
    wait_done(page)
    assert page.evaluate(CUT) == [], "labels wrap instead of being cut"
    screenshot(page, "train_projector_pt.png")
    page.close()
