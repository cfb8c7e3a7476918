"""The cell kinds' descriptions: each is whole (every value it records is named, drawn and ranged), and what it
says of PyTorch's layout holds for the real modules."""

import pytest
import torch

from lstmviz.cell import trace
from lstmviz.cellkinds import KINDS, kind_of
from lstmviz.equations import latex_equations, step_values


@pytest.mark.parametrize("key", list(KINDS))
def test_a_description_is_whole(key):
    kind = KINDS[key]
    assert set(kind.parts) == set(kind.order) and "h" in kind.states and set(kind.states) <= set(kind.order)
    assert set(kind.knobs.values()) <= set(kind.gates) and set(kind.quiet) <= set(kind.gates)
    assert set(kind.z) == set(kind.gates) and set(kind.reset) | set(kind.reset.values()) <= set(kind.gates)
    assert all(p.range in ("gate", "tanh", "sum") and p.color.startswith("#") for p in kind.parts.values())
    # the diagram fills each value slot from the step's labels: the kind's values, its previous states and x
    slots = {p["k"] for p in kind.diagram if "k" in p}
    assert slots <= {*kind.order, *(f"{s}_prev" for s in kind.states), "x"}
    assert {p["k"] for p in kind.diagram if p["type"] == "box"} <= set(kind.parts)
    assert all(p.get("color") in (None, *kind.parts) for p in kind.diagram if p["type"] == "wire")


@pytest.mark.parametrize("key", list(KINDS))
def test_pytorchs_stacking_order_is_the_modules(key):
    """A block's rows are the gate's: shifting them moves that gate alone (sigmoid(b) on a zero input)."""
    kind = KINDS[key]
    H = 3
    rnn = kind.module(1, H).eval()
    with torch.no_grad():
        for p in rnn.parameters():
            p.zero_()
        for n, gate in enumerate(kind.gates):
            rnn.bias_ih_l0[kind.block(gate, H)] = 0.1 * (n + 1)
    tr = trace(rnn, torch.zeros(1, 1))
    for n, gate in enumerate(kind.gates):
        activation = torch.sigmoid if gate in kind.sigmoids else torch.tanh
        if gate in kind.order and gate not in kind.states:
            want = activation(torch.tensor(0.1 * (n + 1)))
            torch.testing.assert_close(getattr(tr, gate)[0, 0], want.expand(H))


@pytest.mark.parametrize("key", list(KINDS))
def test_the_equations_name_every_value_and_end_on_h(key):
    kind = KINDS[key]
    torch.manual_seed(0)
    rnn = kind.module(1, 2).eval()
    tr = trace(rnn, torch.randn(4, 1))
    v = step_values(tr, 0.3, layer=0, step=2, unit=1)
    lines = latex_equations(v, pre={g: 0.5 for g in kind.gates}, cell=key)
    text = " ".join(lines)
    assert all(part.math in text for part in kind.parts.values())
    assert lines[-1].endswith(f"{tr.h[0, 2, 1].item():.4f}".replace("-0.0000", "0.0000"))


def test_kind_of_reads_the_module():
    assert [kind_of(m(1, 1)).key for m in (torch.nn.LSTM, torch.nn.GRU, torch.nn.RNN)] == ["lstm", "gru", "rnn"]


def test_every_kind_the_train_page_trains_opens_in_the_cell():
    from lstmviz.config import CELLS
    from lstmviz.forecaster import GATES

    assert set(CELLS) <= set(KINDS) and {k: GATES[k] for k in CELLS} == {"lstm": 4, "gru": 3, "rnn": 1}
