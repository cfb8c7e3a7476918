"""Seeded synthetic input sequences for the Cell page, and parsing of typed numbers."""

from __future__ import annotations

import math
import re

import numpy as np

from lstmviz.errors import Text, UserError

SPIKE = 3.0  # the single spike's height: large enough that the cell writes a visible amount (C_t ≈ 0.3)
KINDS = ("sine", "noisy sine", "step", "single spike", "random walk", "square wave")
MAX_LENGTH = 10_000
MAX_TYPED = 500  # more than this is not a sequence anyone types; it would also slow every rerun
FLOAT32_MAX = float(np.finfo(np.float32).max)  # about 3.4e38: the model computes in float32
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # what a person types; not nan, inf or 1_000


def make_sequence(kind: str, length: int, seed: int = 0) -> np.ndarray:
    """A (length,) float32 sequence of the given kind, the same for the same seed."""
    if kind not in KINDS:
        raise UserError("setting.one_of", setting=Text("Kind"), choices=KINDS, value=kind)
    if not 1 <= length <= MAX_LENGTH:
        raise UserError("setting.between", setting=Text("Length"), low=1, high=MAX_LENGTH, value=length)
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


def parse_numbers(text: str, *, decimal: str = ".") -> np.ndarray:
    """Typed numbers as a (n,) float32 array; UserError names the first bad value (1-based).

    decimal=".": values separated by commas, spaces, semicolons or new lines ("0.5, 1.2 -3"), except that
    a `;` between values means a comma inside a value can only be a decimal mark ("1,5; 2,3" is two values).
    decimal=",": Brazilian numbers ("1,5; 2,3 -0,25") separated by `;`, spaces or new lines; a comma that ends
    a value is a separator ("0,5, 1"), a dot with a comma is a thousands dot ("1.234,5"), a lone dot a decimal
    point. Values must be finite in float32 (1e39 is not). A Unicode minus (−) reads as "-".
    """
    if decimal not in (".", ","):
        raise ValueError(f"decimal must be '.' or ','; got {decimal!r}")
    text = text.replace("\u2212", "-").strip()
    comma_decimal = decimal == "," or ";" in text
    tokens = [tok for tok in re.split(r"[;\s]+" if comma_decimal else r"[,;\s]+", text) if tok]
    if not tokens:
        raise UserError("numbers.empty")
    if len(tokens) > MAX_TYPED:
        raise UserError("numbers.too_many", most=MAX_TYPED, count=len(tokens))
    values = np.empty(len(tokens), dtype=np.float32)
    for k, tok in enumerate(tokens):
        plain = _plain_number(tok) if comma_decimal else tok
        if not _NUMBER.fullmatch(plain):
            raise UserError("numbers.not_a_number", position=k + 1, text=tok)
        value = float(plain)
        if not abs(value) <= FLOAT32_MAX:  # float32 would make it inf
            raise UserError("numbers.too_large", position=k + 1, text=tok)
        values[k] = value
    return values


def _plain_number(token: str) -> str:
    """A value written with a decimal comma, as float() reads it: "1.234,5" -> "1234.5", "0,5," -> "0.5"."""
    token = token.removesuffix(",")
    if "," in token:
        token = token.replace(".", "").replace(",", ".")
    return token
