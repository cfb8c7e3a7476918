"""Pure figure builders for the Gradients page; each returns a go.Figure and never shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lstmviz.figures import MAGNITUDE_SCALE, log_axis

if TYPE_CHECKING:
    from lstmviz.bptt import BPTTResult

CELL_COLORS = {"rnn": "#d62728", "gru": "#2ca02c", "lstm": "#1f77b4", "lstm_default": "#7f7f7f"}
DEFAULT_LSTM = "LSTM, forget bias 0 (PyTorch's default)"
HEATMAP_DECADES = 4  # the dL/dC_t heatmap colours sizes from its largest down to 10^-4 of it
_LAYOUT = dict(font=dict(size=14), margin=dict(l=60, r=20, t=50, b=50), legend=dict(orientation="h", y=-0.2))


def _positive(v: np.ndarray) -> np.ndarray:
    """Log axes cannot show 0 or non-finite values: leave gaps there instead of breaking the figure."""
    v = np.asarray(v, dtype=float)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def gradient_norms(result: BPTTResult, *, highway: np.ndarray | None = None, tr=str) -> go.Figure:
    """‖dL/dh_t‖ and ‖dL/dC_t‖ per layer against t, log scale; `highway` (T,) is the cell-path-only part."""
    L, T, _ = result.dh.shape
    fig = go.Figure()
    shown = []
    for layer in range(L):
        for key, dash in (("dc", "solid"), ("dh", "dot")):
            norms = getattr(result, key)[layer].norm(dim=1).numpy()  # (T,)
            name = f"‖dL/d{'C' if key == 'dc' else 'h'}_t‖, {tr('layer')} {layer}"
            shown.append(_positive(norms))
            fig.add_trace(go.Scatter(x=np.arange(T), y=shown[-1], name=name, line=dict(dash=dash, width=3)))
    if highway is not None:
        shown.append(_positive(highway))
        fig.add_trace(
            go.Scatter(
                x=np.arange(T), y=_positive(highway), name=tr("‖dL/dC_T ⊙ ∏ f‖: the cell-state path alone"),
                line=dict(color="black", dash="dash", width=2),
            )
        )  # fmt: skip
    fig.update_layout(
        title=tr("Gradient norm at each step"), xaxis_title=tr("timestep t"), yaxis_title=tr("norm (log scale)"),
        yaxis=log_axis(*shown), height=420, **_LAYOUT,
    )  # fmt: skip
    return fig


def cell_gradient_heatmap(result: BPTTResult, *, layer: int = 0, tr=str) -> go.Figure:
    """Unit x time heatmap of the size of dL/dC_t for one layer, on a log colour scale over HEATMAP_DECADES
    powers of ten below its largest value (smaller ones are left blank); the hover shows the signed value."""
    z = result.dc[layer].T.numpy()  # (H, T)
    size = np.abs(z)
    finite = np.isfinite(size) & (size > 0)
    top = float(np.ceil(np.log10(size[finite].max()))) if finite.any() else 0.0
    bottom = top - HEATMAP_DECADES
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.where(finite, np.log10(np.where(finite, size, 1.0)), np.nan)  # (H, T)
    level = np.where(level >= bottom, level, np.nan)
    ticks = list(range(int(bottom), int(top) + 1))
    fig = go.Figure(
        go.Heatmap(
            z=level, customdata=z, colorscale=MAGNITUDE_SCALE, zmin=bottom, zmax=top,
            colorbar=dict(thickness=10, tickvals=ticks, ticktext=[f"10<sup>{k}</sup>" for k in ticks]),
            hovertemplate="t=%{x}, " + tr("unit") + " %{y}: %{customdata:.3e}<extra>dL/dC</extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title=tr("|dL/dC_t|, layer {layer} (log colour scale)").format(layer=layer), xaxis_title=tr("timestep t"),
        yaxis_title=tr("unit"), height=360, **_LAYOUT,
    )  # fmt: skip
    return fig


def reach_chart(curves: Mapping[str, np.ndarray], *, forget_bias: float, mark: int | None = None, tr=str) -> go.Figure:
    """‖∂h_T/∂x_t‖ against the distance T - t for each curve, log scale; a dotted line at distance `mark`.

    `curves` keys: "rnn", "gru", "lstm_default" (PyTorch's initialisation) and "lstm" (its forget bias
    shifted by `forget_bias`, which names that curve).
    """
    fig = go.Figure()
    for key, v in curves.items():
        names = {"lstm": tr("LSTM, forget bias {b:+g}").format(b=forget_bias), "lstm_default": tr(DEFAULT_LSTM)}
        name = names.get(key, key.upper())
        dash = "dot" if key == "lstm_default" else "solid"
        fig.add_trace(
            go.Scatter(
                x=np.arange(len(v)), y=_positive(v), name=name, line=dict(color=CELL_COLORS[key], width=3, dash=dash)
            )
        )
    if mark is not None:
        fig.add_vline(x=mark, line=dict(color="#555", dash="dot", width=1))
    fig.update_layout(
        title=tr("How far back does the gradient reach?"), xaxis_title=tr("distance T − t (steps back)"),
        yaxis_title="‖∂h_T/∂x_t‖ (log)", yaxis=log_axis(*(_positive(v) for v in curves.values())), height=440,
        **_LAYOUT,
    )  # fmt: skip
    return fig


def clipping_curves(runs: Mapping[str, pd.DataFrame], *, threshold: float, tr=str) -> tuple[go.Figure, go.Figure]:
    """Gradient norm (log) and loss against training step, one line per run (e.g. with and without clipping)."""
    norms, losses = go.Figure(), go.Figure()
    for (name, df), color in zip(runs.items(), ("#d62728", "#1f77b4"), strict=False):
        norms.add_trace(go.Scatter(x=df["step"], y=_positive(df["grad_norm"]), name=tr(name), line=dict(color=color)))
        losses.add_trace(go.Scatter(x=df["step"], y=_positive(df["loss"]), name=tr(name), line=dict(color=color)))
    norms.add_hline(y=threshold, line=dict(color="black", dash="dash"))
    # an annotation's y on a log axis is log10 of the value: add_hline's own label would sit elsewhere. The label
    # goes under the line's left end, clear of the curves (which start above it), with a decade of room below
    norms.add_annotation(
        x=0, xref="paper", xanchor="left", y=float(np.log10(threshold)), yanchor="top", showarrow=False,
        text=tr("clip threshold"), bgcolor="rgba(255,255,255,0.9)",
    )  # fmt: skip
    norms.update_layout(
        title=tr("Gradient norm before clipping"), xaxis_title=tr("training step"),
        yaxis=log_axis([threshold / 10], *(_positive(df["grad_norm"]) for df in runs.values())),
        yaxis_title=tr("norm (log scale)"), height=380, **_LAYOUT,
    )  # fmt: skip
    losses.update_layout(
        title=tr("Training loss"), xaxis_title=tr("training step"),
        yaxis=log_axis(*(_positive(df["loss"]) for df in runs.values())), yaxis_title=tr("loss (log)"), height=380,
        **_LAYOUT,
    )  # fmt: skip
    return norms, losses


def memory_curves(histories: Mapping[str, pd.DataFrame], *, baseline: float, tr=str) -> go.Figure:
    """Loss curves of the memory task per cell, against the trivial baseline."""
    fig = go.Figure()
    for cell, df in histories.items():
        fig.add_trace(
            go.Scatter(x=df["step"], y=df["loss"], name=cell.upper(), line=dict(color=CELL_COLORS.get(cell), width=3))
        )
    fig.add_hline(
        y=baseline, line=dict(color="black", dash="dash"),
        annotation_text=tr("trivial baseline (always predict the mean)"),
        annotation_bgcolor="rgba(255,255,255,0.95)",  # the RNN's curve runs along the line: keep the text legible
    )  # fmt: skip
    fig.update_layout(
        title=tr("Adding problem: who remembers?"), xaxis_title=tr("training step"), yaxis_title=tr("MSE"),
        height=420, **_LAYOUT,
    )  # fmt: skip
    return fig
