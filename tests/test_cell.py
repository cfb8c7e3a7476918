import pytest
import torch
from torch import nn

from lstmviz.cell import trace
from lstmviz.cellkinds import KINDS


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


@pytest.mark.parametrize("module", [kind.module for kind in KINDS.values() if kind.module is not nn.LSTM])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("with_state", [False, True])
def test_trace_matches_nn_gru_and_nn_rnn(module, num_layers, bias, with_state):
    torch.manual_seed(num_layers * 5 + bias)
    D, H, T = 3, 4, 9
    rnn = module(D, H, num_layers=num_layers, bias=bias)
    x = torch.randn(T, D)
    h0 = torch.randn(num_layers, H) if with_state else None
    tr = trace(rnn, x, h0)
    with torch.no_grad():
        y, hT = rnn(x.unsqueeze(1), None if h0 is None else h0.unsqueeze(1))
    torch.testing.assert_close(tr.h[-1], y[:, 0], atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(tr.h[:, -1], hT[:, 0], atol=1e-6, rtol=1e-5)
    assert KINDS[tr.kind].module is module


def test_gru_gates_by_hand_in_pytorchs_form():
    """r, z, n and h of one step written out from PyTorch's GRU equations: r scales W_hn h + b_hn only."""
    torch.manual_seed(3)
    gru = nn.GRU(2, 3)
    x, h0 = torch.randn(1, 2), torch.randn(1, 3)
    tr = trace(gru, x, h0)
    W_ir, W_iz, W_in = gru.weight_ih_l0.detach().chunk(3)
    W_hr, W_hz, W_hn = gru.weight_hh_l0.detach().chunk(3)
    b_ir, b_iz, b_in = gru.bias_ih_l0.detach().chunk(3)
    b_hr, b_hz, b_hn = gru.bias_hh_l0.detach().chunk(3)
    x0, h = x[0], h0[0]
    r = torch.sigmoid(W_ir @ x0 + b_ir + W_hr @ h + b_hr)
    z = torch.sigmoid(W_iz @ x0 + b_iz + W_hz @ h + b_hz)
    n = torch.tanh(W_in @ x0 + b_in + r * (W_hn @ h + b_hn))
    for name, want in (("r", r), ("z", z), ("n", n), ("h", (1 - z) * n + z * h)):
        torch.testing.assert_close(getattr(tr, name)[0, 0], want, atol=1e-6, rtol=1e-5)
    assert {f.shape for f in (tr.r, tr.z, tr.n, tr.h)} == {(1, 1, 3)}
    assert not hasattr(tr, "c")


@pytest.mark.parametrize(
    "rnn, match",
    [(nn.RNN(2, 3, nonlinearity="relu"), "tanh"), (nn.GRU(2, 3, bidirectional=True), "bidirectional"),
     (nn.Linear(2, 3), "LSTM, GRU or RNN")],
)  # fmt: skip
def test_other_modules_are_refused(rnn, match):
    with pytest.raises(ValueError, match=match):
        trace(rnn, torch.randn(4, 2))


def test_a_gru_has_no_cell_state_to_start_from():
    with pytest.raises(ValueError, match="c0"):
        trace(nn.GRU(2, 3), torch.randn(4, 2), c0=torch.zeros(1, 3))


def test_a_trace_survives_pickling_as_st_cache_data_stores_it():
    import pickle

    tr = trace(nn.GRU(1, 2), torch.randn(5, 1))
    back = pickle.loads(pickle.dumps(tr))
    assert back.kind == "gru" and torch.equal(back.z, tr.z)
