"""Helper for the tests that run a bench script small under CI: skipped elsewhere, the script must exit 0."""

import os
import subprocess
import sys

import pytest

from devtools.devserver import ROOT


def run_script(script: str, *args: str, takes: str) -> str:
    """The stdout of `python script *args` run from the repository root; skipped unless CI=true."""
    if os.environ.get("CI") != "true":
        pytest.skip(f"takes {takes}; runs under CI=true (or: python {script})")
    run = subprocess.run([sys.executable, script, *args], cwd=ROOT, capture_output=True, text=True, timeout=900)
    print(run.stdout, run.stderr)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout
