"""CI runs the class-load script small: 3 sessions play the Cell page, then train the default preset at once."""

from tests.ciscripts import run_script


def test_three_students_play_and_train_without_errors_under_cloud_memory():
    args = ("--sessions", "3", "--play-seconds", "3", "--max-mb", "690")
    stdout = run_script("bench/class_load.py", *args, takes="about 30 s")
    assert "3 students at once: last result after" in stdout
    assert "server peak RSS (VmHWM)" in stdout and "time between two steps a student receives: p50" in stdout
