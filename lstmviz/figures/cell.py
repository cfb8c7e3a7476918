"""The LSTM cell diagram (the home page's), a pure figure builder, and the gate colours the Cell page's stepper
shares (lstmviz.stepview sends them to it)."""

from __future__ import annotations

import plotly.graph_objects as go

GATE_COLORS = {"f": "#d62728", "i": "#2ca02c", "g": "#9467bd", "o": "#ff7f0e", "c": "#1f77b4", "h": "#17becf"}
EQUATIONS = {
    "f": "f_t = σ(W_f·[h_{t-1}, x_t] + b_f)",
    "i": "i_t = σ(W_i·[h_{t-1}, x_t] + b_i)",
    "g": "C̃_t = tanh(W_C·[h_{t-1}, x_t] + b_C)",
    "o": "o_t = σ(W_o·[h_{t-1}, x_t] + b_o)",
    "c": "C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t",
    "h": "h_t = o_t ⊙ tanh(C_t)",
}


def cell_diagram() -> go.Figure:
    """The LSTM cell in the familiar notation, each gate's equation on hover (the Cell page draws it live in
    the browser: lstmviz/ui/components/stepper)."""
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
        (1.25, 2.9, "f<sub>t</sub>"), (2.75, 2.6, "i<sub>t</sub>"), (5.4, 2.6, "C̃<sub>t</sub>"),
        (6.05, 2.75, "o<sub>t</sub>"),
    ]  # fmt: skip
    for x, y, name in labels:
        notes.append(dict(x=x, y=y, text=name, showarrow=False, font=dict(size=15)))
    ends = [
        (0.0, 4.35, "C<sub>t−1</sub>"), (10.0, 4.35, "C<sub>t</sub>"), (0.0, 0.95, "h<sub>t−1</sub>"),
        (9.9, 0.95, "h<sub>t</sub>"), (8.9, 5.25, "h<sub>t</sub>"), (0.5, 0.0, "x<sub>t</sub>"),
    ]  # fmt: skip
    for x, y, name in ends:
        notes.append(dict(x=x, y=y, text=f"<b>{name}</b>", showarrow=False, font=dict(size=15)))
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


def spike_hold_chart(holds, *, steps: int, tr=str) -> go.Figure:
    """The share of a single spike each cell still holds at every step after it (lstmviz.spikehold.Hold each: the
    LSTM's C_t, the GRU's h_t, divided by what the spike wrote); a dotted line marks `steps` steps after it."""
    fig = go.Figure()
    names = {"lstm": "LSTM: C_t / C_2", "gru": "GRU: h_t / h_2"}
    colors = {"lstm": GATE_COLORS["c"], "gru": GATE_COLORS["h"]}
    for hold in holds:
        share = hold.state / hold.written  # (T,)
        fig.add_trace(go.Scatter(x=list(range(len(share))), y=share, mode="lines+markers", name=names[hold.cell],
                                 line=dict(color=colors[hold.cell], width=3)))  # fmt: skip
    spike = 2
    fig.add_vline(x=spike + steps, line=dict(color="#777", dash="dot"))
    fig.update_layout(
        title=tr("What is left of the spike"), xaxis_title=tr("timestep t"), yaxis_title=tr("share of what it wrote"),
        yaxis=dict(range=[-0.05, 1.1]), height=360, font=dict(size=14), margin=dict(l=60, r=20, t=50, b=50),
        legend=dict(orientation="h", y=-0.25),
    )  # fmt: skip
    return fig
