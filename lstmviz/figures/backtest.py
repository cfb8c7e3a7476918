"""Figures of a walk-forward backtest: every fold's predictions with their band, the per-fold table, and the error
at each step of the horizon (chart and table)."""

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


def _number(decimal: str):
    def number(v, spec=".4g"):
        return "—" if pd.isna(v) else format(v, spec).replace(".", decimal)

    return number


def fold_table(folds: pd.DataFrame, *, tr=str, decimal: str = ".", date_format: str = "%Y-%m-%d") -> pd.DataFrame:
    """The per-fold table as a reader sees it: dates in `date_format`, 4 significant digits, shares in %."""
    number = _number(decimal)

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
            tr("interval score"): folds["winkler"].map(number),
            tr("band width"): folds["width"].map(number),
            tr("drift RMSE"): folds["drift_rmse"].map(number),
            tr("ETS RMSE"): folds["ets_rmse"].map(number),
            "MASE": folds["mase"].map(lambda v: number(v, ".3f")),
            tr("direction right (%)"): (100 * folds["direction"]).map(lambda v: number(v, ".0f")),
            tr("Diebold–Mariano p"): folds["dm_pvalue"].map(lambda v: number(v, ".2g")),
        }
    ).set_index(tr("fold"))


def step_chart(by_step: pd.DataFrame, *, tr=str) -> go.Figure:
    """The model's and persistence's RMSE at each step of the horizon (a BacktestResult.by_step), over all folds."""
    fig = go.Figure()
    fig.add_scatter(x=by_step["step"], y=by_step["rmse"], mode="lines+markers", name=tr("model"),
                    line=dict(color=PREDICTED, width=2))  # fmt: skip
    fig.add_scatter(x=by_step["step"], y=by_step["persistence_rmse"], mode="lines+markers",
                    name=tr("persistence (last value)"), line=dict(color="#888", width=2, dash="dot"))  # fmt: skip
    fig.update_layout(title=tr("Test error at each step of the horizon, over all folds"), height=360, **_LAYOUT)
    fig.update_xaxes(title_text=tr("steps ahead"), dtick=1)
    fig.update_yaxes(title_text="RMSE", rangemode="tozero")
    return fig


def step_table(by_step: pd.DataFrame, *, tr=str, decimal: str = ".") -> pd.DataFrame:
    """The per-step table as a reader sees it: 4 significant digits, shares in %."""
    number = _number(decimal)
    return pd.DataFrame(
        {
            tr("steps ahead"): by_step["step"].astype(str),
            "RMSE": by_step["rmse"].map(number),
            tr("persistence RMSE"): by_step["persistence_rmse"].map(number),
            tr("skill"): by_step["skill"].map(lambda v: number(v, ".2f")),
            tr("inside the band (%)"): (100 * by_step["coverage"]).map(lambda v: number(v, ".0f")),
            tr("Diebold–Mariano p"): by_step["dm_pvalue"].map(lambda v: number(v, ".2g")),
        }
    ).set_index(tr("steps ahead"))


def skill_band(spread: pd.DataFrame, *, tr=str) -> go.Figure:
    """Each fold's skill over seeds (evaluation.seed_spread): the band from the lowest to the highest, the median."""
    fig = go.Figure()
    add_band(fig, spread["fold"], spread["skill_min"], spread["skill_max"],
             name=tr("{n} seeds: lowest to highest").format(n=int(spread["seeds"].iloc[0])))  # fmt: skip
    fig.add_scatter(x=spread["fold"], y=spread["skill_median"], mode="lines+markers", name=tr("median skill"),
                    line=dict(color=PREDICTED, width=2))  # fmt: skip
    fig.add_hline(y=0, line=dict(color="#888", dash="dot"), annotation_text=tr("persistence"))
    fig.update_layout(title=tr("Skill per fold over seeds: above 0 beats persistence"), height=340, **_LAYOUT)
    fig.update_xaxes(title_text=tr("fold"), dtick=1)
    fig.update_yaxes(title_text=tr("skill"))
    return fig
