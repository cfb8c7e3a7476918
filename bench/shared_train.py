"""A second identical Train click: two sessions (AppTests, no browser) press Train on the same preset, in turn.

    python bench/shared_train.py                  # the Train page's default preset and StockLSTM, 3 rounds each

Each round starts from an empty shared cache (lstmviz.server.sharedruns.RUNS): the first session trains, the second,
a new session like a reloaded tab, gets the first one's result from the cache. Times are from the click to
the end of the page's script run (the whole page: the result's figures and tables included), medians.
Goal (issue 16): the second <= 0.25x the first.
"""

from __future__ import annotations

import statistics
import time

import streamlit as st
import torch
from streamlit.testing.v1 import AppTest

from devtools.devserver import ROOT
from lstmviz.server import sharedruns
from lstmviz.ui import sharedcharts
from lstmviz.ui.settings import encode
from lstmviz.ui.settings.train import preset_settings

ROUNDS = 3


def click_train(query: dict) -> float:
    """Seconds for a new session's Train click, from the click to the end of its script run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params.update(query)
    at.switch_page("pages/3_Train.py").run()
    start = time.perf_counter()
    at.button(key="train").click().run()
    seconds = time.perf_counter() - start
    assert not at.exception and at.session_state["trained"].result is not None
    return seconds


def main() -> None:
    torch.set_num_threads(1)
    stock = {k: encode(v) for k, v in preset_settings("StockLSTM").items() if v != []}
    for name, query in (("default preset (Classroom sine)", {}), ("StockLSTM", stock)):
        firsts, seconds = [], []
        for _ in range(ROUNDS):
            st.cache_data.clear()  # every round's first click starts cold: data, run and figures
            sharedruns.RUNS.clear()
            sharedcharts.FIGURES.clear()
            firsts.append(click_train(query))
            seconds.append(click_train(query))
        a, b = statistics.median(firsts), statistics.median(seconds)
        print(f"{name}: first click {a:.2f} s (trains), second session's click {b:.3f} s: {b / a:.3f}x "
              f"(goal <= 0.25x); medians of {ROUNDS}")  # fmt: skip


if __name__ == "__main__":
    main()
