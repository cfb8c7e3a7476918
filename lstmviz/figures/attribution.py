"""Figures of attribution (lstmviz.attribution): which steps, and which features, a forecast rests on.

Every builder takes `tr` (a text translator; `str` gives English) and returns a plotly Figure. Signed attributions
use the shared diverging scale centred on 0 (red pushed the forecast up, blue down); shares, the sequential one.
Letters: W window steps, D input columns, T sequence steps.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstmviz.figures import GATE_SCALE, SIGNED_SCALE
from lstmviz.figures.gradients import CELL_COLORS

_LAYOUT = dict(font=dict(size=14), margin=dict(l=60, r=20, t=70, b=40))


def _strip(values: pd.Series, attributions: np.ndarray, columns: list[str], *, title: str, colorbar: str,
           xaxis: str) -> go.Figure:  # fmt: skip
    """The input line above a (D, W) heatmap of its attributions, on one x axis."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.55, 0.45])
    fig.add_scatter(x=values.index, y=values.to_numpy(), mode="lines+markers", name=str(values.name),
                    line_color="#333333", marker_size=4, row=1, col=1)  # fmt: skip
    bound = float(np.abs(attributions).max()) or 1.0
    fig.add_heatmap(x=values.index, y=columns, z=attributions.T, colorscale=SIGNED_SCALE, zmid=0, zmin=-bound,
                    zmax=bound, colorbar=dict(title=dict(text=colorbar, side="right"), len=0.5, y=0.22),
                    hovertemplate="%{x}<br>%{y}: %{z:.3g}<extra></extra>", row=2, col=1)  # fmt: skip
    fig.update_layout(title=title, height=360 + 16 * len(columns), showlegend=False, **_LAYOUT)
    fig.update_yaxes(title_text=str(values.name), row=1, col=1)
    fig.update_yaxes(autorange="reversed", row=2, col=1)
    fig.update_xaxes(title_text=xaxis, row=2, col=1)
    return fig


def window_strip(frame: pd.DataFrame, attributions: np.ndarray, *, when: str, tr=str) -> go.Figure:
    """One forecast's input window, dated, in the data's units (`frame` (W, D), its first column the target) over
    the attribution (W, D) of each day and feature to the forecast for `when`, in the target's units."""
    return _strip(frame.iloc[:, 0], np.asarray(attributions), [str(c) for c in frame.columns],
                  title=tr("Attribution: what moved the forecast for {when}").format(when=when),
                  colorbar=tr("effect"), xaxis=tr("input window"))  # fmt: skip


def sequence_strip(x: np.ndarray, attributions: np.ndarray, *, unit: int, tr=str) -> go.Figure:
    """The Cell page's input x_t (T,) over the attribution (T, D) of each step to h_T of the last layer's `unit`; steps
    numbered from 0, as the stepper numbers them."""
    values = pd.Series(np.asarray(x, dtype=float), index=np.arange(len(x)), name="x_t")
    columns = [f"x_t[{d}]" for d in range(attributions.shape[1])] if attributions.shape[1] > 1 else ["x_t"]
    return _strip(values, np.asarray(attributions), columns,
                  title=tr("Attribution: which steps the last hidden state of unit {unit} rests on").format(unit=unit),
                  colorbar=tr("effect"), xaxis=tr("step t"))  # fmt: skip


def shares_chart(shares: np.ndarray, columns: list[str], *, tr=str) -> go.Figure:
    """Each day's (and feature's) share (W, D) of the absolute attribution over the test set, by days before the
    forecast: bars for one column, a heatmap for several."""
    W, D = shares.shape
    back = np.arange(-W, 0)  # −W … −1: the day before the forecast is −1
    title = tr("Attribution over the test set: how much of it each day holds")
    fig = go.Figure()
    if D == 1:
        fig.add_bar(x=back, y=100 * shares[:, 0], marker_color=CELL_COLORS["lstm"],
                    hovertemplate="%{x}: %{y:.1f}%<extra></extra>")  # fmt: skip
        fig.update_layout(yaxis_title=tr("share of the attribution (%)"))
    else:
        fig.add_heatmap(x=back, y=[str(c) for c in columns], z=100 * shares.T, colorscale=GATE_SCALE, zmin=0,
                        colorbar=dict(title=dict(text="%", side="right")),
                        hovertemplate="%{x}, %{y}: %{z:.1f}%<extra></extra>")  # fmt: skip
        fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=title, xaxis_title=tr("days before the forecast"), height=300 + 16 * D, **_LAYOUT)
    return fig


def first_value_chart(shares: Mapping[str, np.ndarray], *, tr=str) -> go.Figure:
    """The first-value lesson: each trained cell's share (T,) of the attribution per step, steps 1..T."""
    fig = go.Figure()
    for cell, share in shares.items():
        fig.add_bar(x=np.arange(1, len(share) + 1), y=100 * np.asarray(share), name=cell.upper(),
                    marker_color=CELL_COLORS[cell], hovertemplate="%{x}: %{y:.1f}%<extra></extra>")  # fmt: skip
    fig.update_layout(
        title=tr("Attribution per step: which steps each trained cell's answer rests on"), barmode="group",
        xaxis_title=tr("step t (the answer is step 1's value)"), yaxis_title=tr("share of the attribution (%)"),
        height=340, legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"), **_LAYOUT,
    )  # fmt: skip
    return fig
