"""The six cell equations as LaTeX with the real numbers of one unit at one step substituted."""

from __future__ import annotations

from lstmviz.cell import LSTMTrace, layer_weights


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


def pre_activations(lstm, layer_input, h_prev, *, layer: int, unit: int) -> dict[str, float]:
    """z = W_ih x_t + W_hh h_{t-1} + b for one unit's four gates; layer_input (D,), h_prev (H,)."""
    W_ih, W_hh, b = layer_weights(lstm, layer)
    H = lstm.hidden_size
    z = W_ih @ layer_input.to(W_ih.dtype) + W_hh @ h_prev.to(W_ih.dtype) + b  # (4H,)
    return {k: float(z[g * H + unit]) for g, k in enumerate("ifgo")}
