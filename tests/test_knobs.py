import pytest
import torch
from torch import nn

from lstmviz.cell import trace
from lstmviz.config import TrainConfig
from lstmviz.forecaster import build_model
from lstmviz.knobs import explorer_cell, seeded, seeded_lstm, what_if


def _same(a: nn.Module, b: nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_seeded_draws_what_manual_seed_then_build_draws(cell):
    """The private generator reproduces PyTorch's own reset_parameters after manual_seed, module by module."""
    config = TrainConfig(cell=cell, hidden_size=7, num_layers=3, horizon=4, dropout=0.2)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(5)
        want = build_model(config, 3)  # built on the CPU: PyTorch's default initialisation
    assert _same(build_model(config, 3, seed=5), want)
    assert not _same(build_model(config, 3, seed=6), want)


def test_seeded_leaves_the_global_generator_alone():
    torch.manual_seed(1)
    state = torch.get_rng_state()
    seeded_lstm(8, 2, seed=3)
    assert torch.equal(torch.get_rng_state(), state)


def test_seeded_refuses_modules_it_cannot_initialise():
    with pytest.raises(ValueError, match="Conv1d"):
        seeded(lambda: nn.Sequential(nn.Linear(2, 2), nn.Conv1d(1, 1, 3)), 0)


def test_what_if_shifts_biases_and_scales_recurrent_weights_on_a_copy():
    lstm = seeded_lstm(4, 2, seed=0)
    out = what_if(lstm, forget_bias=2.0, input_bias=-1.0, recurrent_scale=0.5)
    H = 4
    for layer in range(2):
        b0, b1 = getattr(lstm, f"bias_ih_l{layer}"), getattr(out, f"bias_ih_l{layer}")
        torch.testing.assert_close(b1[:H], b0[:H] - 1.0)
        torch.testing.assert_close(b1[H : 2 * H], b0[H : 2 * H] + 2.0)
        torch.testing.assert_close(b1[2 * H :], b0[2 * H :])
        torch.testing.assert_close(getattr(out, f"weight_hh_l{layer}"), 0.5 * getattr(lstm, f"weight_hh_l{layer}"))


def test_a_grus_knobs_shift_its_update_and_reset_gates_and_an_lstm_knob_is_refused():
    gru = seeded(lambda: nn.GRU(1, 4, num_layers=2), 0)
    out = what_if(gru, update_bias=3.0, reset_bias=-1.0, recurrent_scale=2.0)
    for layer in range(2):
        b0, b1 = getattr(gru, f"bias_ih_l{layer}"), getattr(out, f"bias_ih_l{layer}")
        torch.testing.assert_close(b1[:4], b0[:4] - 1.0)  # r: PyTorch's first block
        torch.testing.assert_close(b1[4:8], b0[4:8] + 3.0)  # z
        torch.testing.assert_close(b1[8:], b0[8:])  # n
        torch.testing.assert_close(getattr(out, f"weight_hh_l{layer}"), 2.0 * getattr(gru, f"weight_hh_l{layer}"))
    with pytest.raises(ValueError, match="forget_bias"):
        what_if(gru, forget_bias=1.0)
    with pytest.raises(ValueError, match="update_bias"):
        what_if(nn.RNN(1, 2), update_bias=1.0)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_the_explorers_cells_write_nothing_from_a_zero_input(cell):
    rnn = explorer_cell(cell, 5, 2, seed=1)
    x = torch.zeros(6, 1)
    x[2] = 1.0  # a spike: what the states hold afterwards is what it wrote
    tr = trace(rnn, x)
    assert tr.h[:, :2].abs().max() == 0 and tr.h[:, 2].abs().min() > 0
    assert type(rnn) is {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
