"""Save a trained forecaster as bytes and load it back, safely: torch.load(weights_only=True) only."""

from __future__ import annotations

import io
import json

import torch

from lstmviz.config import TrainConfig
from lstmviz.errors import UserError
from lstmviz.forecaster import Forecaster, build_model

FORMAT = "lstmviz-forecaster/1"  # bumped whenever the layout below changes


def save_model(result) -> bytes:
    """A FitResult's model as bytes: its state_dict and a JSON header (format, config, input columns)."""
    header = {"format": FORMAT, "config": result.config.to_dict(), "columns": [str(c) for c in result.data.columns]}
    buf = io.BytesIO()
    torch.save({"header": json.dumps(header), "state_dict": result.model.state_dict()}, buf)
    return buf.getvalue()


def load_model(blob: bytes) -> tuple[Forecaster, TrainConfig]:
    """The model (in eval mode) and its config from save_model's bytes; UserError for anything else."""
    try:
        payload = torch.load(io.BytesIO(blob), weights_only=True)
    except Exception:  # not a torch file, or one holding more than tensors and plain values
        raise UserError("model.not_ours") from None
    if not isinstance(payload, dict) or set(payload) != {"header", "state_dict"}:
        raise UserError("model.not_ours")
    try:
        header = json.loads(payload["header"])
    except (TypeError, json.JSONDecodeError):
        raise UserError("model.not_ours") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise UserError("model.not_ours")
    try:
        config = TrainConfig.from_dict(header["config"])
        columns = list(header["columns"])
    except (KeyError, TypeError):
        raise UserError("model.not_ours") from None
    model = build_model(config, len(columns))
    try:
        model.load_state_dict(payload["state_dict"])
    except (RuntimeError, TypeError, AttributeError):
        raise UserError("model.weights") from None
    return model.eval(), config
