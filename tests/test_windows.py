import numpy as np
import pytest

from lstmviz.errors import UserError
from lstmviz.windows import Scaler, make_windows, origins, split_bounds


def test_split_bounds_and_labels():
    s = split_bounds(100, 10, 1, 0.15, 0.15)
    assert (s.val_start, s.test_start, s.n) == (70, 85, 100)
    assert s.label(np.array([0, 69, 70, 84, 85, 99])).tolist() == ["train", "train", "val", "val", "test", "test"]


@pytest.mark.parametrize("horizon", [1, 3, 7])
def test_windows_never_cross_a_boundary(horizon):
    L = 5
    s = split_bounds(60, L, horizon, 0.2, 0.2)
    bounds = {"train": (0, s.val_start), "val": (s.val_start, s.test_start), "test": (s.test_start, s.n)}
    for which, (lo, hi) in bounds.items():
        t = origins(s, L, horizon, which)
        assert len(t) > 0
        assert (t - L + 1 >= 0).all()
        assert (t + 1 >= lo).all() and (t + horizon < hi).all(), which
        assert t[0] in (L - 1, lo - 1) and t[-1] == hi - horizon - 1
    train_targets = origins(s, L, horizon, "train")[-1] + horizon
    assert train_targets < s.val_start


def test_make_windows_by_hand():
    values = np.arange(20.0).reshape(10, 2)  # column 0 = 0, 2, 4, ...
    X, Y = make_windows(values, values[:, 0], np.array([2, 5]), 3, 2)
    assert X.shape == (2, 3, 2) and Y.shape == (2, 2)
    np.testing.assert_array_equal(X[0], values[0:3])
    np.testing.assert_array_equal(X[1], values[3:6])
    np.testing.assert_array_equal(Y, [[6, 8], [12, 14]])


def test_scaler():
    rows = np.array([[1.0, 5.0], [3.0, 5.0]])
    sc = Scaler.fit(rows)
    np.testing.assert_array_equal(sc.mean, [2, 5])
    np.testing.assert_array_equal(sc.std, [1, 1])  # the constant column keeps std 1
    np.testing.assert_array_equal(sc.transform(rows), [[-1, 0], [1, 0]])
    np.testing.assert_array_equal(sc.target_back(np.array([-1.0, 1.0])), [1, 3])


@pytest.mark.parametrize(
    ("args", "code", "params"),
    [
        ((100, 90, 1, 0.15, 0.15), "split.train_short", {"lookback": 90, "horizon": 1, "train": 70, "n": 100}),
        ((100, 10, 20, 0.15, 0.15), "split.val_short", {"rows": 15, "horizon": 20, "share": 0.15}),
        ((3, 1, 1, 0.0, 0.1), "split.no_test_rows", {"share": 0.1, "n": 3}),
    ],
)
def test_too_short(args, code, params):
    with pytest.raises(UserError) as e:
        split_bounds(*args)
    assert (e.value.code, e.value.params) == (code, params)
