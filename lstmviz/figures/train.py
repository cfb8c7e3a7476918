"""Figures of the Train page: the data and its split, the loss curves, predictions against actuals, forecasts.

Every builder takes `tr` (a text translator; `str` gives English) and returns a plotly Figure.
The train/val/test regions are shaded the same way in every figure, so the eye always knows
which part of the chart the model learned from and which part it never saw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lstmviz.baselines import NAMES as MODEL_NAMES
from lstmviz.figures import log_axis

SPLIT_FILL = {"train": "rgba(120,120,120,0.10)", "val": "rgba(255,165,0,0.16)", "test": "rgba(44,160,44,0.16)"}
ACTUAL, PREDICTED, FORECAST = "#333333", "#1f77b4", "#d62728"
BAND = {PREDICTED: "rgba(31,119,180,0.18)", FORECAST: "rgba(214,39,40,0.15)"}  # the interval around each line
_LAYOUT = dict(
    font=dict(size=14), margin=dict(l=60, r=20, t=60, b=40), hovermode="x unified",  # every text inherits its size
    legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"),
)  # fmt: skip


NARROW = 0.05  # a split region under this share of the rows is labelled at its bottom


def split_regions(labels: pd.Series) -> list[tuple[str, object, object]]:
    """Contiguous runs of the same split label: (label, first index, last index)."""
    values = labels.to_numpy()
    if len(values) == 0:
        return []
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    ends = np.r_[starts[1:] - 1, len(values) - 1]
    return [(str(values[a]), labels.index[a], labels.index[b]) for a, b in zip(starts, ends, strict=True)]


def _shade(labels: pd.Series, tr) -> list[dict]:
    """One shaded rectangle per split region, labelled at its top; a narrow one (a test file's few rows) at its
    bottom, where its label does not run into its neighbour's."""
    counts = labels.value_counts()
    return [
        dict(
            type="rect",
            xref="x",
            yref="paper",
            x0=x0,
            x1=x1,
            y0=0,
            y1=1,
            fillcolor=SPLIT_FILL[name],
            line=dict(width=0),
            layer="below",
            label=dict(
                text=tr(name),
                textposition="top center" if counts[name] >= NARROW * len(labels) else "bottom right",
                font=dict(color="#555"),
            ),
        )  # fmt: skip
        for name, x0, x1 in split_regions(labels)
    ]


def data_preview(series: pd.Series, labels: pd.Series, *, tr=str) -> go.Figure:
    """The target series with the train/val/test regions it will be split into, before any training."""
    fig = go.Figure(
        go.Scatter(x=series.index, y=series.to_numpy(), mode="lines", name=str(series.name), line_color=ACTUAL)
    )
    fig.update_layout(
        title=tr("The data and its chronological split"), yaxis_title=str(series.name), height=320,
        shapes=_shade(labels, tr), showlegend=False, **_LAYOUT,
    )  # fmt: skip
    return fig


def loss_curves(history: pd.DataFrame, *, best_epoch: int | None = None, tr=str) -> go.Figure:
    """Train and validation loss (MSE of the standardised target) per epoch, log scale."""
    fig = go.Figure()
    fig.add_scatter(x=history["epoch"], y=history["train_loss"], mode="lines+markers", name=tr("train loss"))
    fig.add_scatter(x=history["epoch"], y=history["val_loss"], mode="lines+markers", name=tr("validation loss"))
    if best_epoch:
        fig.add_vline(x=best_epoch, line_dash="dot", line_color="#2ca02c", annotation_text=tr("best (kept)"))
    fig.update_layout(
        title=tr("Loss per epoch"), xaxis_title=tr("epoch"), xaxis_dtick=max(1, len(history) // 10),
        yaxis_title=tr("MSE (scaled, log)"), yaxis=log_axis(history["train_loss"], history["val_loss"]), height=300,
        **_LAYOUT,
    )  # fmt: skip
    return fig


def add_band(fig: go.Figure, x, lower, upper, *, name: str, color: str = PREDICTED) -> None:
    """A shaded band between lower and upper (gaps where they are NaN): one legend entry, `name`."""
    lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    if not np.isfinite(lower).any():
        return  # no finite band (too few validation windows): nothing to draw, nothing to promise
    group = dict(legendgroup=name, mode="lines", line=dict(width=0), hoverinfo="skip")
    fig.add_scatter(x=x, y=upper, showlegend=False, **group)
    fig.add_scatter(x=x, y=lower, name=name, fill="tonexty", fillcolor=BAND[color], **group)


def band_name(coverage: float, *, tr=str) -> str:
    """The legend entry of a band: "90% interval"."""
    return tr("{c:g}% interval").format(c=round(100 * coverage, 1))


def predictions_chart(predictions: pd.DataFrame, *, coverage: float | None = None, tr=str) -> go.Figure:
    """One-step-ahead predictions against the actual series, the splits shaded; a range slider to zoom.

    With `coverage` (the nominal coverage of its lower and upper columns), the interval band is drawn too.
    """
    fig = go.Figure()
    if coverage is not None:
        add_band(fig, predictions.index, predictions["lower"], predictions["upper"], name=band_name(coverage, tr=tr))
    fig.add_scatter(x=predictions.index, y=predictions["actual"], mode="lines", name=tr("actual"), line_color=ACTUAL)
    fig.add_scatter(
        x=predictions.index, y=predictions["predicted"], mode="lines", name=tr("predicted (one step ahead)"),
        line=dict(color=PREDICTED, width=1.5),
    )  # fmt: skip
    fig.update_layout(
        title=tr("Predictions against actuals"), height=460, shapes=_shade(predictions["split"], tr),
        xaxis=dict(rangeslider=dict(visible=True, thickness=0.08)), **_LAYOUT,
    )  # fmt: skip
    return fig


def residuals_chart(predictions: pd.DataFrame, *, tr=str) -> go.Figure:
    """Prediction minus actual at every step; a good model's residuals look like noise around 0."""
    residual = predictions["predicted"] - predictions["actual"]
    fig = go.Figure(
        go.Scatter(x=predictions.index, y=residual, mode="lines", name=tr("residual"), line=dict(color=PREDICTED))
    )
    fig.update_layout(
        title=tr("Residuals (predicted − actual)"), height=280, shapes=_shade(predictions["split"], tr),
        showlegend=False, **_LAYOUT,
    )  # fmt: skip
    fig.add_hline(y=0, line_color="#888")  # after the shapes: update_layout(shapes=...) would overwrite it
    return fig


def forecast_chart(
    context: pd.Series,
    forecast: pd.DataFrame,
    *,
    beyond: bool = False,
    coverage: float | None = None,
    tr=str,
    date_format: str = "%Y-%m-%d",
) -> go.Figure:
    """A multi-step forecast from one origin: the known values before it, the forecast, and what happened.

    `context`: actual values up to and including the origin; `forecast`: columns predicted, actual
    (NaN where the data ends), and with `coverage` lower and upper, its band at that coverage. With `beyond`,
    the whole forecast lies past the data and is marked so. `date_format` writes the origin in the title
    (strftime; "%d/%m/%Y" for Portuguese).
    """
    fig = go.Figure()
    origin_x, origin_y = context.index[-1], float(context.iloc[-1])
    if coverage is not None:
        x = [origin_x, *forecast.index]
        add_band(fig, x, [origin_y, *forecast["lower"]], [origin_y, *forecast["upper"]], color=FORECAST,
                 name=band_name(coverage, tr=tr))  # fmt: skip
    fig.add_scatter(x=context.index, y=context.to_numpy(), mode="lines", name=tr("known values"), line_color=ACTUAL)
    fig.add_scatter(
        x=[origin_x, *forecast.index], y=[origin_y, *forecast["predicted"]], mode="lines+markers",
        name=tr("forecast beyond the data") if beyond else tr("forecast"),
        line=dict(color=FORECAST, dash="dash" if beyond else "solid"), marker=dict(size=5),
    )  # fmt: skip
    if forecast["actual"].notna().any():
        fig.add_scatter(
            x=[origin_x, *forecast.index], y=[origin_y, *forecast["actual"]], mode="lines",
            name=tr("what actually happened"), line=dict(color=ACTUAL, dash="dot"),
        )  # fmt: skip
    shapes = []
    if beyond:
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=origin_x,
                x1=forecast.index[-1],
                y0=0,
                y1=1,
                fillcolor="rgba(214,39,40,0.10)",
                line=dict(width=0),
                layer="below",
            )  # fmt: skip
        )
        fig.add_annotation(
            x=origin_x, y=1, xref="x", yref="paper", xanchor="right", yanchor="top", showarrow=False,
            text=tr("beyond the data: nothing to check against") + " →", font=dict(color=FORECAST),
        )  # fmt: skip
    when = origin_x.strftime(date_format) if isinstance(origin_x, pd.Timestamp) else origin_x
    title = (
        tr("Forecast beyond the data")
        if beyond
        else tr("{h}-step forecast from {origin}").format(h=len(forecast), origin=when)
    )
    fig.update_layout(title=title, height=360, **_LAYOUT)
    for shape in shapes:
        fig.add_shape(shape)
    return fig


