"""The six cell equations as LaTeX with the real numbers of one unit at one step substituted, and where each
gate's pre-activation z = W_x·x_t + W_h·h_{t-1} + b comes from.

Letters: D input size of the layer (layer 0 reads the model's input x_t; layer l > 0 reads layer l-1's h_t),
H hidden units. PyTorch gate order i, f, g, o.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstmviz.cell import LSTMTrace, layer_weights

GATE_NAMES = {"i": "i", "f": "f", "g": "C", "o": "o"}  # the subscripts of z_f, z_i, z_C, z_o


def step_values(trace: LSTMTrace, x_t: float, *, layer: int, step: int, unit: int) -> dict[str, float]:
    """Values at (layer, step, unit), plus the previous states (zero before the first step)."""
    v = {k: float(getattr(trace, k)[layer, step, unit]) for k in "ifgoch"}
    v["c_prev"] = float(trace.c[layer, step - 1, unit]) if step > 0 else 0.0
    v["h_prev"] = float(trace.h[layer, step - 1, unit]) if step > 0 else 0.0
    v["x"] = x_t
    return v


def latex_equations(v: dict[str, float], *, pre: dict[str, float], decimal: str = ".") -> list[str]:
    """f, i, C̃, C, o, h with numbers; `pre` holds the pre-activations z_f, z_i, z_g, z_o.

    `decimal` is the decimal separator: "," (Portuguese) is written {,} so that TeX adds no space after it.
    """
    sep = "{,}" if decimal == "," else decimal

    def n(x: float) -> str:  # never "-0.0000": what rounds to zero is written unsigned
        return f"{x if round(x, 4) else 0.0:.4f}".replace(".", sep)

    def m(x: float) -> str:  # a factor in a product: negatives get parentheses
        return n(x) if round(x, 4) >= 0 else f"({n(x)})"

    return [
        rf"f_t = \sigma(z_f) = \sigma({n(pre['f'])}) = {n(v['f'])}",
        rf"i_t = \sigma(z_i) = \sigma({n(pre['i'])}) = {n(v['i'])}",
        rf"\tilde C_t = \tanh(z_C) = \tanh({n(pre['g'])}) = {n(v['g'])}",
        r"C_t = f_t C_{t-1} + i_t \tilde C_t",
        rf"\quad = {n(v['f'])} \cdot {m(v['c_prev'])} + {n(v['i'])} \cdot {m(v['g'])}",
        rf"\quad = {n(v['c'])}",
        rf"o_t = \sigma(z_o) = \sigma({n(pre['o'])}) = {n(v['o'])}",
        rf"h_t = o_t \tanh(C_t) = {n(v['o'])} \cdot \tanh({n(v['c'])})",
        rf"\quad = {n(v['h'])}",
    ]


@dataclass(frozen=True)
class PreActivation:
    """One gate's z for one unit, term by term: z = Σ_j w_x[j] x[j] + Σ_k w_h[k] h[k] + b."""

    w_x: np.ndarray  # (D,) the unit's row of W_ih for this gate
    x: np.ndarray  # (D,) what the layer reads at t: x_t on layer 0, h_t of the layer below otherwise
    w_h: np.ndarray  # (H,) the unit's row of W_hh for this gate
    h: np.ndarray  # (H,) h_{t-1}
    b: float  # b_ih + b_hh

    @property
    def from_x(self) -> float:
        return float(self.w_x @ self.x)

    @property
    def from_h(self) -> float:
        return float(self.w_h @ self.h)

    @property
    def z(self) -> float:
        return self.from_x + self.from_h + self.b


def pre_activation_terms(lstm, layer_input, h_prev, *, layer: int, unit: int) -> dict[str, PreActivation]:
    """The terms of z for one unit's four gates (keys i, f, g, o); layer_input (D,), h_prev (H,), in float64."""
    W_ih, W_hh, b = (w.double().numpy() for w in layer_weights(lstm, layer))
    x, h = layer_input.detach().double().numpy(), h_prev.detach().double().numpy()
    H = lstm.hidden_size
    rows = {k: n * H + unit for n, k in enumerate("ifgo")}
    return {k: PreActivation(w_x=W_ih[r], x=x, w_h=W_hh[r], h=h, b=float(b[r])) for k, r in rows.items()}


def _dot_latex(w: np.ndarray, v: np.ndarray, name: str, n, m, top: int) -> str:
    """w·v written out: every product when there are at most top + 1, else the `top` largest in size and the rest
    summed ("+ 14 more: 0.0123")."""
    products = w * v
    order = np.argsort(-np.abs(products), kind="stable")
    shown = order if len(order) <= top + 1 else order[:top]
    parts = [rf"{m(w[j])} \cdot {m(v[j])}" for j in shown]
    rest = len(order) - len(shown)
    if rest:
        parts.append(rf"\underbrace{{{m(float(products[order[top:]].sum()))}}}_{{{rest}\ \text{{{name}}}}}")
    return parts[0] if len(parts) == 1 else r"\left(" + " + ".join(parts) + r"\right)"


def z_latex(
    pre: PreActivation, gate: str, *, layer: int, decimal: str = ".", top: int = 2, more: str = "more"
) -> list[str]:
    """Where z comes from, as LaTeX lines: z = W_x·x_t + W_h·h_{t-1} + b, then the numbers, then z.

    On layer l > 0 the layer's input is layer l-1's hidden state, written h^{(l-1)}_t. A dot product of more
    than top + 1 terms shows its `top` largest products and the sum of the rest (`more` is the word under that
    sum: "more" in English). `decimal` as in `latex_equations`.
    """
    sep = "{,}" if decimal == "," else decimal

    def n(x: float) -> str:
        return f"{x:.4f}".replace(".", sep)

    def m(x: float) -> str:
        return n(x) if x >= 0 else f"({n(x)})"

    g = GATE_NAMES[gate]
    x_name = "x_t" if layer == 0 else rf"h^{{({layer - 1})}}_t"
    return [
        rf"z_{g} = W_{{{g}x}} \cdot {x_name} + W_{{{g}h}} \cdot h_{{t-1}} + b_{g}",
        rf"\quad = {_dot_latex(pre.w_x, pre.x, more, n, m, top)} + {_dot_latex(pre.w_h, pre.h, more, n, m, top)}"
        rf" + {m(pre.b)}",
        rf"\quad = {n(pre.from_x)} + {m(pre.from_h)} + {m(pre.b)} = {n(pre.z)}",
    ]


def input_in_units(x_scaled: np.ndarray, *, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """A trained model's scaled input (D,) back in the data's units: x * std + mean (the Train page's Scaler)."""
    return np.asarray(x_scaled, dtype=float) * np.asarray(std, dtype=float) + np.asarray(mean, dtype=float)


def x_latex(
    x_t: float,
    *,
    layer: int,
    original: float | None = None,
    decimal: str = ".",
    scaled: str = "scaled",
    units: str = "",
) -> str:
    """What the layer reads at t, as LaTeX: x_t on layer 0 (a trained model's input is scaled: `original` is its
    value in the data's units, shown beside it with the words `scaled` and `units`), h^{(l-1)}_t above it."""
    sep = "{,}" if decimal == "," else decimal
    name = "x_t" if layer == 0 else rf"h^{{({layer - 1})}}_t"
    text = f"{name} = {x_t:.4f}".replace(".", sep)
    if layer == 0 and original is not None:
        text += rf"\quad (\text{{{scaled}}};\ {original:.6g}".replace(".", sep) + rf"\ \text{{{units}}})"
    return text
