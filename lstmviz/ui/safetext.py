"""User text is shown as text: nothing a user typed, uploaded or put in a link is rendered as Markdown or HTML.

Streamlit renders Markdown (links, images, LaTeX, emoji and icon shortcodes, coloured text) in almost
every element that shows text. `t()` passes each string field through `plain()`, which backslash-escapes
the characters that start those constructs, and returns a `SafeText`: markup the app wrote itself, whose
user parts are escaped, so a SafeText put into another text is not escaped twice.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation; these start Markdown, LaTeX ($), Streamlit's
# shortcodes (:red[...], :material/...:) and raw HTML.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&])")
# GFM autolinks bare URLs and e-mail addresses in the text *after* parsing, escapes or not: a zero-width
# space after "://", "www" and "@" breaks the pattern and leaves what a reader sees unchanged.
_AUTOLINK = re.compile(r"(://|(?i:www)(?=\\?\.)|@)")
ZWSP = "\u200b"


class SafeText(str):
    """SafeText the app wrote (with any user parts already escaped): safe to render as Markdown as it is."""


def plain(value: object) -> SafeText:
    """`value` as text that Markdown shows literally."""
    if isinstance(value, SafeText):
        return value
    text = _AUTOLINK.sub(lambda m: m.group(1) + ZWSP, str(value).replace("\n", " "))
    return SafeText(_SPECIAL.sub(r"\\\1", text))


def chart_text(value: object) -> str:
    """`value` for a plotly label (a legend, a title), which renders a few HTML tags such as <a href>."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