def metrics_text(metrics: pd.DataFrame, *, tr=str, decimal: str = ".") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The metrics table as a reader sees it, and where each column's best value is.

    Returns (text, best): text has 4 significant digits, directional accuracy in %, and "—"
    where a metric does not apply (persistence never moves, so it has no direction; MAPE across zero);
    best is True at the lowest error and the highest directional accuracy of each column. `decimal` is the
    decimal separator of the text ("," for Portuguese). up_share, the same for every row, is left to
    metrics_notes; dm_pvalue to the verdict.
    """
    values = metrics[[c for c in metrics.columns if c not in ("up_share", "dm_pvalue")]].copy()
    values["directional_accuracy"] = 100 * values["directional_accuracy"]
    if "persistence" in values.index:
        values.loc["persistence", "directional_accuracy"] = np.nan
    best = pd.DataFrame(False, index=values.index, columns=values.columns)
    shown = values.map(lambda v: float(f"{v:.4g}"))  # as the table shows them: rows it shows equal are both best
    for column in values.columns:
        col = shown[column]
        if col.notna().any():
            target = col.max() if column == "directional_accuracy" else col.min()
            best[column] = col == target
    text = values.map(lambda v: "—" if pd.isna(v) else f"{v:.4g}".replace(".", decimal))
    names = {k: tr(v) for k, v in MODEL_NAMES.items()}
    columns = {"rmse": "RMSE", "mae": "MAE", "mase": "MASE", "mape": "MAPE (%)",
               "directional_accuracy": tr("direction right (%)")}  # fmt: skip
    text, best = (frame.rename(index=names, columns=columns).rename_axis(tr("model")) for frame in (text, best))
    return text, best


def metrics_notes(metrics: pd.DataFrame, *, tr=str) -> list[str]:
    """What a reader needs beside the metrics table: MASE's scale, the direction's base rate, why MAPE is empty."""
    if not len(metrics):
        return []
    notes = []
    if "mase" in metrics and metrics["mase"].notna().any():
        notes.append(tr("MASE: the mean absolute error divided by persistence's on the training rows; below 1 "
                        "beats what tomorrow = today did there."))  # fmt: skip
    if "up_share" in metrics:
        up = 100 * metrics["up_share"].iloc[0]
        notes.append(tr("Direction: the test went up on {u:.0f}% of its steps, so a forecast that always says "
                        "\"up\" is right {u:.0f}% of the time.").format(u=up))  # fmt: skip
    if metrics["mape"].isna().all():
        notes.append(tr("MAPE is not shown: the values cross zero, where a percentage error means nothing."))
    return notes
