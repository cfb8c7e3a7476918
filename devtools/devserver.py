"""Run the app as Community Cloud does, for the browser tests and the benchmarks (no Streamlit import here).

`streamlit_server()` starts `streamlit run app.py` on a free port under Cloud's forced settings and
yields its URL once `/_stcore/health` answers; `launch_chromium()` opens Debian's Chromium with the
flags this machine's closed network needs. `cpu_seconds()` and `status_mb()` read a process's CPU time and
memory from Linux's /proc, for the benchmarks and the memory tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository: app.py and pages/
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# A page is done running when Streamlit marks the app as not running.
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Streamlit Community Cloud forces these; tests and benchmarks run the app under them too.
CLOUD_FLAGS = ["--runner.fastReruns", "true", "--client.showErrorDetails", "false"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200
    except OSError:
        return False


class ServerUrl(str):
    """The server's base URL; `.pid` is the server process (for memory measurements)."""

    pid: int


@contextmanager
def streamlit_server(*flags: str, prefix: tuple[str, ...] = (), timeout: float = 60) -> Iterator[ServerUrl]:
    """`streamlit run app.py` on a free port, started fresh; yields its base URL once healthy.

    `prefix` goes before the Python command (e.g. `("taskset", "-c", "0")` for one core).
    """
    port = free_port()
    proc = subprocess.Popen(
        [*prefix, sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), *CLOUD_FLAGS, *flags],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = ServerUrl(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    try:
        deadline = time.time() + timeout
        while not healthy(url):
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a server deaf to SIGTERM must not outlive the test or benchmark
            proc.kill()
            proc.wait()


def cpu_seconds(pid: int | str, tid: int | None = None) -> float:
    """utime + stime of process `pid` ("self": this one), all its threads, in seconds (of its thread `tid` alone)."""
    stat = Path(f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # fields 14, 15 of proc(5), after the name


def status_mb(pid: int | str, field: str) -> float:
    """A kB field of /proc/PID/status (VmRSS, VmHWM, ...) in MB; pid "self" for this process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def launch_chromium(playwright):
    """Headless Chromium from Debian's package, driven by Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
