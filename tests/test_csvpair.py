"""A course's training file and test file as one series whose test split is exactly the test file's rows
(TrainConfig.test_start), and the pairs that cannot be one."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from lstmviz.backtest import backtest, blocks
from lstmviz.config import TrainConfig
from lstmviz.data import csvdata, csvpair
from lstmviz.errors import UserError
from lstmviz.prepare import Prepared
from lstmviz.train import fit, plan
from tests.csvfiles import petr4_pair

FAST = TrainConfig(lookback=20, hidden_size=8, epochs=1, patience=0)


def _read(train: bytes, test: bytes):
    return csvdata.read_csv(train), csvdata.read_csv(test)


@pytest.mark.parametrize("test_as", ["yahoo", "excel"])
def test_the_petr4_pair_joins_by_date_and_each_file_is_read_in_its_own_format(test_as):
    train, test = _read(*petr4_pair(test_as))
    assert (train.separator, train.decimal) == (",", ".")
    assert (test.separator, test.decimal) == ((";", ",") if test_as == "excel" else (",", "."))
    frame, start = csvpair.join(train, test)
    assert start == "2018-01-02" and len(test.frame) == 22
    pd.testing.assert_frame_equal(frame.loc[:"2017-12-31"], train.frame)
    np.testing.assert_allclose(frame.loc[start:].to_numpy(), test.frame[list(train.frame.columns)].to_numpy())


@pytest.mark.parametrize("mode", ["price", "log_return"])
def test_the_test_split_is_exactly_the_test_files_rows(mode):
    train, test = _read(*petr4_pair())
    frame, start = csvpair.join(train, test)
    config = dataclasses.replace(FAST, test_start=start, target_mode=mode)
    labels = plan(frame, config, target="Open")
    assert labels.index[labels == "test"].equals(test.frame.index)
    result = fit(frame, config, target="Open")
    predicted = result.predictions[result.predictions["split"] == "test"]
    assert predicted.index.equals(test.frame.index)  # every test-file row is forecast, and nothing else is test
    np.testing.assert_allclose(predicted["actual"], test.frame["Open"])
    assert (result.predictions.index[result.predictions["split"] != "test"] < pd.Timestamp(start)).all()
    # the validation rows are the training file's last ones, the share of all rows as without a test file
    n_val = round((len(frame) - (mode == "log_return")) * config.val_fraction)
    assert labels.iloc[-22 - n_val : -22].eq("val").all() and labels.iloc[-23 - n_val] == "train"


def test_the_scaler_sees_no_test_file_row():
    train, test = _read(*petr4_pair())
    frame, start = csvpair.join(train, test)
    p = Prepared.of(frame, dataclasses.replace(FAST, test_start=start), "Open")
    assert p.split.n - p.split.test_start == 22
    rows = p.frame.to_numpy()[: p.split.val_start]
    np.testing.assert_allclose(p.scaler.mean, rows.mean(axis=0))
    assert len(blocks(p.split.test_start, p.split.n, 3)) == 3  # a backtest cuts the test file's rows


def test_a_backtest_cuts_the_test_files_rows_into_its_folds():
    train, test = _read(*petr4_pair())
    frame, start = csvpair.join(train, test)
    result = backtest(frame.loc["2016-06-01":], dataclasses.replace(FAST, test_start=start), folds=2, target="Open")
    assert result.predictions.index.equals(test.frame.index)
    assert result.folds["start"].tolist() == [test.frame.index[0], test.frame.index[11]]


def test_a_test_start_needs_dates_and_rows_after_it():
    values = pd.Series(np.sin(np.arange(300.0)))
    with pytest.raises(UserError) as e:
        plan(values, dataclasses.replace(FAST, test_start="2020-01-01"))
    assert e.value.code == "split.test_start_no_dates"
    dated = values.set_axis(pd.date_range("2020-01-01", periods=300))
    with pytest.raises(UserError) as e:
        plan(dated, dataclasses.replace(FAST, test_start="2021-01-01"))
    assert e.value.code == "split.test_start_late"
    with pytest.raises(ValueError, match="2020-13"):
        TrainConfig(test_start="2020-13-01")


def _shifted(info: csvdata.CsvInfo, days: int, **changes) -> csvdata.CsvInfo:
    frame = info.frame.set_axis(info.frame.index + pd.Timedelta(days=days))
    return dataclasses.replace(info, frame=frame, **changes)


def test_pairs_that_are_not_one_series_are_refused_with_their_reason():
    train, test = _read(*petr4_pair())
    cases = {
        "csvpair.overlap": _shifted(test, -10),  # starts inside the training dates
        "csvpair.test_first": _shifted(test, -6 * 365),  # the test before the training
        "csvpair.columns": dataclasses.replace(
            test, frame=test.frame.drop(columns="Volume"), numeric_columns=test.numeric_columns[:-1]
        ),  # fmt: skip
        "csvpair.no_dates": dataclasses.replace(test, date_column=None),
    }
    for code, bad in cases.items():
        with pytest.raises(UserError) as e:
            csvpair.join(train, bad)
        assert e.value.code == code, code
    straddling = _shifted(test, (train.frame.index[0] - test.frame.index[0]).days - 5)  # into the training's start
    with pytest.raises(UserError) as e:
        csvpair.join(train, straddling)
    assert e.value.code == "csvpair.test_first"
    last_day = train.frame.index[-1] - test.frame.index[0]  # the test starting on the training's last day
    with pytest.raises(UserError) as e:
        csvpair.join(train, _shifted(test, last_day.days))
    assert e.value.code == "csvpair.overlap" and e.value.params["days"] == 1
    with pytest.raises(UserError) as e:
        csvpair.join(train, _shifted(test, -10))
    assert e.value.params["days"] == 5 and e.value.params["train_last"] == pd.Timestamp("2017-12-29")
