"""Cached wrappers: pure functions of hashable inputs, so a rerun recomputes only what changed."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import streamlit as st
import torch
from torch import nn

from lstmviz import cell, gradflow
from lstmviz.bptt import BPTTResult, bptt
from lstmviz.cell import Trace
from lstmviz.knobs import explorer_cell as seeded_explorer_cell
from lstmviz.knobs import what_if
from lstmviz.reference import autograd_weight_grads, max_abs_difference
from lstmviz.sequences import make_sequence
from lstmviz.server import sharedruns
from lstmviz.ui.slots import BUDGET

# Two threads slow down 4-6x when another session uses the other core. This binds the importing
# thread only; page.setup repeats it in every rerun's thread.
torch.set_num_threads(1)


@st.cache_data(max_entries=64, show_spinner=False)
def sequence(kind: str, length: int, seed: int) -> np.ndarray:
    return make_sequence(kind, length, seed)


@st.cache_resource(max_entries=64, show_spinner=False)
def _base_cell(cell: str, hidden: int, layers: int, seed: int):
    # A seeded model is the same for every user and never mutated (what_if copies), so sharing is safe.
    return seeded_explorer_cell(cell, hidden, layers, seed=seed)


def explorer_lstm(hidden: int, layers: int, seed: int, forget_bias: float, input_bias: float, scale: float):
    return explorer_cell("lstm", hidden, layers, seed, scale, forget_bias=forget_bias, input_bias=input_bias)


def explorer_cell(cell: str, hidden: int, layers: int, seed: int, scale: float, **shifts: float):
    """The explorer's `cell` (a lstmviz.cellkinds key) with W_hh × `scale` and its kind's knobs' `shifts`."""
    return what_if(_base_cell(cell, hidden, layers, seed), recurrent_scale=scale, **shifts)


def fingerprint(lstm: nn.Module, x: torch.Tensor) -> str:
    """A digest of all a model's gradients depend on: its configuration, its weights and the input x."""
    digest = hashlib.sha256(repr(lstm).encode())
    for name, v in [*lstm.state_dict().items(), ("x", x)]:
        digest.update(f"{name} {v.dtype} {tuple(v.shape)}".encode())
        digest.update(v.detach().contiguous().numpy().tobytes())
    return digest.hexdigest()


def trace(lstm: nn.Module, x: torch.Tensor) -> Trace:
    """The gates and states of lstm (or a GRU, an RNN) on x (T, D) (lstmviz.cell.trace); recomputed only when the
    model or x changes."""
    return _trace(fingerprint(lstm, x), lstm, x)


@st.cache_data(max_entries=64, show_spinner=False)
def _trace(key: str, _lstm: nn.Module, _x: torch.Tensor) -> Trace:
    # `key` stands for _lstm and _x, which st.cache_data does not hash (their names start with _)
    return cell.trace(_lstm, _x)


def backprop(lstm: nn.LSTM, x: torch.Tensor, loss: str) -> tuple[BPTTResult, np.ndarray, float]:
    """BPTT of `loss` for lstm on x (T, D), the top layer's cell-state path (T,) and the largest
    difference from autograd; recomputed only when the model, its input or the loss changes.

    `loss`: "last" (L = Σ h_T) or "every" (L = Σ_t Σ h_t).
    """
    return _backprop(fingerprint(lstm, x), loss, lstm, x)


@st.cache_data(max_entries=16, show_spinner=False)
def _backprop(key: str, loss: str, _lstm: nn.LSTM, _x: torch.Tensor) -> tuple[BPTTResult, np.ndarray, float]:
    # `key` stands for _lstm and _x, which st.cache_data does not hash (their names start with _)
    H, T = _lstm.hidden_size, _x.shape[0]
    dh_out = torch.ones(H) if loss == "last" else torch.ones(T, H)
    result = bptt(_lstm, _x, dh_out)
    highway = gradflow.cell_path(result, _lstm.num_layers - 1)
    return result, highway, max_abs_difference(result, autograd_weight_grads(_lstm, _x, dh_out))


@st.cache_data(max_entries=64, show_spinner=False)
def sensitivity(cell: str, T: int, hidden: int, seed: int, forget_bias: float, scale: float) -> np.ndarray:
    # The Gradients page passes forget_bias=0.0 for the RNN and the GRU (no forget gate), so moving the
    # LSTM's bias recomputes only the LSTM's curve.
    return gradflow.sensitivity_by_distance(cell, T, hidden, seed=seed, forget_bias=forget_bias, recurrent_scale=scale)


def clipping(clip: float | None, seed: int, scale: float) -> pd.DataFrame:
    # a training run: computed once per server and bounded with the other shared runs (lstmviz.server.sharedruns)
    run = sharedruns.RUNS.run(
        ("clipping_run", clip, seed, scale, BUDGET),
        lambda publish: (gradflow.clipping_run(clip=clip, seed=seed, recurrent_scale=scale, max_seconds=BUDGET), True),
    )
    return run.value
