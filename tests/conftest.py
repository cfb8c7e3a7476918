"""Fixtures: a real Streamlit server and Chromium for the browser tests, a canned Yahoo, fresh Streamlit caches."""

import os

import pytest

from devtools.devserver import CHROMIUM, launch_chromium, streamlit_server


@pytest.fixture(scope="session")
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed"
    if reason is None and not os.path.exists(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test required under CI=true: {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_url():
    try:
        with streamlit_server() as url:
            yield url
    except RuntimeError as err:
        pytest.fail(str(err))


@pytest.fixture
def page(browser, app_url):
    """A fresh browser tab (its own Streamlit session) on the shared server."""
    pg = browser.new_page(viewport={"width": 1400, "height": 1700})
    yield pg
    pg.close()


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Every test starts with empty st.cache_data, shared runs and shared figures: AppTests share the process's
    caches."""
    import streamlit as st

    from lstmviz.server import sharedruns
    from lstmviz.ui import sharedcharts

    st.cache_data.clear()
    sharedruns.RUNS.clear()
    sharedcharts.FIGURES.clear()


@pytest.fixture
def yahoo(monkeypatch, tmp_path):
    """yfinance for real on canned Yahoo answers (tests/fakeyahoo.py); set `.routes` per symbol."""
    from tests import fakeyahoo

    fake = fakeyahoo.install(monkeypatch, tmp_path)
    yield fake
    assert fake.unexpected == []
