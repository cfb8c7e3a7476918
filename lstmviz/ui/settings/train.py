"""The Train page's settings: its data panel, then the model and training, whose keys are TrainConfig's fields.

`train_config(values)` makes the TrainConfig by name; `preset_settings(name)` is every value a preset sets.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import fields
from typing import Any
from urllib.parse import urlencode

from lstmviz.config import CELLS, MAX_HORIZON, MODEL_LIMITS, TARGET_MODES, TrainConfig
from lstmviz.data import tickers
from lstmviz.data.synthetic import KINDS as SERIES_KINDS
from lstmviz.intervals import CONFORMAL
from lstmviz.presets import PRESETS
from lstmviz.ui.settings import SEED, Setting, Table, encode

# ---- Train page: the data panel ---------------------------------------------------------------------
DAYS = (datetime.date(1970, 1, 1), datetime.date(2099, 12, 31))  # what the date pickers (and a link) may hold
SAMPLE_COLUMNS = {"sp500": ("Close", "Open", "High", "Low", "Adj Close", "Volume"), "vix": ("vix",)}
DATA = Table(
    Setting("data", "synthetic", "Source", choices=("synthetic", "sample", "yahoo", "csv"), old="d_source"),
    Setting("series", "noisy sine", "Series", choices=(*SERIES_KINDS, "demand"), old="d_kind"),
    Setting("days", 500, "Length (days)", bounds=(100, 5000), step=50, old="d_length"),
    Setting("noise", 0.1, "Noise", bounds=(0.0, 1.0), step=0.05, old="d_noise"),
    Setting("series_seed", 0, "Data seed", bounds=SEED, advanced=True, old="d_seed"),
    Setting("sample", "sp500", "Sample", choices=tuple(SAMPLE_COLUMNS), old="d_sample"),
    Setting("column", "Close", "Column to forecast", choices=tuple(dict.fromkeys(sum(SAMPLE_COLUMNS.values(), ()))),
            old="d_column"),
    Setting("rows", 1750, "Use the last N rows", bounds=(50, 20_000), step=250, old="d_rows",
            help="Fewer rows train faster; the split is made on these rows, oldest first."),
    Setting("tickers", "AAPL", "Tickers (comma separated)", old="d_tickers",
            help="Yahoo symbols, e.g. AAPL, MSFT, ^GSPC"),
    Setting("span", "period", "Dates", choices=("period", "range"), old="d_span"),
    Setting("period", "5y", "Period", choices=tuple(tickers.PERIODS), old="d_period"),
    Setting("start", datetime.date(2019, 1, 1), "From", bounds=DAYS, old="d_start"),
    Setting("end", datetime.date(2023, 12, 31), "To (included)", bounds=DAYS, old="d_end"),
    Setting("interval", "1d", "Interval", choices=tuple(tickers.INTERVALS), old="d_interval"),
    Setting("target", "", "Column to forecast", old="d_target"),  # a column of the downloaded or uploaded data
    Setting("missing", "none", "Missing values", choices=("none", "drop", "ffill"), old="d_nan"),
    # how an uploaded CSV is read (lstmviz.ui.csvupload): "auto" is what was detected
    Setting("csv_sep", "auto", "Separator", choices=("auto", ",", ";", "tab")),
    Setting("csv_decimal", "auto", "Decimal mark", choices=("auto", ".", ",")),
    Setting("csv_dates", "auto", "Date order", choices=("auto", "dmy", "mdy")),
    Setting("csv_encoding", "auto", "Text encoding", choices=("auto", "utf-8", "cp1252", "utf-16")),
)  # fmt: skip

# ---- Train page: the model and its training (keys are TrainConfig's fields) -----------------------------
DEFAULT_PRESET = "Classroom sine"
_CONFIG = PRESETS[DEFAULT_PRESET].config  # the page opens on its default preset
LRS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
MODEL = Table(
    Setting("preset", DEFAULT_PRESET, "Preset", choices=("custom", *PRESETS)),
    Setting("features", list(_CONFIG.features), "Extra input features", max_items=MODEL_LIMITS["features"]),
    Setting("lookback", _CONFIG.lookback, "Lookback (steps in each window)", bounds=(2, 250), old="c_lookback"),
    Setting("horizon", _CONFIG.horizon, "Horizon (steps forecast at once)", bounds=(1, MAX_HORIZON), old="c_horizon"),
    Setting("target_mode", _CONFIG.target_mode, "The model learns", choices=TARGET_MODES, old="c_mode"),
    Setting("val_fraction", _CONFIG.val_fraction, "Validation share", bounds=(0.05, 0.3), step=0.05, advanced=True,
            old="c_val"),
    Setting("test_fraction", _CONFIG.test_fraction, "Test share", bounds=(0.05, 0.3), step=0.05, advanced=True,
            old="c_test"),
    Setting("cell", _CONFIG.cell, "Cell", choices=CELLS, old="c_cell"),
    Setting("hidden_size", _CONFIG.hidden_size, "Hidden units", bounds=(1, 128), old="c_hidden"),
    Setting("num_layers", _CONFIG.num_layers, "Layers", choices=(1, 2, 3), old="c_layers"),
    Setting("dropout", _CONFIG.dropout, "Dropout between layers", bounds=(0.0, 0.5), step=0.05, advanced=True,
            old="c_dropout"),
    Setting("head_dropout", _CONFIG.head_dropout, "Dropout before the output layer", bounds=(0.0, 0.5), step=0.05,
            advanced=True),
    Setting("epochs", _CONFIG.epochs, "Epochs", bounds=(1, 200), old="c_epochs"),
    Setting("lr", _CONFIG.lr, "Learning rate (Adam)", choices=LRS, old="c_lr"),
    Setting("batch_size", _CONFIG.batch_size, "Batch size", choices=(8, 16, 32, 64, 128), advanced=True,
            old="c_batch"),
    Setting("weight_decay", _CONFIG.weight_decay, "Weight decay", choices=(0.0, 1e-5, 1e-4, 1e-3), advanced=True,
            old="c_wd"),
    Setting("clip_norm", _CONFIG.clip_norm, "Gradient clipping (max norm)", bounds=(0.1, 10.0), step=0.1,
            advanced=True, old="c_clip"),
    Setting("patience", _CONFIG.patience, "Early stopping patience (epochs)", bounds=(0, 20), advanced=True,
            old="c_patience",
            help="Stop when the validation loss has not improved for this many epochs; 0 never stops early."),
    Setting("seed", _CONFIG.seed, "Seed", bounds=SEED, advanced=True, old="c_seed"),
)  # fmt: skip
BACKTEST = Table(
    Setting("folds", 4, "Folds", bounds=(2, 10), help="Consecutive test blocks, each forecast by a "
            "model trained on the rows before it only."),
    Setting("seeds", 1, "Seeds", bounds=(1, 5), advanced=True, help="Runs the same backtest with this many seeds "
            "(the next ones after the model's) and draws each fold's skill from all of them: how much of a "
            "difference is the seed's."),
    Setting("conformal", "split", "Interval band", choices=CONFORMAL, help="Split-conformal: from the errors on each "
            "fold's validation split. Recent window: from the latest errors known before each row, so the band "
            "widens when the series gets wilder."),
)  # fmt: skip
TRAIN = Table(DATA, MODEL, BACKTEST)

_CONFIG_FIELDS = {f.name for f in fields(TrainConfig)}
CONFIG_KEYS = [key for key in MODEL if key in _CONFIG_FIELDS]  # the settings that are TrainConfig fields


def train_config(values: Mapping[str, Any], **extra) -> TrainConfig:
    """The TrainConfig the Train page's settings describe (ValueError if they do not make one)."""
    return TrainConfig(**{key: values[key] for key in CONFIG_KEYS}, **extra)


PRESET_DATA = {  # the data each preset was written for
    "StockLSTM": {"data": "sample", "sample": "sp500", "column": "Close", "rows": 1750},
    "Keras-style LSTM": {"data": "sample", "sample": "sp500", "column": "Close", "rows": 1750},
    "Classroom sine": {"data": "synthetic", "series": "noisy sine", "days": 500, "noise": 0.1},
    "DemandLSTM": {"data": "synthetic", "series": "demand", "days": 730, "noise": 0.1},
}


def preset_settings(name: str) -> dict[str, Any]:
    """Every setting a preset sets: its data and its TrainConfig."""
    config = PRESETS[name].config
    values = {key: getattr(config, key) for key in CONFIG_KEYS}
    return {"preset": name, **PRESET_DATA[name], **values, "features": list(config.features)}


def preset_query(name: str, **overrides) -> str:
    """A Train page query string that opens with preset `name` (and `overrides`) set, e.g. for a shared link."""
    values = {**preset_settings(name), **overrides}
    return urlencode({k: encode(v) for k, v in values.items() if v != []})
