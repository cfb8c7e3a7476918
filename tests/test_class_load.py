"""CI runs the class-load script small: 3 sessions play the Cell page, then train the default preset at once."""

import re

from tests.ciscripts import run_script


def test_three_students_play_and_train_without_errors_under_cloud_memory():
    stdout = run_script("bench/class_load.py", "--sessions", "3", "--play-seconds", "3", "--rounds", "1",
                        "--max-mb", "690", takes="about 30 s")  # fmt: skip
    assert "script runs meanwhile: 0 (goal 0;" in stdout  # the server runs nothing on its own while sessions sit open
    assert "each committing its step (one rerun each): p50" in stdout
    assert "3 students at once: last result after" in stdout
    assert "a reloaded tab pressing Train again" in stdout
    assert "students without a result: 0" in stdout  # the exit status says so too (run_script checks it)
    peak = float(re.search(r"server peak RSS \(VmHWM\): (\d+) MB", stdout).group(1))
    assert peak <= 690
