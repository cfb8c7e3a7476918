"""Cached wrappers: pure functions of hashable inputs, so a rerun recomputes only what changed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
import torch

from lstmviz import gradflow
from lstmviz.cell import LSTMTrace, trace
from lstmviz.model import seeded_lstm, what_if
from lstmviz.sequences import make_sequence

torch.set_num_threads(1)  # two threads slow down 4-6x when another session uses the other core


@st.cache_data(max_entries=64, show_spinner=False)
def sequence(kind: str, length: int, seed: int) -> np.ndarray:
    return make_sequence(kind, length, seed)


@st.cache_resource(max_entries=64, show_spinner=False)
def _base_lstm(hidden: int, layers: int, seed: int):
    # A seeded model is the same for every user and never mutated (what_if copies), so sharing is safe.
    return seeded_lstm(hidden, layers, seed=seed)


def explorer_lstm(hidden: int, layers: int, seed: int, forget_bias: float, input_bias: float, scale: float):
    return what_if(
        _base_lstm(hidden, layers, seed), forget_bias=forget_bias, input_bias=input_bias, recurrent_scale=scale
    )


@st.cache_data(max_entries=64, show_spinner=False)
def explorer_trace(
    hidden: int, layers: int, seed: int, forget_bias: float, input_bias: float, scale: float, xs: tuple[float, ...]
) -> LSTMTrace:
    lstm = explorer_lstm(hidden, layers, seed, forget_bias, input_bias, scale)
    return trace(lstm, torch.tensor(xs, dtype=torch.float32).unsqueeze(1))


def sensitivity(cell: str, T: int, hidden: int, seed: int, forget_bias: float, scale: float) -> np.ndarray:
    # Only the LSTM has a forget gate: moving its bias must not recompute the RNN and the GRU.
    return _sensitivity(cell, T, hidden, seed, forget_bias if cell == "lstm" else 0.0, scale)


@st.cache_data(max_entries=64, show_spinner=False)
def _sensitivity(cell: str, T: int, hidden: int, seed: int, forget_bias: float, scale: float) -> np.ndarray:
    return gradflow.sensitivity_by_distance(cell, T, hidden, seed=seed, forget_bias=forget_bias, recurrent_scale=scale)


@st.cache_data(max_entries=32, show_spinner=False)
def clipping(clip: float | None, seed: int, scale: float) -> pd.DataFrame:
    return gradflow.clipping_run(clip=clip, seed=seed, recurrent_scale=scale)
