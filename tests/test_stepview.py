"""The stepper's payload: its numbers are the trace's, its equations equations.py's, at every step."""

import json
import re

import pytest
import torch
from torch import nn

from lstmviz.cell import trace
from lstmviz.cellkinds import KINDS, LSTM
from lstmviz.equations import latex_equations, pre_activation_terms, step_values
from lstmviz.knobs import explorer_lstm, what_if
from lstmviz.sequences import make_sequence
from lstmviz.stepview import label, step_payload


def _model(layers=2, D=1, H=3, T=9, seed=0):
    torch.manual_seed(seed)
    lstm = nn.LSTM(D, H, num_layers=layers).eval()
    x = torch.randn(T, D)
    return lstm, x, trace(lstm, x)


@pytest.mark.parametrize("layer", [0, 1])
def test_every_step_holds_the_trace_numbers_and_the_equations(layer):
    lstm, x, tr = _model()
    p = step_payload(tr, lstm, x, layer=layer, unit=2, units=[0, 2])
    json.dumps(p)  # the component sends it as JSON
    T, H = tr.h.shape[1:]
    assert (p["T"], p["H"]) == (T, H)
    assert p["x"] == pytest.approx(x[:, 0].tolist(), abs=1e-6)
    for key in LSTM.order:
        torch.testing.assert_close(
            torch.tensor(p["values"][key], dtype=torch.float64), getattr(tr, key)[layer].double(), atol=1e-6, rtol=0
        )
    layer_in = x if layer == 0 else tr.h[layer - 1]  # (T, D) or (T, H)
    for t in range(T):
        h_prev = tr.h[layer, t - 1] if t else torch.zeros(H)
        v = step_values(tr, float(layer_in[t, 0]), layer=layer, step=t, unit=2)
        terms = pre_activation_terms(lstm, layer_in[t], h_prev, layer=layer, unit=2)
        pre = {k: term.z for k, term in terms.items()}
        assert p["equations"][t] == latex_equations(v, pre=pre)
        # and the numbers in them are the trace's, with z computed here from nn.LSTM's own parameters
        W_ih, W_hh = getattr(lstm, f"weight_ih_l{layer}").double(), getattr(lstm, f"weight_hh_l{layer}").double()
        b = getattr(lstm, f"bias_ih_l{layer}").double() + getattr(lstm, f"bias_hh_l{layer}").double()
        z = (W_ih @ layer_in[t].double() + W_hh @ h_prev.double() + b).detach()  # (4H,) in order i, f, g, o
        first = p["equations"][t][0]
        assert f"\\sigma({z[H + 2].item():.4f}) = {tr.f[layer, t, 2].item():.4f}".replace("-0.0000", "0.0000") in first
        assert p["equations"][t][5] == rf"\quad = {tr.c[layer, t, 2].item():.4f}".replace("-0.0000", "0.0000")
        assert p["labels"][t]["h"] == label(tr.h[layer, t, 2].item())
        assert p["headings"][t] == f"Equations at t = {t}, layer {layer}, unit 2"


def test_portuguese_payload_has_decimal_commas_everywhere_a_student_reads():
    lstm, x, tr = _model(layers=1)
    pt = {"Equations at t = {t}, layer {layer}, unit {unit}": "Equações em t = {t}, camada {layer}, unidade {unit}"}
    p = step_payload(tr, lstm, x, decimal=",", tr=lambda s: pt.get(s, s))
    texts = [line for eq in p["equations"] for line in eq] + [v for lab in p["labels"] for v in lab.values()]
    assert not any(re.search(r"\d\.\d", s) for s in texts)
    assert all("{,}" in eq[0] for eq in p["equations"])
    assert p["headings"][3] == "Equações em t = 3, camada 0, unidade 0"


def test_labels_never_show_a_negative_zero():
    assert label(-0.0) == "0.000" == label(-0.0004) == label(0.0004)
    assert label(-0.0006) == "−0.001" and label(0.25) == "+0.250"
    assert label(0.25, signed=False) == "0.250" and label(-1.5, decimal=",") == "−1,500"


