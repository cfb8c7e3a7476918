import numpy as np
import pytest

from lstmviz import kinds, sequences
from lstmviz.data import synthetic


def test_noisy_sine_is_one_formula_on_both_pages():
    n, seed = 40, 5
    t = np.arange(n)
    e = np.random.default_rng(seed).standard_normal(n)
    cell_period = max(4, min(24, n // 3))
    expected_cell = np.sin(2 * np.pi * t / cell_period) + 0.2 * e  # the Cell page adds noise of std 0.2
    np.testing.assert_allclose(sequences.make_sequence("noisy sine", n, seed), expected_cell, rtol=1e-6, atol=1e-6)
    expected_train = np.sin(2 * np.pi * t / synthetic.PERIOD) + 0.7 * e
    train = synthetic.synthetic("noisy sine", n, noise=0.7, seed=seed).to_numpy()
    np.testing.assert_allclose(train, expected_train, atol=1e-12)


def test_each_page_offers_kinds_of_the_one_table():
    assert set(sequences.KINDS) <= set(kinds.KINDS) and set(synthetic.KINDS) <= set(kinds.KINDS)
    with pytest.raises(ValueError, match="zigzag"):
        kinds.draw("zigzag", 5, period=4, rng=np.random.default_rng(0))


def test_the_single_spike_and_the_random_walk_steps():
    y = kinds.draw("single spike", 6, period=4, rng=np.random.default_rng(0), spike=3.0)
    np.testing.assert_array_equal(y, [0, 0, 3.0, 0, 0, 0])
    walk = kinds.draw("random walk", 50, period=4, rng=np.random.default_rng(1), step=0.3)
    np.testing.assert_allclose(np.diff(walk, prepend=0.0), 0.3 * np.random.default_rng(1).standard_normal(50))
