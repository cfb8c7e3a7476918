"""How long a cell holds a single spike: the LSTM's forget gate f_t carries C_t over, the GRU's update gate z_t
carries h_t over, each unchanged where the gate is 1.

The explorer's cell (lstmviz.knobs.explorer_cell: a zero input writes nothing) with its recurrent weights off
(W_hh × 0) reads the single spike. After the spike x_t = 0 and h_{t-1} no longer reaches the gates' inputs, so
the LSTM's candidate and the GRU's new gate are exactly 0, and the held state is only multiplied by its gate:
C_t = f_t C_{t-1}, h_t = z_t h_{t-1}. What is left of the spike k steps later is the product of k gates.

Letters: T timesteps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lstmviz.cell import trace
from lstmviz.cellkinds import KINDS
from lstmviz.knobs import explorer_cell, what_if
from lstmviz.sequences import make_sequence

SPIKE = 2  # the step of the single spike (lstmviz.kinds.draw)


@dataclass(frozen=True)
class Hold:
    cell: str  # the lstmviz.cellkinds key
    unit: int  # the unit the spike wrote most into
    state: np.ndarray  # (T,) that unit's held state: C_t (LSTM) or h_t (GRU)
    gate: np.ndarray  # (T,) the gate that holds it: f_t or z_t

    @property
    def written(self) -> float:
        return float(self.state[SPIKE])

    def kept(self, steps: int) -> float:
        """The share of what the spike wrote that is left `steps` steps later."""
        return float(self.state[SPIKE + steps] / self.state[SPIKE])


def spike_hold(cell: str, bias: float, *, hidden: int = 4, seed: int = 0, length: int = 30) -> Hold:
    """The single spike held by `cell` ("lstm" or "gru") with its holding gate's bias shifted by `bias`."""
    kind = KINDS[cell]
    if kind.holds is None:
        raise ValueError(f"a {kind.title} has no gate that holds its state (cell={cell!r})")
    state, gate = kind.holds
    knob = next(k for k, g in kind.knobs.items() if g == gate)
    rnn = what_if(explorer_cell(cell, hidden, 1, seed), recurrent_scale=0.0, **{knob: bias})
    x = torch.from_numpy(make_sequence("single spike", length, 0)).unsqueeze(1)  # (T, 1)
    tr = trace(rnn, x)
    values = getattr(tr, state)[0].double().numpy()  # (T, H)
    unit = int(np.abs(values[SPIKE]).argmax())
    return Hold(cell=cell, unit=unit, state=values[:, unit], gate=getattr(tr, gate)[0, :, unit].double().numpy())
