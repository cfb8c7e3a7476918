"""TrainConfig: every knob of a training run, validated on creation. No torch here, so it is cheap to import."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

CELLS = ("lstm", "gru", "rnn")
TARGET_MODES = ("price", "log_return", "window_ratio")
MAX_HORIZON = 30


@dataclass(frozen=True)
class TrainConfig:
    """Defaults train a small forecaster on a few hundred rows in a few seconds on one CPU core."""

    lookback: int = 30  # input steps per window
    horizon: int = 1  # steps forecast at once (direct multi-output: one head output per step)
    cell: str = "lstm"  # "lstm", "gru" or "rnn" (the plain Elman RNN, to show what gates buy)
    hidden_size: int = 32
    num_layers: int = 1
    dropout: float = 0.0  # between stacked layers only, as nn.LSTM applies it; ignored with one layer
    head_dropout: float = 0.0  # on the last hidden state before the linear head (the course's StockLSTM: 0.2)
    epochs: int = 30
    batch_size: int = 32
    lr: float = 3e-3  # Adam; higher than the usual 1e-3 so the default run converges in seconds
    weight_decay: float = 0.0  # L2 penalty inside Adam
    clip_norm: float = 1.0  # gradient-norm clip; keeps an early exploding step from wrecking training
    val_fraction: float = 0.15  # share of rows (the latest before test) for early stopping
    test_fraction: float = 0.15  # share of rows at the end, never seen in training or early stopping
    seed: int = 0
    patience: int = 5  # epochs without a better val loss before stopping; 0 trains all epochs
    # "price" learns the values; "log_return" log(y_t / y_t-1); "window_ratio" reads each window divided by its
    # last value and learns y_t+h / y_t - 1 (lstmviz.targets). Both convert back to the original units.
    target_mode: str = "price"
    features: tuple[str, ...] = ()  # extra input columns besides the target

    def __post_init__(self):
        object.__setattr__(self, "features", tuple(self.features))  # a list from JSON or a widget
        checks = (
            (2 <= self.lookback <= 1000, "lookback", "between 2 and 1000"),
            (1 <= self.horizon <= MAX_HORIZON, "horizon", f"between 1 and {MAX_HORIZON}"),
            (self.cell in CELLS, "cell", f"one of {', '.join(CELLS)}"),
            (1 <= self.hidden_size <= 512, "hidden_size", "between 1 and 512"),
            (1 <= self.num_layers <= 4, "num_layers", "between 1 and 4"),
            (0 <= self.dropout < 1, "dropout", "in [0, 1)"),
            (0 <= self.head_dropout < 1, "head_dropout", "in [0, 1)"),
            (1 <= self.epochs <= 1000, "epochs", "between 1 and 1000"),
            (1 <= self.batch_size <= 4096, "batch_size", "between 1 and 4096"),
            (0 < self.lr <= 1, "lr", "in (0, 1]"),
            (self.weight_decay >= 0, "weight_decay", "at least 0"),
            (self.clip_norm > 0, "clip_norm", "above 0"),
            (0 <= self.val_fraction < 0.5, "val_fraction", "in [0, 0.5)"),
            (0 <= self.test_fraction < 0.5, "test_fraction", "in [0, 0.5)"),
            (self.patience >= 0, "patience", "at least 0"),
            (self.target_mode in TARGET_MODES, "target_mode", f"one of {', '.join(TARGET_MODES)}"),
        )
        for ok, name, rule in checks:
            if not ok:
                raise ValueError(f"{name} ({getattr(self, name)!r}) must be {rule}")
        if self.val_fraction + self.test_fraction > 0.6:
            raise ValueError(
                f"val_fraction ({self.val_fraction}) + test_fraction ({self.test_fraction}) leave too little "
                "to train on; keep their sum at most 0.6"
            )

    def to_dict(self) -> dict:
        """Plain JSON-able values (features as a list)."""
        d = dataclasses.asdict(self)
        d["features"] = list(self.features)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        """The inverse of to_dict; unknown keys are an error."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"unknown TrainConfig fields: {', '.join(sorted(unknown))}")
        return cls(**d)
