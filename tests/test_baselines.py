import numpy as np
import pytest

from lstmviz.baselines import crosses_zero, linear, metrics_table, moving_average, naive_scale, persistence, scores


def test_baselines_by_hand():
    w = np.array([[1.0, 2.0, 3.0], [4.0, 4.0, 1.0]])
    np.testing.assert_array_equal(persistence(w), [3, 1])
    np.testing.assert_array_equal(moving_average(w), [2, 3])
    # line through (0,4), (1,4), (2,1): slope -1.5, intercept 4.5, at step 3: 0
    np.testing.assert_allclose(linear(w), [4, 0])


def test_scores_by_hand():
    actual = np.array([2.0, 4.0, 1.0])
    predicted = np.array([3.0, 3.0, 1.0])
    previous = np.array([1.0, 5.0, 2.0])
    s = scores(actual, predicted, previous)
    assert s["rmse"] == pytest.approx(np.sqrt(2 / 3))
    assert s["mae"] == pytest.approx(2 / 3)
    assert s["mape"] == pytest.approx(100 * (0.5 + 0.25 + 0) / 3)
    assert s["directional_accuracy"] == pytest.approx(1.0)  # up/up, down/down, down/down
    assert s["up_share"] == pytest.approx(1 / 3)  # one up move of three: "always up" would be right 33 % of the time
    assert np.isnan(s["mase"])  # no scale given
    assert scores(actual, predicted, previous, scale=0.5)["mase"] == pytest.approx((2 / 3) / 0.5)


def test_mase_scale_is_persistence_on_the_training_values():
    assert naive_scale(np.array([1.0, 3.0, 2.0, 2.0])) == pytest.approx((2 + 1 + 0) / 3)
    assert np.isnan(naive_scale(np.array([1.0])))


def test_mape_is_left_out_where_the_values_cross_zero():
    assert crosses_zero(np.array([-1.0, 2.0])) and crosses_zero(np.array([0.0, 2.0]))
    assert not crosses_zero(np.array([1.0, 2.0])) and not crosses_zero(np.array([-1.0, -2.0]))
    s = scores(np.array([1.0, -1.0]), np.array([0.5, -0.5]), np.array([0.5, 0.5]))
    assert np.isnan(s["mape"]) and s["rmse"] == pytest.approx(np.sqrt((0.25 + 0.25) / 2))
    negative = scores(np.array([-2.0, -4.0]), np.array([-1.0, -4.0]), np.array([-1.0, -3.0]))
    assert negative["mape"] == pytest.approx(100 * (0.5 + 0) / 2)  # all below zero: a percentage still means something


def test_table_rows_and_persistence_never_scores_direction():
    w = np.array([[1.0, 2.0], [2.0, 3.0]])
    t = metrics_table("model", np.array([3.5, 3.0]), np.array([3.0, 4.0]), w)
    assert list(t.index) == ["model", "persistence", "moving_average", "linear"]
    assert list(t.columns) == ["rmse", "mae", "mase", "mape", "directional_accuracy", "up_share", "dm_pvalue"]
    assert t.loc["persistence", "mae"] == pytest.approx(1.0)
    assert t.loc["persistence", "directional_accuracy"] == 0.0
    assert t.loc["linear", "rmse"] == pytest.approx(0.0)
