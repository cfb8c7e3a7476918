"""lstmviz.optimizers: torch.optim's Adam and SGD, bit for bit, without importing torch._dynamo."""

import subprocess
import sys

import pytest
import torch

from lstmviz import optimizers


def _train(opt_class, **kw):
    torch.manual_seed(0)
    model = torch.nn.LSTM(2, 6, num_layers=2)
    opt = opt_class(model.parameters(), **kw)
    x = torch.randn(7, 3, 2)
    for _ in range(6):
        opt.zero_grad()
        model(x)[0].pow(2).mean().backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        opt.step()
    state = opt.state_dict()
    opt.load_state_dict(state)
    return [p.detach().clone() for p in model.parameters()], state


@pytest.mark.parametrize(
    ("ours", "theirs", "kw"),
    [
        (optimizers.Adam, torch.optim.Adam, dict(lr=1e-2, weight_decay=1e-4)),
        (optimizers.Adam, torch.optim.Adam, dict(lr=1e-2, weight_decay=1e-4, fused=True)),
        (optimizers.SGD, torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    ],
)
def test_the_same_steps_bit_for_bit_as_torch_optim(ours, theirs, kw):
    got, got_state = _train(ours, **kw)
    want, want_state = _train(theirs, **kw)
    assert all(torch.equal(a, b) for a, b in zip(got, want, strict=True))
    assert got_state["param_groups"] == want_state["param_groups"]


def test_training_never_imports_torch_dynamo():
    code = (
        "import sys, torch; from lstmviz import optimizers\n"
        "m = torch.nn.LSTM(1, 4); o = optimizers.Adam(m.parameters(), fused=True)\n"
        "o.zero_grad(); m(torch.randn(3, 2, 1))[0].sum().backward(); o.step(); o.load_state_dict(o.state_dict())\n"
        "print('torch._dynamo' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
