import torch
from torch import nn

from lstmviz.bptt import bptt
from lstmviz.reference import autograd_weight_grads, max_abs_difference


def test_readout_is_small_for_the_real_gradients_and_large_for_wrong_ones():
    torch.manual_seed(0)
    lstm = nn.LSTM(1, 6, num_layers=2)
    x, dh = torch.randn(20, 1), torch.ones(6)
    ref = autograd_weight_grads(lstm, x, dh)
    result = bptt(lstm, x, dh)
    assert max_abs_difference(result, ref) < 1e-5
    result.weight_grads["weight_hh_l0"][0, 0] += 0.01  # a readout that cannot fail would miss this
    assert max_abs_difference(result, ref) > 0.009
