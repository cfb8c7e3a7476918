"""The stepper component's assets: KaTeX bundled, its fonts inlined, nothing fetched at run time."""

import re

from lstmviz.ui.stepper import ASSETS, _inline_fonts
from tests.apphelpers import open_page


def test_katex_fonts_are_inlined_and_faces_without_a_bundled_font_dropped():
    css = _inline_fonts((ASSETS / "katex" / "katex.min.css").read_text(encoding="utf-8"))
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    bundled = {p.name for p in (ASSETS / "katex" / "fonts").glob("*.woff2")}
    assert len(faces) == len(bundled) >= 8
    assert all("src:url(data:font/woff2;base64," in face for face in faces)
    assert "url(fonts/" not in css
    families = {re.search(r"font-family:(\w+)", face).group(1) for face in faces}
    assert {"KaTeX_Main", "KaTeX_Math", "KaTeX_Size1"} <= families
    assert (ASSETS / "katex" / "LICENSE").read_text().startswith("The MIT License")


def test_the_cell_page_mounts_katex_and_the_stepper_with_their_code_inline():
    at = open_page("pages/1_Cell.py")
    by_name = {e.proto.component_name: e.proto for e in at.get("bidi_component")}
    katex, view = by_name["lstmviz.katex"], by_name["lstmviz.stepper"]
    assert "katex" in katex.js_content and "data:font/woff2;base64," in katex.js_content
    assert not katex.js_source_path and not view.js_source_path  # inline: no asset directory to serve
    assert "export default function" in view.js_content and ".lsv-stepper" in view.css_content
    assert not re.search(r"https?://(?!www.w3.org/2000/svg)", view.js_content + view.css_content)  # but SVG's namespace


def test_a_committed_step_re_sends_the_payload_without_building_it_again(monkeypatch):
    from lstmviz.ui import stepper

    built = []
    real = stepper.step_payload
    monkeypatch.setattr(stepper, "step_payload", lambda *a, **k: built.append(1) or real(*a, **k))
    at = open_page("pages/1_Cell.py")
    at.session_state["step"] = 4  # what the commit's callback leaves
    at.run()
    assert len(built) == 1 and not at.exception
    at.slider(key="forget_bias").set_value(2.0).run()  # new numbers: a new payload
    assert len(built) == 2