def test_fixed_ranges_show_gates_on_0_1_and_tanh_on_minus_1_1():
    lstm, x, tr = _model(layers=1)
    p = step_payload(tr, lstm, x)
    assert p["ranges"]["f"] == p["ranges"]["i"] == p["ranges"]["o"] == [0.0, 1.0]
    assert p["ranges"]["g"] == p["ranges"]["h"] == [-1.0, 1.0]
    assert p["ranges"]["c"] == [-1.0, 1.0]  # |C_t| < 1 here
    with torch.no_grad():
        lstm.bias_ih_l0[3:6] = 8.0  # the forget gate open: C_t accumulates past 1
    tr = trace(lstm, torch.ones(40, 1))
    R = step_payload(tr, lstm, torch.ones(40, 1))["ranges"]["c"][1]
    peak = tr.c.abs().max().item()
    assert peak > 1 and R - 1 < peak <= R == int(R)


def test_units_and_step_are_clipped_and_bad_choices_named():
    lstm, x, tr = _model(layers=1)
    p = step_payload(tr, lstm, x, units=[1, 7], step=99)
    assert p["units"] == [1] and p["step"] == 8
    with pytest.raises(ValueError, match="layer"):
        step_payload(tr, lstm, x, layer=1)
    with pytest.raises(ValueError, match="unit"):
        step_payload(tr, lstm, x, unit=3)
    with pytest.raises(ValueError, match="T = 9"):
        step_payload(tr, lstm, x[:5])


def test_the_equations_z_is_the_z_panel_s_to_the_last_digit():
    # forget bias +5 on a square wave puts z_f on a 4th-decimal boundary at t = 19, where float32 and float64 differ
    lstm = what_if(explorer_lstm(1, 1, seed=0), forget_bias=5.0, input_bias=0.0, recurrent_scale=1.0)
    x = torch.from_numpy(make_sequence("square wave", 40, 0).astype("float32")).unsqueeze(1)
    p = step_payload(trace(lstm, x), lstm, x)
    for t, (eq, z) in enumerate(zip(p["equations"], p["z"], strict=True)):
        shown = [re.search(r"\((-?[\d.]+)\) = ", eq[i]).group(1) for i in (0, 1, 2, 6)]  # sigma(z_f), ..., sigma(z_o)
        summed = [z[3 * g + 2].rsplit("= ", 1)[1] for g in range(4)]  # each gate's last z line ends "= z"
        assert shown == summed, t


@pytest.mark.parametrize("module", [nn.GRU, nn.RNN])
@pytest.mark.parametrize("layer", [0, 1])
def test_a_gru_and_an_rnn_payload_hold_their_trace_and_pytorchs_numbers(module, layer):
    torch.manual_seed(1)
    rnn, x = module(1, 3, num_layers=2).eval(), torch.randn(7, 1)
    tr = trace(rnn, x)
    kind = KINDS[tr.kind]
    p = step_payload(tr, rnn, x, layer=layer, unit=1)
    json.dumps(p)
    assert p["keys"] == list(kind.order) and p["kind"] == kind.key and p["states"] == ["h"]
    assert {q["k"] for q in p["diagram"] if q["type"] == "box"} == set(kind.gates)  # one box per gate block
    for key in kind.order:
        want = getattr(tr, key)[layer].double()
        torch.testing.assert_close(torch.tensor(p["values"][key], dtype=torch.float64), want, atol=1e-6, rtol=0)
    layer_in = x if layer == 0 else tr.h[0]
    W_ih, W_hh = (getattr(rnn, f"weight_{k}_l{layer}").detach().double() for k in ("ih", "hh"))
    b_ih, b_hh = (getattr(rnn, f"bias_{k}_l{layer}").detach().double() for k in ("ih", "hh"))
    for t in range(7):
        h_prev = tr.h[layer, t - 1].double() if t else torch.zeros(3, dtype=torch.float64)
        a, b = W_ih @ layer_in[t].double() + b_ih, W_hh @ h_prev + b_hh  # (GH,) PyTorch's two halves
        eq = p["equations"][t]
        if kind.key == "gru":
            r = torch.sigmoid(a[1] + b[1])  # unit 1 of the reset block
            z_n = a[7] + r * b[7]  # unit 1 of the new gate: r scales the recurrent half only
            assert rf"\tanh({z_n.item():.4f})".replace("-0.0000", "0.0000") in eq[2]
            assert eq[4].startswith(rf"\quad = {1 - tr.z[layer, t, 1].item():.4f} \cdot")  # 1 − z_t
            assert p["z"][t][-1].endswith(f"= {z_n.item():.4f}")  # the z panel's n_t ends on the same z
        else:
            assert rf"\tanh({(a[1] + b[1]).item():.4f})" in eq[0]
        assert eq[-1].endswith(f"{tr.h[layer, t, 1].item():.4f}".replace("-0.0000", "0.0000"))
        assert p["labels"][t]["h_prev"] == label(h_prev[1].item())
