"""The sequence kinds, one definition each: the Cell page (lstmviz.sequences) and the Train page
(lstmviz.data.synthetic) each offer a subset of KINDS.

A kind is a shape over steps t = 0 .. n-1 with a cycle of `period` steps, plus Gaussian noise of std `noise`;
"noisy sine" is sin(2 pi t / period) + noise * e on both pages. The pages choose the parameters: the Cell page
fits a few cycles into a short sequence and adds noise to the noisy sine only; the Train page has a 30-day
cycle and adds its Noise setting to every kind.
"""

from __future__ import annotations

import math

import numpy as np

KINDS = ("sine", "noisy sine", "step", "single spike", "random walk", "square wave", "trend + seasonality",
         "AR(1)", "sum of sines")  # fmt: skip
PHI = 0.8  # AR(1)'s coefficient: strongly persistent yet stationary (|phi| < 1)


def draw(kind: str, n: int, *, period: float, rng: np.random.Generator, noise: float = 0.0, spike: float = 1.0,
         step: float = 1.0) -> np.ndarray:  # fmt: skip
    """n float64 values of `kind`: its shape, then noise of std `noise` drawn from `rng` after the shape's own.

    `spike`: the single spike's height (at step 2); `step`: the std of a random walk's steps.
    """
    t = np.arange(n, dtype=float)
    if kind in ("sine", "noisy sine"):
        y = _sine(t, period)
    elif kind == "step":
        y = (t >= n // 3).astype(float)
    elif kind == "single spike":
        y = np.zeros(n)
        y[min(2, n - 1)] = spike
    elif kind == "random walk":
        y = np.cumsum(step * rng.standard_normal(n))
    elif kind == "square wave":
        y = np.where(_sine(t, period) >= 0, 1.0, -1.0)
    elif kind == "trend + seasonality":
        y = 0.01 * t + _sine(t, period) + 0.5 * _sine(t, 7)
    elif kind == "AR(1)":
        e = rng.standard_normal(n)
        y = np.empty(n)
        y[0] = e[0]
        for k in range(1, n):
            y[k] = PHI * y[k - 1] + e[k]
    elif kind == "sum of sines":
        y = _sine(t, period) + 0.5 * _sine(t, 11) + 0.25 * _sine(t, 5)
    else:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    return y + noise * rng.standard_normal(n) if noise else y


def _sine(t: np.ndarray, period: float) -> np.ndarray:
    return np.sin(2 * math.pi * t / period)
