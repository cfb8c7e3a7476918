"""CI runs the concurrency memory script with a small config: 3 browser sessions train StockLSTM at once."""

from tests.ciscripts import run_script


def test_three_sessions_training_stay_under_cloud_memory(browser):  # browser: skips/fails like the browser tests
    stdout = run_script("bench/concurrency.py", "--sessions", "3", "--epochs", "2", "--max-mb", "690",
                        takes="about a minute")  # fmt: skip
    assert "server peak RSS (VmHWM)" in stdout
