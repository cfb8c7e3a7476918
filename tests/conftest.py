"""Fixtures: a real Streamlit server and Chromium for the browser tests, a canned Yahoo, fresh Streamlit caches."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield b
        b.close()


# Streamlit Community Cloud forces these; the browser tests run under them too.
CLOUD_FLAGS = ["--runner.fastReruns", "true", "--client.showErrorDetails", "false"]


class ServerUrl(str):
    """The server's base URL; `.pid` is the server process (for memory measurements)."""

    pid: int


@contextmanager
def streamlit_server(*flags: str):
    """`streamlit run app.py` on a free port, started fresh; yields its base URL (a ServerUrl) once healthy."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         *CLOUD_FLAGS, *flags],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = ServerUrl(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not become healthy within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(browser, app_url):
    """A fresh browser tab (its own Streamlit session) on the shared server."""
    pg = browser.new_page(viewport={"width": 1400, "height": 1700})
    yield pg
    pg.close()


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Every test starts with empty st.cache_data: AppTests share the process's caches."""
    import streamlit as st  # here, not at the top: bench scripts import this module for the server and Chromium

    st.cache_data.clear()


@pytest.fixture
def yahoo(monkeypatch, tmp_path):
    """yfinance for real on canned Yahoo answers (tests/fakeyahoo.py); set `.routes` per symbol."""
    from tests import fakeyahoo

    fake = fakeyahoo.install(monkeypatch, tmp_path)
    yield fake
    assert fake.unexpected == []
