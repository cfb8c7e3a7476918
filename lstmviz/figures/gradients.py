"""Pure figure builders for the Gradients page; each returns a go.Figure and never shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lstmviz.figures import SIGNED_SCALE

if TYPE_CHECKING:
    from lstmviz.bptt import BPTTResult

CELL_COLORS = {"rnn": "#d62728", "gru": "#2ca02c", "lstm": "#1f77b4"}
_LAYOUT = dict(
    font=dict(size=14), margin=dict(l=60, r=20, t=50, b=50), legend=dict(orientation="h", y=-0.2),
    yaxis=dict(exponentformat="power"),  # 10^-12, not "1p": readable on a log axis
)  # fmt: skip


def _positive(v: np.ndarray) -> np.ndarray:
    """Log axes cannot show 0 or non-finite values: leave gaps there instead of breaking the figure."""
    v = np.asarray(v, dtype=float)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def gradient_norms(result: BPTTResult, *, highway: np.ndarray | None = None, tr=str) -> go.Figure:
    """‖dL/dh_t‖ and ‖dL/dC_t‖ per layer against t, log scale; `highway` (T,) is the cell-path-only part."""
    L, T, _ = result.dh.shape
    fig = go.Figure()
    for layer in range(L):
        for key, dash in (("dc", "solid"), ("dh", "dot")):
            norms = getattr(result, key)[layer].norm(dim=1).numpy()  # (T,)
            name = f"‖dL/d{'C' if key == 'dc' else 'h'}_t‖, {tr('layer')} {layer}"
            fig.add_trace(go.Scatter(x=np.arange(T), y=_positive(norms), name=name, line=dict(dash=dash, width=3)))
    if highway is not None:
        fig.add_trace(
            go.Scatter(
                x=np.arange(T), y=_positive(highway), name=tr("‖dL/dC_T ⊙ ∏ f‖: the cell-state path alone"),
                line=dict(color="black", dash="dash", width=2),
            )
        )  # fmt: skip
    fig.update_layout(
        title=tr("Gradient norm at each step"), xaxis_title=tr("timestep t"), yaxis_title=tr("norm (log scale)"),
        yaxis_type="log", height=420, **_LAYOUT,
    )  # fmt: skip
    return fig


def cell_gradient_heatmap(result: BPTTResult, *, layer: int = 0, tr=str) -> go.Figure:
    """Unit x time heatmap of dL/dC_t for one layer, on a diverging scale centred on 0."""
    z = result.dc[layer].T.numpy()  # (H, T)
    finite = np.isfinite(z)
    bound = float(np.abs(z[finite]).max()) if finite.any() else 1.0
    fig = go.Figure(
        go.Heatmap(
            z=z, colorscale=SIGNED_SCALE, zmin=-bound, zmax=bound, colorbar=dict(thickness=10),
            hovertemplate="t=%{x}, " + tr("unit") + " %{y}: %{z:.3e}<extra>dL/dC</extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title=tr("dL/dC_t, layer {layer}").format(layer=layer), xaxis_title=tr("timestep t"),
        yaxis_title=tr("unit"), height=360, **_LAYOUT,
    )  # fmt: skip
    return fig


def sensitivity_by_distance(curves: Mapping[str, np.ndarray], *, tr=str) -> go.Figure:
    """‖∂h_T/∂x_t‖ against the distance T - t for each cell, log scale."""
    fig = go.Figure()
    for cell, v in curves.items():
        fig.add_trace(
            go.Scatter(
                x=np.arange(len(v)), y=_positive(v), name=cell.upper(), line=dict(color=CELL_COLORS.get(cell), width=3)
            )
        )
    fig.update_layout(
        title=tr("How far back does the gradient reach?"), xaxis_title=tr("distance T − t (steps back)"),
        yaxis_title="‖∂h_T/∂x_t‖ (log)", yaxis_type="log", height=420, **_LAYOUT,
    )  # fmt: skip
    return fig


def clipping_curves(runs: Mapping[str, pd.DataFrame], *, threshold: float, tr=str) -> tuple[go.Figure, go.Figure]:
    """Gradient norm (log) and loss against training step, one line per run (e.g. with and without clipping)."""
    norms, losses = go.Figure(), go.Figure()
    for (name, df), color in zip(runs.items(), ("#d62728", "#1f77b4"), strict=False):
        norms.add_trace(go.Scatter(x=df["step"], y=_positive(df["grad_norm"]), name=tr(name), line=dict(color=color)))
        losses.add_trace(go.Scatter(x=df["step"], y=_positive(df["loss"]), name=tr(name), line=dict(color=color)))
    norms.add_hline(y=threshold, line=dict(color="black", dash="dash"), annotation_text=tr("clip threshold"))
    norms.update_layout(
        title=tr("Gradient norm before clipping"), xaxis_title=tr("training step"), yaxis_type="log",
        yaxis_title=tr("norm (log scale)"), height=380, **_LAYOUT,
    )  # fmt: skip
    losses.update_layout(
        title=tr("Training loss"), xaxis_title=tr("training step"), yaxis_type="log", yaxis_title=tr("loss (log)"),
        height=380, **_LAYOUT,
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
