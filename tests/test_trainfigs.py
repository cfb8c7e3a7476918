import numpy as np
import pandas as pd

from lstmviz.backtest import backtest
from lstmviz.config import TrainConfig
from lstmviz.data.synthetic import synthetic
from lstmviz.figures.backtest import backtest_chart, fold_table
from lstmviz.figures.train import (
    data_preview,
    forecast_chart,
    metrics_notes,
    metrics_text,
    predictions_chart,
    split_regions,
)


def test_split_regions_are_the_contiguous_runs():
    labels = pd.Series(["train"] * 3 + ["val"] * 2 + ["test"], index=pd.date_range("2024-01-01", periods=6))
    assert split_regions(labels) == [
        ("train", labels.index[0], labels.index[2]),
        ("val", labels.index[3], labels.index[4]),
        ("test", labels.index[5], labels.index[5]),
    ]
    assert split_regions(labels.iloc[:0]) == []


def test_metrics_text_marks_the_best_and_leaves_persistence_without_a_direction():
    metrics = pd.DataFrame(
        {
            "rmse": [1.0, 2.0, 0.5],
            "mae": [0.9, 1.5, 0.7],
            "mape": [3.0, 4.0, 5.0],
            "directional_accuracy": [0.6, 0.0, 0.55],
        },
        index=pd.Index(["model", "persistence", "linear"], name="model"),
    )
    text, best = metrics_text(metrics)
    assert text.loc["persistence (last value)", "direction right (%)"] == "—"
    assert text.loc["this model", "direction right (%)"] == "60"
    assert best["RMSE"].tolist() == [False, False, True]
    assert best["MAPE (%)"].tolist() == [True, False, False]
    assert best["direction right (%)"].tolist() == [True, False, False]  # 60 % beats 55 %; persistence has none


def test_predictions_chart_shades_the_splits_behind_both_lines():
    index = pd.date_range("2024-01-01", periods=10)
    p = pd.DataFrame({"actual": np.arange(10.0), "predicted": np.r_[np.nan, np.arange(1.0, 10.0)],
                      "split": ["train"] * 6 + ["val"] * 2 + ["test"] * 2}, index=index)  # fmt: skip
    fig = predictions_chart(p)
    assert [s.label.text for s in fig.layout.shapes] == ["train", "val", "test"]
    assert all(s.layer == "below" for s in fig.layout.shapes)
    assert [tr.name for tr in fig.data] == ["actual", "predicted (one step ahead)"]


def test_beyond_the_data_is_marked_as_such():
    index = pd.date_range("2024-01-01", periods=5)
    context = pd.Series(np.arange(5.0), index=index)
    future = pd.DataFrame(
        {"predicted": [5.0, 6.0], "actual": [np.nan, np.nan]}, index=pd.date_range("2024-01-06", periods=2)
    )
    fig = forecast_chart(context, future, beyond=True)
    assert fig.layout.title.text == "Forecast beyond the data"
    assert "nothing to check against" in fig.layout.annotations[0].text
    assert [tr.name for tr in fig.data] == ["known values", "forecast beyond the data"]  # no "actual" line to fake


def test_forecast_from_an_origin_names_it_in_the_requested_date_format():
    context = pd.Series(np.arange(5.0), index=pd.date_range("2024-01-01", periods=5))
    future = pd.DataFrame({"predicted": [5.0, 6.0], "actual": [5.5, 6.5]}, index=pd.date_range("2024-01-06", periods=2))
    assert forecast_chart(context, future).layout.title.text == "2-step forecast from 2024-01-05"
    assert forecast_chart(context, future, date_format="%d/%m/%Y").layout.title.text.endswith("from 05/01/2024")
    assert [tr.name for tr in forecast_chart(context, future).data][-1] == "what actually happened"


