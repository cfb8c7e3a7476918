"""The Train page's widget keys for TrainConfig and the presets: plain data, no Streamlit calls.

Shared by the page, its tests and the benchmarks that open the page with a preset in the URL.
"""

from __future__ import annotations

from urllib.parse import urlencode

from lstmviz.presets import PRESETS
from lstmviz.ui.urlstate import encode

FIELDS = {  # widget key -> TrainConfig field
    "c_lookback": "lookback", "c_horizon": "horizon", "c_mode": "target_mode", "c_cell": "cell",
    "c_hidden": "hidden_size", "c_layers": "num_layers", "c_dropout": "dropout", "c_epochs": "epochs",
    "c_batch": "batch_size", "c_lr": "lr", "c_wd": "weight_decay", "c_clip": "clip_norm", "c_patience": "patience",
    "c_val": "val_fraction", "c_test": "test_fraction", "c_seed": "seed",
}  # fmt: skip
PRESET_DATA = {  # the data each preset was written for
    "StockLSTM": {"d_source": "sample", "d_sample": "sp500", "d_column": "Close", "d_rows": 1750},
    "Keras-style LSTM": {"d_source": "sample", "d_sample": "sp500", "d_column": "Close", "d_rows": 1750},
    "Classroom sine": {"d_source": "synthetic", "d_kind": "noisy sine", "d_length": 500, "d_noise": 0.1},
    "DemandLSTM": {"d_source": "synthetic", "d_kind": "demand", "d_length": 730, "d_noise": 0.1},
}


def preset_settings(name: str) -> dict:
    """Every widget value a preset sets: its data and its TrainConfig."""
    preset = PRESETS[name]
    fields = {key: getattr(preset.config, field) for key, field in FIELDS.items()}
    return {"preset": name, **PRESET_DATA[name], **fields, "features": list(preset.config.features)}


def preset_query(name: str, **overrides) -> str:
    """A Train page query string that opens with preset `name` (and `overrides`) set, e.g. for a shared link."""
    settings = {**preset_settings(name), **overrides}
    return urlencode({k: encode(v) for k, v in settings.items() if v != []})
