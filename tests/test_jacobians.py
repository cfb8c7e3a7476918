import pytest
import torch
from torch import nn

from lstmviz.jacobians import input_jacobians, step_jacobians

CELLS = [nn.RNN, nn.GRU, nn.LSTM]


def _setup(cell, seed=0, T=7, D=2, H=3):
    torch.manual_seed(seed)
    return cell(D, H).double(), torch.randn(T, D, dtype=torch.float64)


def _step(rnn, s_prev, x_t):
    """One step of the module itself: s_t from s_{t-1} (S,) and x_t (D,); s = (h, c) for the LSTM."""
    H = rnn.hidden_size
    if isinstance(rnn, nn.LSTM):
        _, (h, c) = rnn(x_t[None], (s_prev[None, :H], s_prev[None, H:]))
        return torch.cat([h[0], c[0]])
    return rnn(x_t[None], s_prev[None])[1][0]


@pytest.mark.parametrize("cell", CELLS)
def test_step_jacobians_match_autograd_through_the_module_step(cell):
    rnn, x = _setup(cell)
    A, B = step_jacobians(rnn, x)
    S = 2 * rnn.hidden_size if cell is nn.LSTM else rnn.hidden_size
    assert A.shape == (7, S, S) and B.shape == (7, S, 2)
    s = torch.zeros(S, dtype=torch.float64)
    for t in range(7):
        dA, dB = torch.autograd.functional.jacobian(lambda s_prev, x_t: _step(rnn, s_prev, x_t), (s, x[t]))
        torch.testing.assert_close(A[t], dA, rtol=1e-12, atol=1e-14)
        torch.testing.assert_close(B[t], dB, rtol=1e-12, atol=1e-14)
        s = _step(rnn, s, x[t]).detach()


@pytest.mark.parametrize("cell", CELLS)
def test_input_jacobians_match_autograd_over_the_sequence(cell):
    rnn, x = _setup(cell, seed=1, T=20)
    J = torch.autograd.functional.jacobian(lambda x: rnn(x)[0][-1], x)  # (H, T, D)
    torch.testing.assert_close(input_jacobians(rnn, x), J.permute(1, 0, 2), rtol=1e-10, atol=1e-15)


def test_float32_module_gives_float32():
    torch.manual_seed(0)
    assert input_jacobians(nn.LSTM(1, 4), torch.randn(5, 1)).dtype == torch.float32


@pytest.mark.parametrize(
    ("rnn", "x", "match"),
    [
        (nn.Linear(1, 3), torch.zeros(4, 1), "nn.RNN, nn.GRU or nn.LSTM"),
        (nn.LSTM(1, 3, num_layers=2), torch.zeros(4, 1), "one layer"),
        (nn.GRU(1, 3, bias=False), torch.zeros(4, 1), "biases"),
        (nn.RNN(1, 3, nonlinearity="relu"), torch.zeros(4, 1), "tanh"),
        (nn.LSTM(2, 3), torch.zeros(4, 1), r"x must be \(T, input_size\) = \(T, 2\), got \(4, 1\)"),
    ],
)
def test_bad_input(rnn, x, match):
    with pytest.raises(ValueError, match=match):
        step_jacobians(rnn, x)
