"""Everything the Cell page's stepper shows at every step, computed once, as JSON-able data.

The browser moves the step (lstmviz/ui/stepper.py draws it): the server sends this payload once per
model, input and language, and stepping or playing costs it nothing. Every number and text a student
reads is formatted here, in the page's language; the browser only picks the step's entry.

Letters: T timesteps, H hidden units, D input size.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.colors
import torch
from torch import nn

from lstmviz.cell import Trace
from lstmviz.cellkinds import KINDS
from lstmviz.equations import latex_equations, pre_activation_terms, step_values, x_latex, z_latex
from lstmviz.figures import GATE_SCALE, SIGNED_SCALE

NAMES = {"x": "input"}  # what the stepper names beside the kind's own parts (lstmviz.cellkinds)
DIGITS = 6  # the arrays' decimals: float32 carries about 7 significant digits
TEXTS = {  # the stepper's own texts by id, translated here with the page's tr
    "back": "◀ Back",
    "forward": "Forward ▶",
    "play": "▶ Play",
    "pause": "⏸ Pause",
    "step": "Timestep t",
    "auto": "Auto-scale",
    "unit": "unit",
    "z": "Where z comes from",
    "grid": "Each heatmap: one row per unit, one column per timestep t; the black bar marks the unit in the equations.",
}


def label(x: float, *, signed: bool = True, decimal: str = ".") -> str:
    """A value as the diagram shows it: 3 decimals, a real minus sign, never "−0.000"."""
    r = round(x, 3)
    text = f"{r:+.3f}" if signed and r != 0 else f"{abs(r):.3f}"  # abs: -0.0 and what rounds to it
    return text.replace("-", "−").replace(".", decimal)


def fixed_ranges(trace: Trace, *, layer: int) -> dict[str, list[float]]:
    """The default colour and axis ranges: gates [0, 1], tanh outputs [−1, 1], a sum (the LSTM's C_t) [−R, R]
    with R ≥ 1 whole.

    C_t is a sum, not a tanh: R is the smallest whole number that holds it, so a closed gate still looks flat.
    """

    def whole(k: str) -> float:
        return float(max(1, math.ceil(float(getattr(trace, k)[layer].abs().max()) - 1e-9)))

    kind = KINDS[trace.kind]
    ranges = {"gate": lambda k: [0.0, 1.0], "tanh": lambda k: [-1.0, 1.0], "sum": lambda k: [-whole(k), whole(k)]}
    return {k: ranges[kind.parts[k].range](k) for k in kind.order}


def step_payload(
    trace: Trace,
    rnn: nn.Module,
    x: torch.Tensor,
    *,
    layer: int = 0,
    unit: int = 0,
    units=(0,),
    step: int = 0,
    decimal: str = ".",
    original: np.ndarray | None = None,
    tr=str,
) -> dict:
    """The stepper's data for one layer of `trace`, the run of `rnn` (an LSTM, GRU or RNN) on x (T, D).

    `unit` is the unit the equations and the diagram show, `units` those the C_t / h_t lines plot,
    `step` the step shown first; `decimal` the decimal separator ("," in Portuguese), `original` (T,) x's
    first column in the data's units where x is scaled (a trained model), `tr` the translator.
    """
    kind = KINDS[trace.kind]
    gates = [k for k in kind.order if k in kind.gates]  # the z panel follows the equations' order
    L, T, H = trace.h.shape
    if not 0 <= layer < L:
        raise ValueError(f"layer ({layer}) must be between 0 and {L - 1}")
    if not 0 <= unit < H:
        raise ValueError(f"unit ({unit}) must be between 0 and {H - 1}")
    if x.dim() != 2 or x.shape[0] != T:
        raise ValueError(f"x must be (T, D) with T = {T}, got shape {tuple(x.shape)}")
    units = [int(u) for u in units if 0 <= int(u) < H] or [0]
    equations, labels, headings, inputs, z = [], [], [], [], []
    words = dict(scaled=tr("scaled"), units=tr("in the data's units"))
    heading = tr("Equations at t = {t}, layer {layer}, unit {unit}")
    for t in range(T):
        layer_in = x[t].float() if layer == 0 else trace.h[layer - 1, t]  # (D,) or (H,)
        h_prev = trace.h[layer, t - 1] if t > 0 else torch.zeros(H)  # (H,)
        v = step_values(trace, float(layer_in[0]), layer=layer, step=t, unit=unit)
        terms = pre_activation_terms(rnn, layer_in, h_prev, layer=layer, unit=unit)  # z term by term, in float64
        equations.append(latex_equations(v, pre={g: terms[g].z for g in gates}, decimal=decimal, cell=kind.key))
        before = None if original is None or layer > 0 else float(original[t])
        inputs.append(x_latex(float(layer_in[0]), layer=layer, original=before, decimal=decimal, **words))
        z.append([line for g in gates for line in z_latex(terms[g], g, layer=layer, decimal=decimal, more=tr("more"),
                                                             cell=kind.key)])  # fmt: skip
        labels.append({k: label(v[k], signed=k not in kind.sigmoids, decimal=decimal) for k in v})
        headings.append(heading.format(t=t, layer=layer, unit=unit))
    return {
        "kind": kind.key,
        "keys": list(kind.order),  # the heatmaps, in the equations' order
        "sigmoids": list(kind.sigmoids),  # the values in [0, 1]: the gate colour scale
        "states": list(kind.states),  # what the lines under the heatmaps plot, per unit
        "diagram": list(kind.diagram),
        "T": T,
        "H": H,
        "layer": layer,
        "unit": unit,
        "units": units,
        "step": int(min(max(step, 0), T - 1)),
        "decimal": decimal,
        "x": np.round(x[:, 0].double().numpy(), DIGITS).tolist(),  # (T,) the input's first feature
        "values": {  # (T, H) each
            k: np.round(getattr(trace, k)[layer].double().numpy(), DIGITS).tolist() for k in kind.order
        },
        "ranges": fixed_ranges(trace, layer=layer),
        "equations": equations,
        "inputs": inputs,  # what the layer reads at t: x_t (and its value in the data's units), or h of the layer below
        "z": z,  # where each gate's z comes from: W_x·x_t + W_h·h_{t-1} + b with the numbers
        "labels": labels,
        "headings": headings,
        "math": {**{k: part.math for k, part in kind.parts.items()}, "x": "x_t"},
        "colors": {  # the app's one colour scheme (lstmviz/figures): the scales' colours, evenly spaced
            "gate": [c for _, c in plotly.colors.get_colorscale(GATE_SCALE)],
            "signed": [c for _, c in plotly.colors.get_colorscale(SIGNED_SCALE)],
            "gates": {k: part.color for k, part in kind.parts.items()},
        },
        "names": {**{k: tr(part.name) for k, part in kind.parts.items()}, **{k: tr(n) for k, n in NAMES.items()}},
        "text": {**{key: tr(text) for key, text in TEXTS.items()}, "scales": tr(kind.scales)},
    }
