"""One place that publishes and reads "the current model and input window" in session state.

The Train page publishes its trained cell (LSTM, GRU or RNN) and the last test window here; the Cell and
Gradients pages read it. It is per user (st.session_state), never shared between users.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch
from torch import nn

_KEY = "lstmviz_current"


@dataclass(frozen=True)
class Handover:
    lstm: nn.RNNBase  # the recurrent layer to trace: an LSTM, GRU or RNN (lstmviz.cellkinds)
    x: torch.Tensor  # (T, input_size): the input window, already scaled as the model sees it
    source: str  # a short description shown to the user, e.g. "Trained on ^GSPC, last test window"
    original: np.ndarray | None = None  # (T,) x's first column in the data's units (a trained model's input is scaled)


def publish(lstm: nn.Module, x: torch.Tensor, source: str, key: str = _KEY, original: np.ndarray | None = None) -> None:
    st.session_state[key] = Handover(lstm=lstm, x=x.detach().clone(), source=source, original=original)


def current() -> Handover | None:
    return st.session_state.get(_KEY)


_CELL_VIEW = "lstmviz_cell_view"


def set_cell_view(lstm: nn.Module, x: torch.Tensor, source: str) -> None:
    """The Cell page's current model and input, for the Gradients page to differentiate: an LSTM's (its BPTT is
    written out for the LSTM); the Cell page showing another kind leaves the Gradients page its own model."""
    if isinstance(lstm, nn.LSTM):
        publish(lstm, x, source, key=_CELL_VIEW)
    else:
        st.session_state.pop(_CELL_VIEW, None)


def cell_view() -> Handover | None:
    return st.session_state.get(_CELL_VIEW)
