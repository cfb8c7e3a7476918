"""Real-browser tests of the Cell page's stepper: steps and Play move in the browser, with no script rerun."""

import pytest

from lstmviz.cellkinds import KINDS
from lstmviz.ui.settings.cell import CELL
from tests.browserhelpers import no_exception, open_page, screenshot, wait_done

EQUATIONS = ".lsv-equations .katex-mathml annotation"  # the TeX source KaTeX keeps: the numbers, exactly
# Counts the script runs the page starts from now on (Streamlit marks the app "running" during each).
COUNT_RERUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__reruns = 0;
  new MutationObserver(() => {
    if (app.dataset.testScriptState === 'running') window.__reruns += 1;
  }).observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] });
}"""


def _equations(page) -> str:
    return page.locator(EQUATIONS).first.text_content()


def _step(page) -> int:
    return int(page.locator(".lsv-stepper").get_attribute("data-step"))


def _at(page, step: int) -> None:
    page.wait_for_function(f"() => document.querySelector('.lsv-equations').dataset.step === '{step}'", timeout=5_000)


def test_forward_back_and_keys_move_the_equations_without_a_rerun(page, app_url):
    open_page(page, f"{app_url}/Cell")
    no_exception(page)
    page.evaluate(COUNT_RERUNS)
    first = _equations(page)
    s0 = CELL["step"].default  # the page opens where the numbers say something
    assert _step(page) == s0 and r"f_t = \sigma" in first
    page.get_by_role("button", name="Forward ▶").click()
    _at(page, s0 + 1)
    assert _equations(page) != first
    assert page.locator(".lsv-val[data-k=f]").text_content() != ""
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    _at(page, s0 + 2)
    page.get_by_role("button", name="◀ Back").click()
    _at(page, s0 + 1)
    page.wait_for_url(f"**step={s0 + 1}*", timeout=5_000)  # the address bar follows, without a rerun
    assert page.evaluate("window.__reruns") == 0
    # once the student stops, the server learns the step in one rerun, and a reload opens there
    page.wait_for_selector(f'.lsv-stepper[data-committed="{s0 + 1}"]', timeout=10_000)
    wait_done(page, timeout=30_000)
    assert page.evaluate("window.__reruns") == 1
    page.reload()
    page.wait_for_selector(".lsv-equations .katex", timeout=60_000)
    assert _step(page) == s0 + 1 and _equations(page) != first
    no_exception(page)


# What the stepper shows at its current step, read from the DOM, beside the payload's entry for that step.
SHOWN = r"""() => {
  const view = document.querySelector('.lsv-stepper').parentElement.__lsvStepper;
  const p = view.payload, t = Number(document.querySelector('.lsv-stepper').dataset.step);
  const tex = (sel) => document.querySelector(sel + ' .katex-mathml annotation').textContent;
  const aligned = (lines) => '\\begin{aligned}&' + lines.join(' \\\\ &') + '\\end{aligned}';
  return {
    t, typeset: Number(document.querySelector('.lsv-equations').dataset.step),
    diagram: [...document.querySelectorAll('.lsv-diagram [data-k]')].map((n) => [n.dataset.k, n.textContent]),
    want: Object.entries(p.labels[t]),
    equations: tex('.lsv-equations'), wantEquations: aligned([p.inputs[t], ...p.equations[t]]),
    z: tex('.lsv-z-lines'), wantZ: aligned(p.z[t]),
    heading: document.querySelector('.lsv-heading').textContent, wantHeading: p.headings[t],
    slider: Number(document.querySelector('.lsv-slider').value),
  };
}"""


def _shows_its_step(page, step: int) -> None:
    _at(page, step)
    got = page.evaluate(SHOWN)
    assert got["t"] == got["typeset"] == got["slider"] == step
    want = dict(got["want"])
    assert got["diagram"] and all(text == want[k] for k, text in got["diagram"]), (got["diagram"], want)
    assert got["equations"] == got["wantEquations"]
    assert got["z"] == got["wantZ"]
    assert got["heading"] == got["wantHeading"]


@pytest.mark.parametrize("cell", list(KINDS))
def test_the_dom_shows_the_payloads_entry_at_the_current_step_after_forward_back_and_a_slider_jump(page, app_url,
                                                                                                    cell):  # fmt: skip
    open_page(page, f"{app_url}/Cell?cell={cell}")
    page.locator(".lsv-z summary").click()  # open "Where z comes from": its lines are typeset either way
    s0 = CELL["step"].default
    _shows_its_step(page, s0)
    page.get_by_role("button", name="Forward ▶").click()
    _shows_its_step(page, s0 + 1)
    page.get_by_role("button", name="◀ Back").click()
    _shows_its_step(page, s0)
    page.locator(".lsv-slider").fill("17")  # a jump: an input event, as a drag ends
    _shows_its_step(page, 17)
    no_exception(page)


def test_play_advances_without_reruns_and_pause_commits_once(page, app_url):
    open_page(page, f"{app_url}/Cell")
    page.evaluate(COUNT_RERUNS)
    play = page.locator(".lsv-play")
    play.click()
    page.wait_for_function("() => Number(document.querySelector('.lsv-stepper').dataset.step) >= 4", timeout=10_000)
    assert page.evaluate("window.__reruns") == 0
    page.keyboard.press(" ")  # space pauses, as the button does
    assert play.get_attribute("aria-pressed") == "false"
    stopped = _step(page)
    page.wait_for_selector(f'.lsv-stepper[data-committed="{stopped}"]', timeout=10_000)
    wait_done(page, timeout=30_000)
    assert page.evaluate("window.__reruns") == 1 and _step(page) == stopped
    no_exception(page)
    screenshot(page, "cell.png")


def test_a_click_elsewhere_takes_the_step_into_the_rerun_it_starts(page, app_url):
    open_page(page, f"{app_url}/Cell?lang=pt")
    for _ in range(3):
        page.get_by_role("button", name="Avançar ▶").click()
    page.get_by_text("Modo sala de aula").click()  # a rerun of the whole page, at once
    wait_done(page, timeout=30_000)
    page.wait_for_url("**classroom=1*", timeout=10_000)
    s3 = CELL["step"].default + 3
    assert f"step={s3}" in page.url and _step(page) == s3
    assert "{,}" in _equations(page)  # decimal commas, from Python's formatting
    no_exception(page)


OVERLAPS = """() => {
  const texts = [...document.querySelectorAll('.lsv-diagram text')];
  const boxes = texts.map(e => [e.textContent, e.getBoundingClientRect()]);
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const out = [];
  boxes.forEach(([s, a], i) => boxes.slice(i + 1).forEach(([t, b]) => { if (hit(a, b)) out.push(s + ' / ' + t); }));
  const root = document.querySelector('.lsv-stepper').getBoundingClientRect();
  [...document.querySelectorAll('.lsv-stepper *')].forEach(e => {  // KaTeX's MathML copy is hidden
    const b = e.getBoundingClientRect();
    if (b.width && !e.closest('.katex-mathml') && (b.left < root.left - 1 || b.right > root.right + 1)) {
      out.push('outside: ' + e.tagName + '.' + e.className);
    }
  });
  return out;
}"""


@pytest.mark.parametrize("cell", list(KINDS))
def test_nothing_overlaps_at_400_px_nor_on_a_projector(browser, app_url, cell):
    for width, height, query in [(400, 900, "step=7"), (1280, 720, "lang=pt&classroom=1&step=7")]:
        page = browser.new_page(viewport={"width": width, "height": height})
        open_page(page, f"{app_url}/Cell?cell={cell}&{query}")
        assert page.evaluate(OVERLAPS) == [], width
        if width == 1280:  # the projector: the diagram and the equations on the first screen
            diagram = page.locator(".lsv-diagram").bounding_box()
            assert diagram["y"] + diagram["height"] <= height
            assert page.locator(".lsv-equations").bounding_box()["y"] < height / 2 + 200
        page.close()


def test_scales_are_fixed_and_labelled_until_auto_scale(page, app_url):
    open_page(page, f"{app_url}/Cell?input_bias=-5")  # the input gate closed: i_t near 0 everywhere
    page.evaluate(COUNT_RERUNS)
    bars = page.locator(".lsv-cbar-ticks")
    fixed = [bars.nth(n).text_content() for n in range(6)]
    assert fixed[1] == "1.00.50.0" and fixed[4] == fixed[5] == "1.00.0−1.0"  # i_t on [0, 1]; C_t, h_t on [−1, 1]
    page.get_by_text("Auto-scale", exact=True).click()
    assert bars.nth(1).text_content() != fixed[1], "auto-scale stretches i_t's range to its data"
    assert page.evaluate("window.__reruns") == 0


ACT_PX = "() => document.querySelector('.lsv-diagram .lsv-act').getBoundingClientRect().height"


def test_classroom_mode_draws_the_gate_labels_larger_than_the_normal_view(browser, app_url):
    sizes = {}
    for query in ("", "classroom=1"):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        open_page(page, f"{app_url}/Cell?{query}")
        sizes[query] = page.evaluate(ACT_PX)  # σ on the screen, in px
        page.close()
    assert sizes["classroom=1"] > 1.1 * sizes[""], sizes


def test_play_moves_one_step_per_the_speed_setting(page, app_url):
    open_page(page, f"{app_url}/Cell?speed=0.25&step=0")
    page.locator(".lsv-play").click()
    page.wait_for_timeout(2_000)  # 8 steps at 0.25 s, fewer than 3 at the default 0.75 s
    page.locator(".lsv-play").click()
    assert 5 <= _step(page) <= 10
    no_exception(page)
