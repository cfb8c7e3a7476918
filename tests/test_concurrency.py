"""CI runs the concurrency memory script with a small config: 3 browser sessions train StockLSTM at once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_three_sessions_training_stay_under_cloud_memory(browser):  # browser: skips/fails like the browser tests
    if os.environ.get("CI") != "true":
        pytest.skip("takes about a minute; runs under CI=true (or: python bench/concurrency.py)")
    run = subprocess.run(
        [sys.executable, "bench/concurrency.py", "--sessions", "3", "--epochs", "2", "--max-mb", "690"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    print(run.stdout, run.stderr)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "server peak RSS (VmHWM)" in run.stdout
