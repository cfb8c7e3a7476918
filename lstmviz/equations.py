"""A cell's equations as LaTeX with the real numbers of one unit at one step substituted, and where each
gate's pre-activation z = W_x·x_t + W_h·h_{t-1} + b comes from. The equations, the gates and their order are the
cell kind's (lstmviz.cellkinds).

Letters: D input size of the layer (layer 0 reads the model's input x_t; layer l > 0 reads layer l-1's h_t),
H hidden units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstmviz.cell import Trace, layer_biases
from lstmviz.cellkinds import KINDS, kind_of


def step_values(trace: Trace, x_t: float, *, layer: int, step: int, unit: int) -> dict[str, float]:
    """Values at (layer, step, unit), plus the previous states as `<state>_prev` (zero before the first step)."""
    kind = KINDS[trace.kind]
    v = {k: float(getattr(trace, k)[layer, step, unit]) for k in kind.order}
    for k in kind.states:
        v[f"{k}_prev"] = float(getattr(trace, k)[layer, step - 1, unit]) if step > 0 else 0.0
    v["x"] = x_t
    return v


def latex_equations(v: dict[str, float], *, pre: dict[str, float], decimal: str = ".", cell: str = "lstm") -> list[str]:
    """The equations of `cell` (a lstmviz.cellkinds key) with numbers: an LSTM's f, i, C̃, C, o, h; `pre` holds
    each gate's pre-activation z.

    `decimal` is the decimal separator: "," (Portuguese) is written {,} so that TeX adds no space after it.
    """
    sep = "{,}" if decimal == "," else decimal

    def n(x: float) -> str:  # never "-0.0000": what rounds to zero is written unsigned
        return f"{x if round(x, 4) else 0.0:.4f}".replace(".", sep)

    def m(x: float) -> str:  # a factor in a product: negatives get parentheses
        return n(x) if round(x, 4) >= 0 else f"({n(x)})"

    return KINDS[cell].equations(v, pre, n, m)


@dataclass(frozen=True)
class PreActivation:
    """One gate's z for one unit, term by term: z = Σ_j w_x[j] x[j] + Σ_k w_h[k] h[k] + b; for a gate whose
    recurrent term another gate scales (the GRU's n_t), z = Σ_j w_x[j] x[j] + b + scale (Σ_k w_h[k] h[k] + b_h)."""

    w_x: np.ndarray  # (D,) the unit's row of W_ih for this gate
    x: np.ndarray  # (D,) what the layer reads at t: x_t on layer 0, h_t of the layer below otherwise
    w_h: np.ndarray  # (H,) the unit's row of W_hh for this gate
    h: np.ndarray  # (H,) h_{t-1}
    b: float  # b_ih + b_hh; b_ih alone where `scale` is set
    scale: float | None = None  # the scaling gate's value (r_t), None where nothing scales the recurrent term
    b_h: float = 0.0  # b_hh where `scale` is set

    @property
    def from_x(self) -> float:
        return float(self.w_x @ self.x)

    @property
    def from_h(self) -> float:
        return float(self.w_h @ self.h)

    @property
    def z(self) -> float:
        if self.scale is None:
            return self.from_x + self.from_h + self.b
        return self.from_x + self.b + self.scale * (self.from_h + self.b_h)


def pre_activation_terms(rnn, layer_input, h_prev, *, layer: int, unit: int) -> dict[str, PreActivation]:
    """The terms of z for one unit's gates (its kind's, e.g. i, f, g, o); layer_input (D,), h_prev (H,), in float64."""
    kind = kind_of(rnn)
    W_ih = getattr(rnn, f"weight_ih_l{layer}").detach().double().numpy()
    W_hh = getattr(rnn, f"weight_hh_l{layer}").detach().double().numpy()
    b_ih, b_hh = (b.double().numpy() for b in layer_biases(rnn, layer))
    x, h = layer_input.detach().double().numpy(), h_prev.detach().double().numpy()
    H = rnn.hidden_size
    terms = {}
    for gate in sorted(kind.gates, key=lambda g: g in kind.reset):  # a scaling gate before the gate it scales
        r = kind.block(gate, H).start + unit
        if gate in kind.reset:
            scale = 1 / (1 + np.exp(-terms[kind.reset[gate]].z))  # sigma(z) of the scaling gate
            terms[gate] = PreActivation(W_ih[r], x, W_hh[r], h, float(b_ih[r]), float(scale), float(b_hh[r]))
        else:
            terms[gate] = PreActivation(w_x=W_ih[r], x=x, w_h=W_hh[r], h=h, b=float(b_ih[r] + b_hh[r]))
    return {gate: terms[gate] for gate in kind.gates}


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
    pre: PreActivation, gate: str, *, layer: int, decimal: str = ".", top: int = 2, more: str = "more",
    cell: str = "lstm",
) -> list[str]:  # fmt: skip
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

    g = KINDS[cell].z[gate]
    x_name = "x_t" if layer == 0 else rf"h^{{({layer - 1})}}_t"
    if pre.scale is not None:
        s = KINDS[cell].parts[KINDS[cell].reset[gate]].math
        return [
            rf"z_{g} = W_{{{g}x}} \cdot {x_name} + b_{{{g}x}} + {s} \odot (W_{{{g}h}} \cdot h_{{t-1}} + b_{{{g}h}})",
            rf"\quad = {_dot_latex(pre.w_x, pre.x, more, n, m, top)} + {m(pre.b)} + {n(pre.scale)} \cdot"
            rf" ({_dot_latex(pre.w_h, pre.h, more, n, m, top)} + {m(pre.b_h)})",
            rf"\quad = {n(pre.from_x)} + {m(pre.b)} + {n(pre.scale)} \cdot ({n(pre.from_h)} + {m(pre.b_h)})"
            rf" = {n(pre.z)}",
        ]
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
