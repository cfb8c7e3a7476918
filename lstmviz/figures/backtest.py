"""Figures of a walk-forward backtest: every fold's predictions with their band, and the per-fold table."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lstmviz.figures.train import _LAYOUT, ACTUAL, PREDICTED, add_band, band_name

FOLD_FILL = ("rgba(44,160,44,0.10)", "rgba(44,160,44,0.20)")  # alternating, so neighbouring folds part


def backtest_chart(result, *, tr=str) -> go.Figure:
    """The actual values of the test blocks, each fold's one-step predictions and band, the folds shaded."""
    p = result.predictions
    fig = go.Figure()
    add_band(fig, p.index, p["lower"], p["upper"], name=band_name(result.coverage, tr=tr))
    fig.add_scatter(x=p.index, y=p["actual"], mode="lines", name=tr("actual"), line_color=ACTUAL)
    fig.add_scatter(x=p.index, y=p["persistence"], mode="lines", name=tr("persistence (last value)"),
                    line=dict(color="#888", width=1, dash="dot"), visible="legendonly")  # fmt: skip
    fig.add_scatter(x=p.index, y=p["predicted"], mode="lines", name=tr("predicted (one step ahead)"),
                    line=dict(color=PREDICTED, width=1.5))  # fmt: skip
    shapes = [
        dict(
            type="rect",
            xref="x",
            yref="paper",
            x0=row.start,
            x1=row.end,
            y0=0,
            y1=1,
            fillcolor=FOLD_FILL[k % 2],
            line=dict(width=0),
            layer="below",
            label=dict(
                text=tr("fold {k}").format(k=row.fold), textposition="top center", font=dict(size=13, color="#555")
            ),
        )  # fmt: skip
        for k, row in enumerate(result.folds.itertuples())
    ]
    fig.update_layout(title=tr("Walk-forward backtest: each fold trained only on the rows before it"), height=460,
                      shapes=shapes, **_LAYOUT)  # fmt: skip
    return fig


def fold_table(folds: pd.DataFrame, *, tr=str, decimal: str = ".", date_format: str = "%Y-%m-%d") -> pd.DataFrame:
    """The per-fold table as a reader sees it: dates in `date_format`, 4 significant digits, shares in %."""

    def number(v, spec=".4g"):
        return "—" if pd.isna(v) else format(v, spec).replace(".", decimal)

    def when(v):
        return v.strftime(date_format) if isinstance(v, pd.Timestamp) else str(v)

    return pd.DataFrame(
        {
            tr("fold"): folds["fold"].astype(str),
            tr("test block"): [f"{when(a)} – {when(b)}" for a, b in zip(folds["start"], folds["end"], strict=True)],
            tr("trained on (rows)"): folds["train_rows"].map(
                lambda v: f"{v:,}".replace(",", "." if decimal == "," else ",")
            ),
            "RMSE": folds["rmse"].map(number),
            tr("persistence RMSE"): folds["persistence_rmse"].map(number),
            tr("skill"): folds["skill"].map(lambda v: number(v, ".2f")),
            tr("inside the band (%)"): (100 * folds["coverage"]).map(lambda v: number(v, ".0f")),
        }
    ).set_index(tr("fold"))
