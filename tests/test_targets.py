"""targets.Rows: the one map between model rows and data rows, checked by hand on ten and twelve rows."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from lstmviz import prepare, targets
from lstmviz.config import TrainConfig
from lstmviz.windows import Split

TEN = TrainConfig(lookback=2, horizon=1, val_fraction=0.2, test_fraction=0.2)


def test_log_return_rows_start_a_data_row_later():
    # 10 prices give 9 returns; test round(0.2 * 9) = 2 model rows, val 2: model rows 0-4 train, 5-6 val, 7-8 test
    rows = targets.Rows.of(10, dataclasses.replace(TEN, target_mode="log_return"))
    assert rows == targets.Rows(1, Split(9, 5, 7))
    assert rows.data(0) == 1 and rows.model(1) == 0
    np.testing.assert_array_equal(rows.data(np.array([0, 8])), [1, 9])
    assert rows.first_origin(2) == 2  # a window of 2 returns reads data rows 0-2
    assert rows.data_end("train") == 6 and rows.data_start("val") == 6 and rows.data_start("test") == 8
    np.testing.assert_array_equal(rows.data_rows("test"), [8, 9])
    np.testing.assert_array_equal(rows.labels(10), ["train"] * 6 + ["val"] * 2 + ["test"] * 2)


def test_price_rows_are_the_data_rows():
    rows = targets.Rows.of(10, TEN)  # 10 model rows: 0-5 train, 6-7 val, 8-9 test
    assert rows == targets.Rows(0, Split(10, 6, 8))
    assert rows.data(3) == 3 and rows.model(3) == 3 and rows.first_origin(2) == 1
    assert rows.data_end("train") == 6 and rows.data_start("test") == 8 and rows.data_end("test") == 10
    np.testing.assert_array_equal(rows.labels(10), ["train"] * 6 + ["val"] * 2 + ["test"] * 2)
    assert targets.Rows.at("price", rows.split) == rows


def test_model_row_r_is_the_return_into_data_row_data_r():
    y = np.array([100.0, 110.0, 99.0, 120.0, 118.0])
    frame = pd.DataFrame({"y": y})
    values = targets.model_rows(frame, "log_return")
    rows = targets.Rows.at("log_return", Split(len(values), 2, 3))
    r = np.arange(len(values))
    np.testing.assert_allclose(values[:, 0], np.log(y[rows.data(r)] / y[rows.data(r) - 1]))
    np.testing.assert_array_equal(targets.model_rows(frame, "price"), frame.to_numpy())


@pytest.mark.parametrize("mode", ["price", "log_return", "window_ratio"])
def test_a_test_files_rows_are_the_test_rows_in_every_mode(mode):
    index = pd.date_range("2024-01-01", periods=12, freq="D")
    frame = pd.DataFrame({"y": np.linspace(10.0, 21.0, 12)}, index=index)
    config = dataclasses.replace(TEN, target_mode=mode, test_start="2024-01-10")  # the last 3 days are the test file
    _, values, rows = prepare.rows(frame, config, "y")
    assert len(values) == rows.split.n == 12 - rows.offset
    assert rows.split.n - rows.split.test_start == 3
    assert index[rows.data_start("test")] == pd.Timestamp("2024-01-10")
    np.testing.assert_array_equal(index[rows.data_rows("test")], index[-3:])
    assert (rows.labels(12) == "test").sum() == 3
