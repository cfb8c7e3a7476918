"""Pure figure builders for the cell explorer: each returns a go.Figure and never shows it.

Colours: gates live in [0, 1] (sequential scale); signed values (g, c, h) use a diverging
scale centred on 0. Sizes are chosen to stay readable on a projector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from lstmviz.figures import GATE_SCALE, SIGNED_SCALE

if TYPE_CHECKING:  # the home page draws the diagram without importing torch (faster cold start)
    from lstmviz.cell import LSTMTrace

GATE_COLORS = {"f": "#d62728", "i": "#2ca02c", "g": "#9467bd", "o": "#ff7f0e", "c": "#1f77b4", "h": "#17becf"}
NAMES = {
    "i": "input gate i_t",
    "f": "forget gate f_t",
    "g": "candidate C̃_t",
    "o": "output gate o_t",
    "c": "cell state C_t",
    "h": "hidden state h_t",
}
EQUATIONS = {
    "f": "f_t = σ(W_f·[h_{t-1}, x_t] + b_f)",
    "i": "i_t = σ(W_i·[h_{t-1}, x_t] + b_i)",
    "g": "C̃_t = tanh(W_C·[h_{t-1}, x_t] + b_C)",
    "o": "o_t = σ(W_o·[h_{t-1}, x_t] + b_o)",
    "c": "C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t",
    "h": "h_t = o_t ⊙ tanh(C_t)",
}


def cell_diagram(values: dict[str, float] | None = None, *, decimal: str = ".") -> go.Figure:
    """The LSTM cell in the familiar notation; `values` (keys x, h_prev, c_prev, i, f, g, o, c, h) labels it live.

    `decimal` is the decimal separator of those labels ("," for Portuguese).
    """
    v = values or {}

    def num(key: str) -> str:
        return f"<br><b>{v[key]:+.3f}</b>".replace(".", decimal) if key in v else ""

    shapes: list[dict] = []
    notes: list[dict] = []
    line = dict(color="#333", width=3)
    # cell-state conveyor belt on top, hidden state along the bottom
    shapes.append(dict(type="line", x0=0, y0=4, x1=10, y1=4, line=dict(color=GATE_COLORS["c"], width=6)))
    shapes.append(dict(type="line", x0=0, y0=0.6, x1=6.7, y1=0.6, line=line))
    shapes.append(dict(type="rect", x0=0.8, y0=-0.2, x1=9.3, y1=4.7, line=dict(color="#999", width=2, dash="dot")))
    gates = [("f", 1.8, "σ"), ("i", 3.3, "σ"), ("g", 4.8, "tanh"), ("o", 6.6, "σ")]
    for key, x, act in gates:
        shapes.append(dict(type="line", x0=x, y0=0.6, x1=x, y1=1.2, line=line))
        shapes.append(dict(
            type="rect", x0=x - 0.55, y0=1.2, x1=x + 0.55, y1=2.2,
            fillcolor=GATE_COLORS[key], opacity=0.85, line=dict(color="#222"),
        ))  # fmt: skip
        notes.append(dict(x=x, y=1.7, text=f"<b>{act}</b>", showarrow=False, font=dict(color="white", size=18)))
    # wires from the gates to the pointwise operations
    for x0, y0, x1, y1 in [
        (1.8, 2.2, 1.8, 3.75), (3.3, 2.2, 3.3, 2.9), (4.8, 2.2, 4.8, 2.9), (3.3, 2.9, 4.05, 2.9),
        (4.8, 2.9, 4.05, 2.9), (4.05, 2.9, 4.05, 3.75), (6.6, 2.2, 6.6, 2.6), (6.6, 2.6, 7.45, 2.6),
        (8.2, 4.0, 8.2, 3.48), (8.2, 2.72, 8.2, 2.6), (8.2, 2.6, 7.95, 2.6), (7.7, 2.35, 7.7, 0.6),
        (7.7, 0.6, 10, 0.6), (8.9, 0.6, 8.9, 4.9),
    ]:  # fmt: skip
        shapes.append(dict(type="line", x0=x0, y0=y0, x1=x1, y1=y1, line=line))
    ops = [(1.8, 4.0, "×"), (4.05, 4.0, "+"), (4.05, 2.9, "×"), (7.7, 2.6, "×"), (8.2, 3.1, "tanh")]
    for x, y, sym in ops:
        r = 0.38 if len(sym) > 1 else 0.25
        shapes.append(dict(
            type="circle", x0=x - r, y0=y - r, x1=x + r, y1=y + r, fillcolor="#ffe08a",
            line=dict(color="#222"),
        ))  # fmt: skip
        notes.append(dict(x=x, y=y, text=sym, showarrow=False, font=dict(size=11 if len(sym) > 1 else 20)))
    labels = [
        (1.25, 2.9, "f", "f<sub>t</sub>"), (2.75, 2.6, "i", "i<sub>t</sub>"), (5.4, 2.6, "g", "C̃<sub>t</sub>"),
        (6.05, 2.75, "o", "o<sub>t</sub>"),
    ]  # fmt: skip
    for x, y, key, name in labels:
        notes.append(dict(x=x, y=y, text=f"{name}{num(key)}", showarrow=False, font=dict(size=15)))
    ends = [
        (0.0, 4.35, "C<sub>t−1</sub>", "c_prev"), (10.0, 4.35, "C<sub>t</sub>", "c"),
        (0.0, 0.95, "h<sub>t−1</sub>", "h_prev"), (9.9, 0.95, "h<sub>t</sub>", "h"), (8.9, 5.25, "h<sub>t</sub>", "h"),
        (0.5, 0.0, "x<sub>t</sub>", "x"),
    ]  # fmt: skip
    for x, y, name, key in ends:
        notes.append(dict(x=x, y=y, text=f"<b>{name}</b>{num(key)}", showarrow=False, font=dict(size=15)))
    shapes.append(dict(type="line", x0=0.9, y0=0.25, x1=1.4, y1=0.6, line=line))
    # invisible markers carry the equations as hover text
    marker_trace = go.Scatter(
        x=[x for _, x, _ in gates] + [4.05, 8.2],
        y=[1.7] * 4 + [4.0, 3.1],
        mode="markers",
        marker=dict(size=40, opacity=0),
        hovertext=[EQUATIONS[k] for k, _, _ in gates] + [EQUATIONS["c"], EQUATIONS["h"]],
        hoverinfo="text",
        showlegend=False,
    )
    # One validated constructor call: adding ~40 shapes one by one costs over 100 ms.
    return go.Figure(
        data=[marker_trace],
        layout=dict(
            shapes=shapes, annotations=notes, height=380, margin=dict(l=0, r=0, t=10, b=0),
            plot_bgcolor="white", dragmode=False, xaxis=dict(visible=False, range=[-0.6, 10.6]),
            yaxis=dict(visible=False, range=[-0.5, 5.6], scaleanchor="x"),
        ),
    )  # fmt: skip


def _cursor(step: int, panel: int) -> dict:
    axis = "" if panel == 0 else str(panel + 1)
    return dict(
        type="line", x0=step, x1=step, y0=0, y1=1, xref=f"x{axis}", yref=f"y{axis} domain",
        line=dict(color="black", width=2),
    )  # fmt: skip


def gate_heatmaps(trace: LSTMTrace, *, layer: int = 0, step: int | None = None, tr=str) -> go.Figure:
    """Unit x time heatmaps of i, f, g, o, c, h for one layer, with a cursor at `step`."""
    keys = ["i", "f", "g", "o", "c", "h"]
    T, H = trace.h.shape[1], trace.h.shape[2]
    heatmaps, layout = [], {}
    for n, key in enumerate(keys):
        z = getattr(trace, key)[layer].T.numpy()  # (H, T)
        gate = key in "ifo"
        bound = 1.0 if gate else max(1e-6, float(abs(z).max()))
        ax = "" if n == 0 else str(n + 1)
        row, col = n // 2, n % 2
        x0, y1 = 0.0 if col == 0 else 0.55, 1.0 - row * 0.37  # a 3 x 2 grid, laid out by hand:
        layout[f"xaxis{ax}"] = dict(domain=[x0, x0 + 0.42], anchor=f"y{ax}")  # make_subplots costs ~30 ms
        layout[f"yaxis{ax}"] = dict(domain=[y1 - 0.26, y1], anchor=f"x{ax}", title=tr("unit") if col == 0 else None)
        if row == 2:
            layout[f"xaxis{ax}"]["title"] = tr("timestep t")
        heatmaps.append(
            go.Heatmap(
                z=z, x=list(range(T)), y=list(range(H)), zmin=0 if gate else -bound, zmax=1 if gate else bound,
                colorscale=GATE_SCALE if gate else SIGNED_SCALE, xaxis=f"x{ax}", yaxis=f"y{ax}",
                colorbar=dict(len=0.26, y=y1, yanchor="top", x=x0 + 0.43, thickness=10),
                hovertemplate="t=%{x}, " + tr("unit") + " %{y}: %{z:.4f}<extra>" + key + "</extra>",
            )
        )  # fmt: skip
        layout.setdefault("annotations", []).append(
            dict(
                text=tr(NAMES[key]), x=x0 + 0.21, y=y1, xref="paper", yref="paper", xanchor="center",
                yanchor="bottom", showarrow=False, font=dict(size=15),
            )
        )  # fmt: skip
    layout["shapes"] = [] if step is None else [_cursor(step, n) for n in range(len(keys))]
    fig = go.Figure(
        data=heatmaps, layout=dict(layout, height=720, margin=dict(l=50, r=20, t=30, b=40), font=dict(size=14))
    )
    return fig


def state_lines(trace: LSTMTrace, *, layer: int = 0, units=(0,), step: int | None = None, tr=str) -> go.Figure:
    """C_t and h_t over time for the chosen units of one layer."""
    fig = go.Figure()
    T = trace.h.shape[1]
    for u in units:
        for key, dash in (("c", "solid"), ("h", "dot")):
            fig.add_trace(
                go.Scatter(
                    x=list(range(T)), y=getattr(trace, key)[layer, :, u].numpy(), mode="lines",
                    name=f"{'C' if key == 'c' else 'h'}_t, {tr('unit')} {u}", line=dict(dash=dash, width=3),
                )
            )  # fmt: skip
    fig.update_layout(
        shapes=[] if step is None else [_cursor(step, 0)],
        height=340, xaxis_title=tr("timestep t"), yaxis_title=tr("value"), font=dict(size=14),
        margin=dict(l=50, r=20, t=30, b=40), legend=dict(orientation="h", y=1.12),
    )  # fmt: skip
    return fig
