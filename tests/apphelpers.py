"""Helpers for the AppTests: open a page as the server does, train on it, count calls, read its figures and text."""

import base64
import json
import re

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from devtools.devserver import ROOT

TIMEOUT = 30


def open_page(script: str, *, timeout: float = TIMEOUT, **query) -> AppTest:
    """Run a page the way the server does: app.py is the entry point, the page is switched to; `timeout`: each of
    its script runs' limit in seconds."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params.update(query)
    return at.switch_page(script).run()


def trained_page(*, timeout: float = 120, **query) -> AppTest:
    """The Train page opened with `query`, after a Train click that raised nothing and showed no error."""
    at = open_page("pages/3_Train.py", timeout=timeout, **query)
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    return at


def count_calls(monkeypatch, module, name: str) -> list:
    """`module.name` replaced by one that calls it and appends to the list returned: its length is the calls."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def texts(at) -> list[str]:
    """The page's text as a reader sees it: the Markdown (the metrics table among it), captions and alerts."""
    return [shown(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error)]


def values(arr):
    """A plotly JSON array: a list, or numpy's typed-array encoding {dtype, bdata}."""
    if isinstance(arr, dict) and "bdata" in arr:
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=arr["dtype"]).tolist()
    return list(arr)


def figures(at) -> list[dict]:
    """The page's plotly figures (their JSON), in page order."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def stepper_data(at) -> dict:
    """The Cell page's stepper payload (lstmviz.stepview.step_payload, as the browser receives it)."""
    [view] = [e for e in at.get("bidi_component") if e.proto.component_name == "lstmviz.stepper"]
    message = json.loads(view.proto.json)
    return {**json.loads(message["payload"]), "step": message["step"], "classroom": message["classroom"]}


def figures_by_title(at) -> dict[str, dict]:
    """The page's titled plotly figures by title."""
    return {f["layout"]["title"]["text"]: f for f in figures(at) if "text" in f["layout"].get("title", {})}


def shown(markdown: str) -> str:
    """What a reader sees of an element's Markdown: without the escapes and zero-width spaces of user text."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


_BEST = re.compile(r":green-background\[:green\[\*\*(.*)\*\*\]\]")


def markdown_table(at) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The page's first Markdown table (the Train page's metrics) as a reader sees it, and which cells are marked
    best (bold green on light green): (text, best), indexed by the first column."""
    [table, *_] = [m.value for m in at.markdown if m.value.startswith("| ")]
    head, rule, *body = table.split("\n")
    assert re.fullmatch(r"\|:--\|(--:\|)+", rule), rule  # the name left, the numbers right-aligned

    def cells(line: str) -> list[str]:
        return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]

    rows = [cells(line) for line in body]
    best = [[bool(_BEST.fullmatch(c)) for c in row[1:]] for row in rows]
    text = [[shown(_BEST.sub(r"\1", c)) for c in row] for row in rows]
    columns = [shown(c) for c in cells(head)]
    frame = pd.DataFrame(text, columns=columns).set_index(columns[0])
    return frame, pd.DataFrame(best, index=frame.index, columns=frame.columns)
