"""The cell kinds, one description each: LSTM, GRU and the plain (tanh) RNN.

A description holds everything the explorer needs to know of a kind: its gates in PyTorch's stacking order
(the row blocks of weight_ih / weight_hh), which of them are sigmoids, the state update as code (`step`) and
as LaTeX with numbers (`equations`), each value's symbol, name and colour range, the what-if knobs, and the
cell diagram's parts. The trace (lstmviz.cell), the equations (lstmviz.equations), the knobs
(lstmviz.knobs), the stepper payload and the browser's drawing of it (lstmviz.stepview, stepper.js) read it;
a new kind is one description here plus its tests.

Letters: H hidden units, G gate blocks. `step` fills views (H,) in place: a 60-step, 2x50 trace is Python-
overhead bound, and fresh tensors per gate would double its time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from lstmviz.figures.cell import GATE_COLORS  # the home page's LSTM diagram: one colour per LSTM value


@dataclass(frozen=True)
class Part:
    """One value the cell computes at each step, as a student reads it; `name` is an English msgid."""

    math: str  # its symbol in LaTeX
    name: str  # English msgid
    range: str  # "gate": a sigmoid in [0, 1]; "tanh": in [-1, 1]; "sum": grows past 1 (the LSTM's C_t)
    color: str  # the diagram's and the figures' colour for it


@dataclass(frozen=True)
class CellKind:
    key: str  # ?cell=... and TrainConfig.cell
    title: str  # as the page names it
    module: type[nn.RNNBase]
    gates: tuple[str, ...]  # the weight blocks, in PyTorch's stacking order
    states: tuple[str, ...]  # what step t hands to step t + 1
    order: tuple[str, ...]  # the equations' and the heatmaps' order: every value the trace records
    parts: dict[str, Part]
    z: dict[str, str]  # each gate's subscript in z_• ("Where z comes from")
    reset: dict[str, str]  # gate -> the gate that scales its recurrent term (the GRU's r_t on n_t's)
    quiet: tuple[str, ...]  # the blocks whose biases the explorer sets to 0, so that a zero input writes nothing
    knobs: dict[str, str]  # what-if setting -> the gate whose bias it shifts
    holds: tuple[str, str] | None  # (a state, the gate that carries it over unchanged when near 1), if any
    step: Callable  # step(x_part, h_part, prev, new): x_part = W_ih x_t + b_ih, h_part = W_hh h_{t-1} + b_hh (GH,)
    equations: Callable  # equations(v, pre, n, m) -> LaTeX lines; v the values, pre each gate's z
    diagram: tuple[dict, ...]  # the SVG's parts (viewBox 0 0 1100 700), drawn by stepper.js
    scales: str  # English msgid: the heatmaps' fixed colour ranges, said for this kind's values

    @property
    def sigmoids(self) -> tuple[str, ...]:
        return tuple(k for k in self.order if self.parts[k].range == "gate")

    def block(self, gate: str, H: int) -> slice:
        """The rows of `gate` in weight_ih / weight_hh / the biases."""
        n = self.gates.index(gate)
        return slice(n * H, (n + 1) * H)


# ---- LSTM: c_t = f_t c_{t-1} + i_t g_t, h_t = o_t tanh(c_t) --------------------------------------------


def _lstm_step(x_part, h_part, prev, new):
    z_i, z_f, z_g, z_o = x_part.add_(h_part).chunk(4)  # z_t = W_ih x_t + W_hh h_{t-1} + b
    torch.sigmoid(z_i, out=new["i"])
    torch.sigmoid(z_f, out=new["f"])
    torch.tanh(z_g, out=new["g"])
    torch.sigmoid(z_o, out=new["o"])
    torch.mul(new["f"], prev["c"], out=new["c"]).addcmul_(new["i"], new["g"])  # c_t = f_t c_{t-1} + i_t g_t
    torch.tanh(new["c"], out=new["h"]).mul_(new["o"])  # h_t = o_t tanh(c_t)


def _lstm_equations(v, pre, n, m):
    return [
        rf"f_t = \sigma(z_f) = \sigma({n(pre['f'])}) = {n(v['f'])}",
        rf"i_t = \sigma(z_i) = \sigma({n(pre['i'])}) = {n(v['i'])}",
        rf"\tilde C_t = \tanh(z_C) = \tanh({n(pre['g'])}) = {n(v['g'])}",
        r"C_t = f_t C_{t-1} + i_t \tilde C_t",
        rf"\quad = {n(v['f'])} \cdot {m(v['c_prev'])} + {n(v['i'])} \cdot {m(v['g'])}",
        rf"\quad = {n(v['c'])}",
        rf"o_t = \sigma(z_o) = \sigma({n(pre['o'])}) = {n(v['o'])}",
        rf"h_t = o_t \tanh(C_t) = {n(v['o'])} \cdot \tanh({n(v['c'])})",
        rf"\quad = {n(v['h'])}",
    ]


def _wire(d: str, *, color: str | None = None, width: int = 5, arrow: bool = False) -> dict:
    return {"type": "wire", "d": d, "color": color, "width": width, "arrow": arrow}


def _box(k: str, x: int, act: str) -> dict:  # a gate's layer: its activation on top, its live value inside
    return {"type": "box", "k": k, "x": x, "act": act}


def _op(x: int, y: int, symbol: str, *, wide: bool = False) -> dict:  # a pointwise operation
    return {"type": "op", "x": x, "y": y, "symbol": symbol, "wide": wide}


def _name(x: int, y: int, base: str, anchor: str) -> dict:  # a gate's output, as base_t
    return {"type": "name", "x": x, "y": y, "base": base, "sub": "t", "anchor": anchor}


def _end(x: int, y: int, base: str, sub: str, k: str, anchor: str) -> dict:  # a state or input with its value
    return {"type": "end", "x": x, "y": y, "base": base, "sub": sub, "k": k, "anchor": anchor}


LSTM = CellKind(
    key="lstm",
    title="LSTM",
    module=nn.LSTM,
    gates=("i", "f", "g", "o"),
    states=("c", "h"),
    order=("f", "i", "g", "o", "c", "h"),
    parts={
        "f": Part("f_t", "forget gate", "gate", GATE_COLORS["f"]),
        "i": Part("i_t", "input gate", "gate", GATE_COLORS["i"]),
        "g": Part(r"\tilde C_t", "candidate", "tanh", GATE_COLORS["g"]),
        "o": Part("o_t", "output gate", "gate", GATE_COLORS["o"]),
        "c": Part("C_t", "cell state", "sum", GATE_COLORS["c"]),
        "h": Part("h_t", "hidden state", "tanh", GATE_COLORS["h"]),
    },
    z={"i": "i", "f": "f", "g": "C", "o": "o"},
    reset={},
    quiet=("g",),
    knobs={"forget_bias": "f", "input_bias": "i"},
    holds=("c", "f"),  # c_t = f_t c_{t-1} + ...
    step=_lstm_step,
    equations=_lstm_equations,
    scales="Fixed scales: gates on [0, 1], C̃ₜ and hₜ on [−1, 1], Cₜ on the smallest whole range that holds it. "
    "Auto-scale stretches each to its data.",
    diagram=(
        *(
            _wire(d)
            for d in (
                "M240,370 V156",
                "M430,370 V240 H499",
                "M620,370 V240 H551",
                "M525,214 V156",
                "M810,370 V340 H874",
                "M900,130 V204",
                "M900,256 V314",
                "M10,540 H810",
                "M240,540 V500",
                "M430,540 V500",
                "M620,540 V500",
                "M810,540 V500",
                "M40,700 V540",
            )
        ),
        _wire("M926,340 H990 V540 H1085", arrow=True),
        _wire("M10,130 H1085", color="c", width=12, arrow=True),
        _box("f", 240, "σ"),
        _box("i", 430, "σ"),
        _box("g", 620, "tanh"),
        _box("o", 810, "σ"),
        _op(240, 130, "×"),
        _op(525, 130, "+"),
        _op(525, 240, "×"),
        _op(900, 340, "×"),
        _op(900, 230, "tanh", wide=True),
        _name(226, 300, "f", "end"),
        _name(416, 320, "i", "end"),
        _name(634, 320, "C̃", "start"),
        _name(824, 322, "o", "start"),
        _end(10, 60, "C", "t−1", "c_prev", "start"),
        _end(1090, 60, "C", "t", "c", "end"),
        _end(60, 596, "h", "t−1", "h_prev", "start"),
        _end(1090, 590, "h", "t", "h", "end"),
        _end(60, 682, "x", "t", "x", "start"),
    ),  # fmt: skip
)


# ---- GRU (PyTorch's form): n_t = tanh(W_in x_t + b_in + r_t (W_hn h_{t-1} + b_hn)), h_t = (1 - z_t) n_t + z_t h_{t-1}


def _gru_step(x_part, h_part, prev, new):
    x_r, x_z, x_n = x_part.chunk(3)
    h_r, h_z, h_n = h_part.chunk(3)
    torch.sigmoid(x_r.add_(h_r), out=new["r"])
    torch.sigmoid(x_z.add_(h_z), out=new["z"])
    torch.tanh(x_n.addcmul_(new["r"], h_n), out=new["n"])  # the reset gate scales the recurrent term only
    torch.sub(prev["h"], new["n"], out=new["h"]).mul_(new["z"]).add_(new["n"])  # n + z (h_{t-1} - n)


def _gru_equations(v, pre, n, m):
    return [
        rf"r_t = \sigma(z_r) = \sigma({n(pre['r'])}) = {n(v['r'])}",
        rf"z_t = \sigma(z_z) = \sigma({n(pre['z'])}) = {n(v['z'])}",
        rf"n_t = \tanh(z_n) = \tanh({n(pre['n'])}) = {n(v['n'])}",
        r"h_t = (1 - z_t)\, n_t + z_t\, h_{t-1}",
        rf"\quad = {n(1 - v['z'])} \cdot {m(v['n'])} + {n(v['z'])} \cdot {m(v['h_prev'])}",
        rf"\quad = {n(v['h'])}",
    ]


GRU = CellKind(
    key="gru",
    title="GRU",
    module=nn.GRU,
    gates=("r", "z", "n"),
    states=("h",),
    order=("r", "z", "n", "h"),
    parts={
        "r": Part("r_t", "reset gate", "gate", "#2ca02c"),
        "z": Part("z_t", "update gate", "gate", "#d62728"),
        "n": Part("n_t", "new gate", "tanh", "#9467bd"),
        "h": Part("h_t", "hidden state", "tanh", "#17becf"),
    },
    z={"r": "r", "z": "z", "n": "n"},
    reset={"n": "r"},
    quiet=("n",),
    knobs={"update_bias": "z", "reset_bias": "r"},
    holds=("h", "z"),  # h_t = z_t h_{t-1} + ...
    step=_gru_step,
    equations=_gru_equations,
    scales="Fixed scales: gates on [0, 1], nₜ and hₜ on [−1, 1]. Auto-scale stretches each to its data.",
    diagram=(
        *(
            _wire(d)
            for d in (
                "M240,370 V156",
                "M240,220 H474",
                "M566,220 H784",
                "M810,370 V246",
                "M810,194 V156",
                "M430,370 V300 H614",
                "M640,540 V326",
                "M666,300 H740 V370",
                "M60,130 V540 H810",
                "M240,540 V500",
                "M430,540 V500",
                "M810,540 V500",
                "M110,700 V540",
            )
        ),
        _wire("M10,130 H1085", color="h", width=12, arrow=True),
        _box("z", 240, "σ"),
        _box("r", 430, "σ"),
        _box("n", 810, "tanh"),
        _op(240, 130, "×"),
        _op(810, 130, "+"),
        _op(810, 220, "×"),
        _op(520, 220, "1−", wide=True),
        _op(640, 300, "×"),
        _name(226, 310, "z", "end"),
        _name(416, 320, "r", "end"),
        _name(824, 320, "n", "start"),
        _end(10, 60, "h", "t−1", "h_prev", "start"),
        _end(1090, 60, "h", "t", "h", "end"),
        _end(130, 682, "x", "t", "x", "start"),
    ),  # fmt: skip
)


# ---- the plain RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) -----------------------------------


def _rnn_step(x_part, h_part, prev, new):
    torch.tanh(x_part.add_(h_part), out=new["h"])


def _rnn_equations(v, pre, n, m):
    return [rf"h_t = \tanh(z_h) = \tanh({n(pre['h'])}) = {n(v['h'])}"]


RNN = CellKind(
    key="rnn",
    title="RNN",
    module=nn.RNN,
    gates=("h",),
    states=("h",),
    order=("h",),
    parts={"h": Part("h_t", "hidden state", "tanh", "#17becf")},
    z={"h": "h"},
    reset={},
    quiet=("h",),
    knobs={},
    holds=None,  # h_t = tanh(W_hh h_{t-1} + ...): nothing carries it over as it is
    step=_rnn_step,
    equations=_rnn_equations,
    scales="Fixed scale: hₜ on [−1, 1]. Auto-scale stretches it to its data.",
    diagram=(
        _wire("M10,130 H60 V540 H550"),
        _wire("M110,700 V540"),
        _wire("M550,540 V500"),
        _wire("M550,370 V130 H1085", color="h", width=12, arrow=True),
        _box("h", 550, "tanh"),
        _end(10, 60, "h", "t−1", "h_prev", "start"),
        _end(1090, 60, "h", "t", "h", "end"),
        _end(130, 682, "x", "t", "x", "start"),
    ),
)

KINDS = {kind.key: kind for kind in (LSTM, GRU, RNN)}


def kind_of(module: nn.Module) -> CellKind:
    """The description of a recurrent layer; ValueError for anything else (a tanh RNN only)."""
    for kind in KINDS.values():
        if type(module) is kind.module:
            if isinstance(module, nn.RNN) and module.nonlinearity != "tanh":
                raise ValueError(f"only a tanh RNN is supported, got nonlinearity={module.nonlinearity!r}")
            return kind
    raise ValueError(f"module must be a torch.nn.LSTM, GRU or RNN, got {type(module).__name__}")
