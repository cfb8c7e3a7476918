"""Seeded synthetic input sequences for the Cell page, and parsing of typed numbers."""

from __future__ import annotations

import math
import re

import numpy as np

SPIKE = 3.0  # the single spike's height: large enough that the cell writes a visible amount (C_t ≈ 0.3)
KINDS = ("sine", "noisy sine", "step", "single spike", "random walk", "square wave")
MAX_TYPED = 500  # more than this is not a sequence anyone types; it would also slow every rerun


def make_sequence(kind: str, length: int, seed: int = 0) -> np.ndarray:
    """A (length,) float32 sequence of the given kind, the same for the same seed."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if not 1 <= length <= 10_000:
        raise ValueError(f"length ({length}) must be between 1 and 10000")
    rng = np.random.default_rng(seed)
    t = np.arange(length)
    period = max(4, min(24, length // 3))
    if kind == "sine":
        y = np.sin(2 * math.pi * t / period)
    elif kind == "noisy sine":
        y = np.sin(2 * math.pi * t / period) + 0.2 * rng.standard_normal(length)
    elif kind == "step":
        y = (t >= length // 3).astype(float)
    elif kind == "single spike":
        y = np.zeros(length)
        y[min(2, length - 1)] = SPIKE
    elif kind == "random walk":
        y = np.cumsum(0.3 * rng.standard_normal(length))
    else:
        y = np.where(np.sin(2 * math.pi * t / period) >= 0, 1.0, -1.0)
    return y.astype(np.float32)


def parse_numbers(text: str) -> np.ndarray:
    """Numbers separated by commas, spaces, semicolons or new lines; ValueError names the problem."""
    tokens = [tok for tok in re.split(r"[,;\s]+", text.strip()) if tok]
    if not tokens:
        raise ValueError("type at least one number, e.g. 0.1, 0.5, -0.3")
    if len(tokens) > MAX_TYPED:
        raise ValueError(f"at most {MAX_TYPED} values, got {len(tokens)}")
    values = []
    for k, tok in enumerate(tokens, start=1):
        try:
            v = float(tok)
        except ValueError:
            raise ValueError(f"value {k} ({tok!r}) is not a number") from None
        if not math.isfinite(v):
            raise ValueError(f"value {k} ({tok!r}) is not a finite number")
        values.append(v)
    return np.asarray(values, dtype=np.float32)
