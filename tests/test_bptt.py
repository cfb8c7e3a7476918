import pytest
import torch
from torch import nn

from lstmviz.bptt import bptt

TOL = {"atol": 1e-5, "rtol": 1e-5}


def _setup(num_layers, batch_first, bias, with_state, seed=0, D=3, H=5, T=11):
    torch.manual_seed(seed + 10 * num_layers + bias)
    lstm = nn.LSTM(D, H, num_layers=num_layers, batch_first=batch_first, bias=bias)
    x = torch.randn(T, D)
    h0 = torch.randn(num_layers, H) if with_state else None
    c0 = torch.randn(num_layers, H) if with_state else None
    return lstm, x, h0, c0


def _dh_out(full, T, H):
    return torch.randn(T, H) if full else torch.randn(H)


def _loss(dh_out, h_top):
    """L = sum_t <dh_out[t], h_t>; h_top (T, H)."""
    return (dh_out * h_top).sum() if dh_out.dim() == 2 else (dh_out * h_top[-1]).sum()


def _probed_forward(lstm, x, h0, c0, probe_h, probe_c):
    """The cell equations with autograd, with zero probes added to every h_t and c_t so
    that their gradients are the total derivatives dL/dh_t, dL/dc_t; returns h (L, T, H)."""
    L, H, T = lstm.num_layers, lstm.hidden_size, x.shape[0]
    inp, hs = x, []
    for l in range(L):
        W_ih, W_hh = getattr(lstm, f"weight_ih_l{l}"), getattr(lstm, f"weight_hh_l{l}")
        b = getattr(lstm, f"bias_ih_l{l}") + getattr(lstm, f"bias_hh_l{l}") if lstm.bias else 0
        h = torch.zeros(H) if h0 is None else h0[l]
        c = torch.zeros(H) if c0 is None else c0[l]
        out = []
        for t in range(T):
            i, f, g, o = (W_ih @ inp[t] + W_hh @ h + b).chunk(4)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g) + probe_c[l, t]
            h = torch.sigmoid(o) * torch.tanh(c) + probe_h[l, t]
            out.append(h)
        inp = torch.stack(out)
        hs.append(inp)
    return torch.stack(hs)


@pytest.mark.parametrize("num_layers", [1, 2, 3])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("with_state", [False, True])
@pytest.mark.parametrize("full_dh_out", [False, True])
def test_weight_and_input_grads_match_autograd_on_nn_lstm(num_layers, batch_first, bias, with_state, full_dh_out):
    lstm, x, h0, c0 = _setup(num_layers, batch_first, bias, with_state)
    dh_out = _dh_out(full_dh_out, x.shape[0], lstm.hidden_size)
    res = bptt(lstm, x, dh_out, h0, c0)

    xr = x.clone().requires_grad_()
    xb = xr.unsqueeze(0) if batch_first else xr.unsqueeze(1)
    state = None if not with_state else (h0.unsqueeze(1), c0.unsqueeze(1))
    y, _ = lstm(xb, state)
    loss = _loss(dh_out, y[0] if batch_first else y[:, 0])
    names, params = zip(*lstm.named_parameters(), strict=True)
    *g_params, g_x = torch.autograd.grad(loss, [*params, xr])

    assert list(res.weight_grads) == list(names)
    for name, p, g in zip(names, params, g_params, strict=True):
        assert res.weight_grads[name].shape == p.shape
        torch.testing.assert_close(res.weight_grads[name], g, **TOL, msg=name)
    torch.testing.assert_close(res.dx, g_x, **TOL)


@pytest.mark.parametrize("num_layers", [1, 2, 3])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("with_state", [False, True])
@pytest.mark.parametrize("full_dh_out", [False, True])
def test_state_grads_match_autograd(num_layers, bias, with_state, full_dh_out):
    lstm, x, h0, c0 = _setup(num_layers, False, bias, with_state, seed=1)
    L, T, H = num_layers, x.shape[0], lstm.hidden_size
    dh_out = _dh_out(full_dh_out, T, H)
    res = bptt(lstm, x, dh_out, h0, c0)

    probe_h = torch.zeros(L, T, H, requires_grad=True)
    probe_c = torch.zeros(L, T, H, requires_grad=True)
    h = _probed_forward(lstm, x, h0, c0, probe_h, probe_c)
    state = None if not with_state else (h0.unsqueeze(1), c0.unsqueeze(1))
    y, _ = lstm(x.unsqueeze(1), state)
    torch.testing.assert_close(h[-1], y[:, 0], atol=1e-6, rtol=1e-5)  # the reference is nn.LSTM's function
    g_h, g_c = torch.autograd.grad(_loss(dh_out, h[-1]), [probe_h, probe_c])

    assert res.dh.shape == res.dc.shape == (L, T, H)
    torch.testing.assert_close(res.dh, g_h, **TOL)
    torch.testing.assert_close(res.dc, g_c, **TOL)


def test_gradient_on_final_state_only_leaves_the_top_layer_last_dh():
    lstm, x, _, _ = _setup(2, False, True, False)
    dh_out = torch.randn(lstm.hidden_size)
    res = bptt(lstm, x, dh_out)
    torch.testing.assert_close(res.dh[-1, -1], dh_out)  # nothing comes back to h_T from later steps
    assert torch.count_nonzero(res.dh[:, :-1]).item() > 0  # but it does reach earlier steps and layers


def test_float64_lstm():
    lstm, x, _, _ = _setup(2, False, True, False)
    lstm = lstm.double()
    dh_out = torch.randn(x.shape[0], lstm.hidden_size, dtype=torch.float64)
    res = bptt(lstm, x.double(), dh_out)
    y, _ = lstm(x.double().requires_grad_().unsqueeze(1))
    g = torch.autograd.grad((dh_out * y[:, 0]).sum(), lstm.weight_hh_l0)[0]
    assert res.dh.dtype == torch.float64
    torch.testing.assert_close(res.weight_grads["weight_hh_l0"], g, atol=1e-12, rtol=1e-10)


@pytest.mark.parametrize(
    "dh_out, match",
    [
        (torch.randn(4), r"dh_out must be .*got \(4,\)"),
        (torch.randn(7, 5), r"dh_out must be .*got \(7, 5\)"),
        (torch.randn(11, 5, 1), r"dh_out must be .*got \(11, 5, 1\)"),
        (torch.full((5,), float("nan")), "NaN"),
        ([0.0] * 5, "torch.Tensor"),
    ],
)
def test_bad_dh_out_raises_valueerror(dh_out, match):
    lstm, x, _, _ = _setup(1, False, True, False)
    with pytest.raises(ValueError, match=match):
        bptt(lstm, x, dh_out)


def test_bad_input_is_validated_like_trace():
    lstm, _, _, _ = _setup(2, False, True, False)
    with pytest.raises(ValueError, match="input_size"):
        bptt(lstm, torch.randn(11, 4), torch.randn(5))
    with pytest.raises(ValueError, match="c0"):
        bptt(lstm, torch.randn(11, 3), torch.randn(5), c0=torch.zeros(5))