def test_metrics_text_has_mase_and_leaves_the_base_rate_to_the_notes():
    metrics = pd.DataFrame(
        {"rmse": [1.0, 2.0], "mae": [0.9, 1.5], "mase": [0.5, 0.75], "mape": [np.nan, np.nan],
         "directional_accuracy": [0.56, 0.0], "up_share": [0.54, 0.54]},
        index=pd.Index(["model", "persistence"], name="model"),
    )  # fmt: skip
    text, best = metrics_text(metrics)
    assert list(text.columns) == ["RMSE", "MAE", "MASE", "MAPE (%)", "direction right (%)"]
    assert text["MAPE (%)"].tolist() == ["—", "—"] and best["MASE"].tolist() == [True, False]
    notes = metrics_notes(metrics)
    assert any("went up on 54% of its steps" in n and 'always says "up" is right 54%' in n for n in notes)
    assert any(n.startswith("MAPE is not shown: the values cross zero") for n in notes)
    assert metrics_notes(metrics.assign(mape=[3.0, 4.0])) == notes[:-1]


def test_interval_bands_are_drawn_only_when_asked_and_finite():
    index = pd.date_range("2024-01-01", periods=6)
    p = pd.DataFrame({"actual": np.arange(6.0), "predicted": np.arange(6.0) + 0.5, "split": ["train"] * 6},
                     index=index).assign(lower=lambda d: d.predicted - 1, upper=lambda d: d.predicted + 1)  # fmt: skip
    assert [tr.name for tr in predictions_chart(p).data] == ["actual", "predicted (one step ahead)"]
    fig = predictions_chart(p, coverage=0.9)
    assert [tr.name for tr in fig.data][1:] == ["90% interval", "actual", "predicted (one step ahead)"]
    np.testing.assert_array_equal(fig.data[0].y, p["upper"])
    np.testing.assert_array_equal(fig.data[1].y, p["lower"])
    assert fig.data[1].fill == "tonexty" and fig.data[0].showlegend is False
    no_band = p.assign(lower=np.nan, upper=np.nan)  # too few validation windows: nothing to promise
    assert len(predictions_chart(no_band, coverage=0.9).data) == 2
    context = pd.Series(np.arange(5.0), index=index[:5])
    future = pd.DataFrame({"predicted": [5.0], "lower": [4.0], "upper": [6.0], "actual": [np.nan]}, index=index[5:])
    band = forecast_chart(context, future, beyond=True, coverage=0.8).data[:2]
    assert band[1].name == "80% interval" and list(band[0].y) == [4.0, 6.0]  # from the origin's known value


def test_backtest_chart_shades_each_fold_and_the_table_reads_per_fold():
    s = synthetic("trend + seasonality", 160, noise=0.1, seed=0) + 5
    r = backtest(s, TrainConfig(lookback=8, hidden_size=4, epochs=1, test_fraction=0.3), folds=3)
    fig = backtest_chart(r)
    assert [shape.label.text for shape in fig.layout.shapes] == ["fold 1", "fold 2", "fold 3"]
    assert [shape.x0 for shape in fig.layout.shapes] == list(r.folds["start"])
    names = [tr.name for tr in fig.data]
    assert names == [None, "90% interval", "actual", "persistence (last value)", "predicted (one step ahead)"]
    table = fold_table(r.folds, decimal=",", date_format="%d/%m/%Y")
    assert list(table.columns) == ["test block", "trained on (rows)", "RMSE", "persistence RMSE", "skill",
                                   "inside the band (%)", "interval score", "band width", "drift RMSE", "ETS RMSE",
                                   "MASE", "direction right (%)", "Diebold–Mariano p"]  # fmt: skip
    first = r.folds.iloc[0]
    assert table.iloc[0]["test block"] == f"{first.start:%d/%m/%Y} – {first.end:%d/%m/%Y}"
    assert table.iloc[0]["skill"] == f"{first.skill:.2f}".replace(".", ",")


def test_a_narrow_split_is_labelled_at_its_bottom_out_of_its_neighbours_way():
    index = pd.date_range("2013-01-02", periods=1300, freq="B")
    labels = pd.Series(["train"] * 1083 + ["val"] * 195 + ["test"] * 22, index=index)  # a course's 22-row test file
    fig = data_preview(pd.Series(np.arange(1300.0), index=index), labels)
    where = {shape.label.text: shape.label.textposition for shape in fig.layout.shapes}
    assert where == {"train": "top center", "val": "top center", "test": "bottom right"}
