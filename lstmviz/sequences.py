"""Seeded input sequences for the Cell page (kinds defined in lstmviz.kinds), and parsing of typed numbers."""

from __future__ import annotations

import re

import numpy as np

from lstmviz import kinds
from lstmviz.errors import Text, UserError

SPIKE = 3.0  # the single spike's height: large enough that the cell writes a visible amount (C_t ≈ 0.3)
NOISE = 0.2  # the noisy sine's noise std
KINDS = ("sine", "noisy sine", "step", "single spike", "random walk", "square wave")  # of lstmviz.kinds
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
    period = max(4, min(24, length // 3))  # a few cycles however short the sequence
    noise = NOISE if kind == "noisy sine" else 0.0
    y = kinds.draw(kind, length, period=period, rng=np.random.default_rng(seed), noise=noise, spike=SPIKE, step=0.3)
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
