import pytest
import torch

from lstmviz.config import TrainConfig
from lstmviz.forecaster import build_model, parameter_count


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 3])
def test_shapes_and_count(cell, layers):
    cfg = TrainConfig(cell=cell, num_layers=layers, hidden_size=7, horizon=4)
    model = build_model(cfg, 3)
    assert model(torch.randn(5, 9, 3)).shape == (5, 4)
    assert parameter_count(cfg, 3) == sum(p.numel() for p in model.parameters())


def test_seed_draws_the_same_weights_and_leaves_the_global_rng():
    cfg = TrainConfig(hidden_size=5)
    torch.manual_seed(9)
    a = build_model(cfg, 2, seed=4)
    after = torch.rand(1)
    torch.manual_seed(9)
    assert torch.equal(torch.rand(1), after)
    b = build_model(cfg, 2, seed=4)
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)


def test_forecast_uses_the_last_step_only():
    model = build_model(TrainConfig(hidden_size=4), 1, seed=0).eval()
    x = torch.randn(1, 6, 1)
    with torch.no_grad():
        out, _ = model.rnn(x)
        torch.testing.assert_close(model(x), model.head(out[:, -1]))
