"""Named starting points: a TrainConfig, the data it expects, and the size of the model it builds."""

from __future__ import annotations

from dataclasses import dataclass

from lstmviz.config import TrainConfig
from lstmviz.data.synthetic import DEMAND_COLUMNS
from lstmviz.forecaster import GATES, parameter_count


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    config: TrainConfig
    input_size: int  # columns per step: the target plus config.features

    def parameter_count(self) -> int:
        """Trainable parameters of the PyTorch model this preset builds."""
        return parameter_count(self.config, self.input_size)


def keras_parameter_count(config: TrainConfig, input_size: int) -> int:
    """The same stack as Keras counts it: one bias vector per gate block where PyTorch has two (b_ih, b_hh)."""
    G = GATES[config.cell]
    return parameter_count(config, input_size) - G * config.hidden_size * config.num_layers


STOCK = Preset(
    "StockLSTM",
    "Close only, 60-day windows, a 2-layer LSTM of 50 units with dropout 0.2, Adam 1e-3, MSE: 31,051 parameters.",
    # dropout 0.2 twice, as the course's StockLSTM: nn.LSTM(dropout=0.2) between its layers, nn.Dropout(0.2) after
    TrainConfig(
        lookback=60, hidden_size=50, num_layers=2, dropout=0.2, head_dropout=0.2, lr=1e-3, epochs=25, batch_size=32
    ),  # fmt: skip
    1,
)
KERAS = Preset(
    "Keras-style LSTM",
    "The classic tutorial stack LSTM(50) -> LSTM(50) -> Dense(1) on 60-day windows, no dropout. "
    "Keras reports 30,651 parameters; PyTorch has 31,051 because each gate has two bias vectors.",
    TrainConfig(lookback=60, hidden_size=50, num_layers=2, lr=1e-3, epochs=25, batch_size=32),
    1,
)
CLASSROOM = Preset(
    "Classroom sine",
    "Predict the next value of a noisy sine from the last 20: small enough to train live in class.",
    TrainConfig(lookback=20, hidden_size=16, epochs=30),
    1,
)
DEMAND = Preset(
    "DemandLSTM",
    "30 days × 10 features in (demand, temperature, holiday, calendar, promotion, price), 30 days of demand out.",
    TrainConfig(lookback=30, horizon=30, hidden_size=64, epochs=40, features=DEMAND_COLUMNS[1:]),
    len(DEMAND_COLUMNS),
)
PRESETS = {p.name: p for p in (STOCK, KERAS, CLASSROOM, DEMAND)}
