import pytest

from lstmviz.forecaster import build_model
from lstmviz.presets import CLASSROOM, DEMAND, KERAS, PRESETS, STOCK, keras_parameter_count


@pytest.mark.parametrize("preset", list(PRESETS.values()), ids=list(PRESETS))
def test_formula_matches_the_built_model(preset):
    model = build_model(preset.config, preset.input_size)
    assert preset.parameter_count() == sum(p.numel() for p in model.parameters())


def test_stock_lstm_has_31051_parameters():
    # 2-layer nn.LSTM(1, 50): 4*50*(1+50) + 400 = 10,600 and 4*50*(50+50) + 400 = 20,400; Linear(50, 1): 51
    assert STOCK.parameter_count() == 31_051
    c = STOCK.config
    assert (c.lookback, c.hidden_size, c.num_layers, c.dropout, c.lr, c.features) == (60, 50, 2, 0.2, 1e-3, ())
    model = build_model(c, 1)  # the course's StockLSTM: LSTM(1, 50, 2, dropout=0.2) -> Dropout(0.2) -> Linear(50, 1)
    assert [type(m).__name__ for m in model.children()] == ["LSTM", "Dropout", "Linear"]
    assert model.rnn.dropout == 0.2 and model.drop.p == 0.2
    assert sum(p.numel() for p in model.parameters()) == 31_051  # dropout adds no parameter


def test_keras_counts_one_bias_per_gate():
    assert KERAS.parameter_count() == 31_051
    assert keras_parameter_count(KERAS.config, KERAS.input_size) == 30_651  # what model.summary() prints in Keras


def test_classroom_and_demand_shapes():
    assert (CLASSROOM.config.lookback, CLASSROOM.config.horizon, CLASSROOM.input_size) == (20, 1, 1)
    assert (DEMAND.config.lookback, DEMAND.config.horizon, DEMAND.input_size) == (30, 30, 10)
    assert len(DEMAND.config.features) == 9
