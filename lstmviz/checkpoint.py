"""Save a trained forecaster as bytes and load it back, safely: torch.load(weights_only=True) only."""

from __future__ import annotations

import io
import json

import torch

from lstmviz.config import TrainConfig
from lstmviz.forecaster import Forecaster, build_model

FORMAT = "lstmviz-forecaster/1"  # bumped whenever the layout below changes


def save_model(result) -> bytes:
    """A FitResult's model as bytes: its state_dict and a JSON header (format, config, input columns)."""
    header = {"format": FORMAT, "config": result.config.to_dict(), "columns": [str(c) for c in result.data.columns]}
    buf = io.BytesIO()
    torch.save({"header": json.dumps(header), "state_dict": result.model.state_dict()}, buf)
    return buf.getvalue()


def load_model(blob: bytes) -> tuple[Forecaster, TrainConfig]:
    """The model (in eval mode) and its config from save_model's bytes; ValueError for anything else."""
    try:
        payload = torch.load(io.BytesIO(blob), weights_only=True)
    except Exception as e:  # not a torch file, or one holding more than tensors and plain values
        raise ValueError(f"not a saved lstmviz model ({type(e).__name__})") from None
    if not isinstance(payload, dict) or set(payload) != {"header", "state_dict"}:
        raise ValueError("not a saved lstmviz model (unexpected contents)")
    try:
        header = json.loads(payload["header"])
    except (TypeError, json.JSONDecodeError):
        raise ValueError("not a saved lstmviz model (unreadable header)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"not a saved lstmviz model (the header does not say {FORMAT!r})")
    try:
        config = TrainConfig.from_dict(header["config"])
        columns = list(header["columns"])
    except (KeyError, TypeError) as e:
        raise ValueError(f"not a saved lstmviz model (bad header: {e})") from None
    model = build_model(config, len(columns))
    try:
        model.load_state_dict(payload["state_dict"])
    except (RuntimeError, TypeError, AttributeError) as e:
        raise ValueError(f"the saved weights do not fit the saved config: {e}") from None
    return model.eval(), config
