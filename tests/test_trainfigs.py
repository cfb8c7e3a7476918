import numpy as np
import pandas as pd

from lstmviz.figures.train import forecast_chart, metrics_text, predictions_chart, split_regions


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
