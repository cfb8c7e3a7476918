import pytest
import torch
from torch import nn

from lstmviz.cell import trace


@pytest.mark.parametrize("num_layers", [1, 2, 3])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("with_state", [False, True])
def test_trace_matches_nn_lstm(num_layers, batch_first, bias, with_state):
    torch.manual_seed(num_layers * 7 + bias)
    D, H, T = 3, 5, 11
    lstm = nn.LSTM(D, H, num_layers=num_layers, batch_first=batch_first, bias=bias)
    x = torch.randn(T, D)
    h0 = torch.randn(num_layers, H) if with_state else None
    c0 = torch.randn(num_layers, H) if with_state else None
    tr = trace(lstm, x, h0, c0)
    for field in "ifgoch":
        assert getattr(tr, field).shape == (num_layers, T, H)
    xb = x.unsqueeze(0) if batch_first else x.unsqueeze(1)
    state = None if not with_state else (h0.unsqueeze(1), c0.unsqueeze(1))
    with torch.no_grad():
        y, (hT, cT) = lstm(xb, state)
    y = y[0] if batch_first else y[:, 0]
    torch.testing.assert_close(tr.h[-1], y, atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(tr.h[:, -1], hT[:, 0], atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(tr.c[:, -1], cT[:, 0], atol=1e-6, rtol=1e-5)


def test_gates_in_range_and_hand_computed_step():
    lstm = nn.LSTM(1, 1)
    with torch.no_grad():
        for p in lstm.parameters():
            p.zero_()
        lstm.weight_ih_l0[:] = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
    tr = trace(lstm, torch.tensor([[0.5]]))
    s = torch.sigmoid
    i, f, g, o = s(torch.tensor(0.5)), s(torch.tensor(1.0)), torch.tanh(torch.tensor(1.5)), s(torch.tensor(2.0))
    c = i * g  # c0 = 0 so the forget term vanishes
    assert tr.i.item() == pytest.approx(i.item())
    assert tr.f.item() == pytest.approx(f.item())
    assert tr.g.item() == pytest.approx(g.item())
    assert tr.c.item() == pytest.approx(c.item())
    assert tr.h.item() == pytest.approx((o * torch.tanh(c)).item())


@pytest.mark.parametrize(
    "kwargs, x, match",
    [
        ({}, torch.randn(4, 3), "input_size"),
        ({}, torch.randn(1, 4, 2), "shape"),
        ({"proj_size": 1}, torch.randn(4, 2), "proj_size"),
        ({"bidirectional": True}, torch.randn(4, 2), "bidirectional"),
        ({}, torch.tensor([[1.0, float("nan")]]), "NaN"),
    ],
)
def test_bad_input_raises_valueerror(kwargs, x, match):
    lstm = nn.LSTM(2, 3, **kwargs)
    with pytest.raises(ValueError, match=match):
        trace(lstm, x)


def test_bad_initial_state_shape():
    lstm = nn.LSTM(2, 3, num_layers=2)
    with pytest.raises(ValueError, match="h0"):
        trace(lstm, torch.randn(4, 2), h0=torch.zeros(3))
