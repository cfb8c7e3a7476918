"""Figures of the Learning page: optimisers' paths on the valley, Adam's moments step by step, and the training
and validation curves of the overfitting lesson.

Every builder takes `tr` (a text translator; `str` gives English) and returns a plotly Figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from lstmviz import optim
from lstmviz.figures import log_axis

OPTIMISER_NAMES = {"sgd": "SGD", "momentum": "SGD with momentum", "adam": "Adam"}
OPTIMISER_COLORS = {"sgd": "#d62728", "momentum": "#ff7f0e", "adam": "#1f77b4"}
TRAIN_COLOR, VAL_COLOR, BASE_COLOR = "#1f77b4", "#ff7f0e", "#9a9a9a"
_LAYOUT = dict(font=dict(size=14), margin=dict(l=60, r=20, t=60, b=50), legend=dict(orientation="h", y=-0.18))
_PANELS = ((0.0, 0.47), (0.53, 1.0))  # the overfitting figure's two panels, as shares of its width
_BOX = dict(x=(-4.6, 1.2), y=(-1.6, 1.6))  # the valley's part the paths cross, from START to the minimum


def optimiser_paths(runs: Mapping[str, dict], *, tr=str) -> go.Figure:
    """The valley's contours and each optimiser's path θ₀, θ₁, … (optim.race's runs), the minimum's neighbourhood
    as a circle."""
    x, y = np.linspace(*_BOX["x"], 120), np.linspace(*_BOX["y"], 80)
    grid = optim.valley_loss(np.stack(np.meshgrid(x, y), axis=-1))  # (80, 120)
    fig = go.Figure(go.Contour(
        x=x, y=y, z=np.log10(grid + 1e-3), colorscale="Greys", reversescale=True, showscale=False, opacity=0.45,
        contours=dict(coloring="fill", showlines=True), hoverinfo="skip", name=tr("loss"),
    ))  # fmt: skip
    for name, run in runs.items():
        path = run["path"]
        fig.add_scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=tr(OPTIMISER_NAMES[name]),
                        line=dict(color=OPTIMISER_COLORS[name], width=2), marker=dict(size=4),
                        customdata=np.arange(len(path)), hovertemplate="t = %{customdata}<extra></extra>")  # fmt: skip
    r = optim.NEAR
    fig.add_shape(type="circle", x0=-r, x1=r, y0=-r, y1=r, line=dict(color="#2ca02c", width=2))
    fig.add_scatter(x=[optim.START[0]], y=[optim.START[1]], mode="markers+text", text=[tr("start")],
                    textposition="top center", marker=dict(size=12, color="#333"), showlegend=False)  # fmt: skip
    fig.update_layout(
        **_LAYOUT, title=tr("Three optimisers on the same valley, at the same α"), height=460,
        xaxis=dict(title=tr("θ₁ (the flat direction)"), range=_BOX["x"]),
        yaxis=dict(title=tr("θ₂ (steep)"), range=_BOX["y"]),
    )  # fmt: skip
    return fig


def distance_curves(runs: Mapping[str, dict], *, tr=str) -> go.Figure:
    """‖θ_t − θ*‖ by step for each optimiser (log scale), with the neighbourhood's radius and each arrival marked."""
    fig = go.Figure()
    distances = {name: np.linalg.norm(run["path"], axis=1) for name, run in runs.items()}
    for name, d in distances.items():
        fig.add_scatter(y=d, mode="lines", name=tr(OPTIMISER_NAMES[name]), line_color=OPTIMISER_COLORS[name])
        t = runs[name]["arrives"]
        if t is not None:
            fig.add_scatter(x=[t], y=[d[t]], mode="markers", marker=dict(size=11, color=OPTIMISER_COLORS[name],
                            symbol="diamond"), showlegend=False, hovertemplate=f"t = {t}<extra></extra>")  # fmt: skip
    fig.add_hline(y=optim.NEAR, line=dict(color="#2ca02c", dash="dash"))
    finite = [d[np.isfinite(d) & (d > 0)] for d in distances.values()]
    fig.update_layout(
        **_LAYOUT, title=tr("Distance to the minimum; ◆ where each one arrives to stay"), height=460,
        xaxis_title=tr("step t"), yaxis=dict(title=tr("distance"), **log_axis(*finite, [optim.NEAR])),
    )  # fmt: skip
    return fig


def adam_moments(trace: dict, *, coord: int, step: int, first: int = 30, tr=str) -> go.Figure:
    """g_t, m_t and m̂_t of coordinate `coord` over the `first` steps of `trace` (optim.adam_trace's), step `step`
    marked: m̂ = m / (1 − β₁ᵗ)."""
    t = trace["t"][:first]
    fig = go.Figure()
    for key, name, dash in (("g", tr("g_t (the gradient)"), "dot"), ("m", "m_t", "dash"), ("m_hat", "m̂_t", "solid")):
        fig.add_scatter(x=t, y=trace[key][:first, coord], mode="lines+markers", name=name, line=dict(dash=dash),
                        marker=dict(size=5))  # fmt: skip
    fig.add_vline(x=step, line=dict(color="#555", width=1))
    fig.update_layout(**_LAYOUT, title=tr("Adam's first moment, with and without its bias correction"), height=400,
                      xaxis_title=tr("step t"), yaxis_title=tr("value"))  # fmt: skip
    return fig


def overfit_curves(run, baseline=None, *, tr=str) -> go.Figure:
    """Training (left) and validation (right) loss by epoch of `run` (an overfit.OverfitRun), `baseline` (the
    unregularised run) faint beside it; the epoch whose weights the model keeps marked on both."""
    fig = go.Figure()  # two panels by hand: make_subplots costs 40 ms of a slider rerun's 200
    for panel, (column, color, title) in enumerate(
        (("train_loss", TRAIN_COLOR, tr("Training loss")), ("val_loss", VAL_COLOR, tr("Validation loss")))
    ):
        axes = dict(xaxis="x", yaxis="y") if panel == 0 else dict(xaxis="x2", yaxis="y2")
        fig.add_annotation(text=title, x=sum(_PANELS[panel]) / 2, y=1, xref="paper", yref="paper",
                           xanchor="center", yanchor="bottom", showarrow=False)  # fmt: skip
        if baseline is not None:
            fig.add_scatter(x=baseline.history["epoch"], y=baseline.history[column], mode="lines",
                            name=tr("without regularisation"), line=dict(color=BASE_COLOR, dash="dot"),
                            legendgroup="base", showlegend=panel == 0, **axes)  # fmt: skip
        fig.add_scatter(x=run.history["epoch"], y=run.history[column], mode="lines", name=tr("this run"),
                        line=dict(color=color, width=3), showlegend=False, **axes)  # fmt: skip
        best = run.history.set_index("epoch").loc[run.best_epoch, column]
        fig.add_scatter(x=[run.best_epoch], y=[best], mode="markers", name=tr("the epoch the model keeps"),
                        marker=dict(size=14, symbol="star", color="#2ca02c", line=dict(color="#333", width=1)),
                        legendgroup="best", showlegend=panel == 1, **axes)  # fmt: skip
    fig.update_layout(
        **_LAYOUT, height=420, xaxis=dict(domain=_PANELS[0], title=tr("epoch")),
        xaxis2=dict(domain=_PANELS[1], title=tr("epoch"), anchor="y2"),
        yaxis=dict(title=tr("loss (MSE, scaled)")), yaxis2=dict(matches="y", anchor="x2", showticklabels=False),
    )  # fmt: skip
    return fig
