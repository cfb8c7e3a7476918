import io
import json

import pytest
import torch

from lstmviz.checkpoint import FORMAT, load_model, save_model
from lstmviz.data.synthetic import synthetic
from lstmviz.errors import UserError
from lstmviz.train import TrainConfig, fit


@pytest.fixture(scope="module")
def result():
    return fit(synthetic("noisy sine", 150), TrainConfig(lookback=10, hidden_size=6, num_layers=2, epochs=1))


def test_round_trip(result):
    model, config = load_model(save_model(result))
    assert config == result.config
    x = torch.randn(4, 10, 1)
    with torch.no_grad():
        torch.testing.assert_close(model(x), result.model(x), rtol=0, atol=0)
    assert not model.training


def _blob(obj) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


class Evil:
    def __reduce__(self):
        return (print, ("pwned",))


@pytest.mark.parametrize(
    ("blob", "code"),
    [
        (b"not a zip", "model.not_ours"),
        (_blob(Evil()), "model.not_ours"),
        (_blob({"state_dict": {}}), "model.not_ours"),
        (_blob({"header": "{", "state_dict": {}}), "model.not_ours"),
        (_blob({"header": json.dumps({"format": "other"}), "state_dict": {}}), "model.not_ours"),
        (_blob({"header": json.dumps({"format": FORMAT, "columns": ["y"]}), "state_dict": {}}), "model.not_ours"),
        (
            _blob(
                {"header": json.dumps({"format": FORMAT, "config": {"bogus": 1}, "columns": ["y"]}), "state_dict": {}}
            ),
            "setting.unknown",
        ),
    ],
)
def test_refuses_anything_else(blob, code):
    with pytest.raises(UserError) as e:
        load_model(blob)
    assert e.value.code == code


def test_refuses_weights_that_do_not_fit(result):
    header = json.dumps({"format": FORMAT, "config": TrainConfig(hidden_size=7).to_dict(), "columns": ["y"]})
    with pytest.raises(UserError) as e:
        load_model(_blob({"header": header, "state_dict": result.model.state_dict()}))
    assert e.value.code == "model.weights"
