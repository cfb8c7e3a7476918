"""TrainConfig: every knob of a training run, validated on creation. No torch here, so it is cheap to import."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from lstmviz.errors import Text, UserError

CELLS = ("lstm", "gru", "rnn")
TARGET_MODES = ("price", "log_return", "window_ratio")
MAX_HORIZON = 30
MAX_HELD_OUT = 0.6  # validation + test shares: at least 40% of the rows stay for training
LABELS = {  # each field as the Train page labels it (msgids of the catalogue), for error messages
    "lookback": Text("Lookback (steps in each window)"), "horizon": Text("Horizon (steps forecast at once)"),
    "cell": Text("Cell"), "hidden_size": Text("Hidden units"), "num_layers": Text("Layers"),
    "dropout": Text("Dropout between layers"), "epochs": Text("Epochs"), "batch_size": Text("Batch size"),
    "lr": Text("Learning rate (Adam)"), "weight_decay": Text("Weight decay"),
    "clip_norm": Text("Gradient clipping (max norm)"), "val_fraction": Text("Validation share"),
    "test_fraction": Text("Test share"), "patience": Text("Early stopping patience (epochs)"),
    "target_mode": Text("The model learns"), "head_dropout": Text("Dropout before the output layer"),
}  # fmt: skip
# The largest model the app lets a user train (the Train page's widgets and links) and so the largest a saved
# model file may hold; TrainConfig itself accepts more, for notebooks. "features": extra input columns, the one
# bound the features multiselect, a link (the setting's max_items) and a saved model's header share.
MODEL_LIMITS = {"lookback": 250, "horizon": MAX_HORIZON, "hidden_size": 128, "num_layers": 3, "features": 64}


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
    test_start: str | None = None  # an ISO date: the rows from it on are the test split instead (a separate test file)
    seed: int = 0
    patience: int = 5  # epochs without a better val loss before stopping; 0 trains all epochs
    # "price" learns the values; "log_return" log(y_t / y_t-1); "window_ratio" reads each window divided by its
    # last value and learns y_t+h / y_t - 1 (lstmviz.targets). Both convert back to the original units.
    target_mode: str = "price"
    features: tuple[str, ...] = ()  # extra input columns besides the target
    max_seconds: float | None = None  # wall-time budget of one fit, checked between batches; None: no budget
    max_mb: float | None = None  # memory cap of one run, checked on its shapes before it starts (lstmviz.cost)

    def __post_init__(self):
        object.__setattr__(self, "features", tuple(self.features))  # a list from JSON or a widget
        checks = (  # (ok, field, code, params): each names the value as the Train page labels it
            (2 <= self.lookback <= 1000, "lookback", "setting.between", dict(low=2, high=1000)),
            (1 <= self.horizon <= MAX_HORIZON, "horizon", "setting.between", dict(low=1, high=MAX_HORIZON)),
            (self.cell in CELLS, "cell", "setting.one_of", dict(choices=CELLS)),
            (1 <= self.hidden_size <= 512, "hidden_size", "setting.between", dict(low=1, high=512)),
            (1 <= self.num_layers <= 4, "num_layers", "setting.between", dict(low=1, high=4)),
            (0 <= self.dropout < 1, "dropout", "setting.at_least_below", dict(low=0, high=1)),
            (0 <= self.head_dropout < 1, "head_dropout", "setting.at_least_below", dict(low=0, high=1)),
            (1 <= self.epochs <= 1000, "epochs", "setting.between", dict(low=1, high=1000)),
            (1 <= self.batch_size <= 4096, "batch_size", "setting.between", dict(low=1, high=4096)),
            (0 < self.lr <= 1, "lr", "setting.above_at_most", dict(low=0, high=1)),
            (self.weight_decay >= 0, "weight_decay", "setting.at_least", dict(low=0)),
            (self.clip_norm > 0, "clip_norm", "setting.above", dict(low=0)),
            (0 <= self.val_fraction < 0.5, "val_fraction", "setting.share", dict(low=0, high=0.5)),
            (0 <= self.test_fraction < 0.5, "test_fraction", "setting.share", dict(low=0, high=0.5)),
            (self.patience >= 0, "patience", "setting.at_least", dict(low=0)),
            (self.target_mode in TARGET_MODES, "target_mode", "setting.one_of", dict(choices=TARGET_MODES)),
        )
        if self.test_start is not None:
            try:
                datetime.datetime.fromisoformat(self.test_start)
            except (TypeError, ValueError):
                raise ValueError(f"test_start ({self.test_start!r}) must be an ISO date or None") from None
        if self.max_seconds is not None and not self.max_seconds > 0:  # the server's, not a user's setting
            raise ValueError(f"max_seconds ({self.max_seconds!r}) must be above 0 or None")
        if self.max_mb is not None and not self.max_mb > 0:  # the server's too
            raise ValueError(f"max_mb ({self.max_mb!r}) must be above 0 or None")
        for ok, name, code, params in checks:
            if not ok:
                raise UserError(code, setting=LABELS[name], value=getattr(self, name), **params)
        if self.val_fraction + self.test_fraction > MAX_HELD_OUT:
            raise UserError("setting.shares", val=self.val_fraction, test=self.test_fraction, most=MAX_HELD_OUT)

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
            raise UserError("setting.unknown", names=tuple(sorted(unknown)))
        return cls(**d)
