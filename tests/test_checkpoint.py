import io
import json

import pytest
import torch

from lstmviz.checkpoint import FORMAT, load_model, save_model
from lstmviz.data.synthetic import synthetic
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
    ("blob", "message"),
    [
        (b"not a zip", "not a saved lstmviz model"),
        (_blob(Evil()), "not a saved lstmviz model"),
        (_blob({"state_dict": {}}), "unexpected contents"),
        (_blob({"header": "{", "state_dict": {}}), "unreadable header"),
        (_blob({"header": json.dumps({"format": "other"}), "state_dict": {}}), "does not say"),
        (
            _blob(
                {"header": json.dumps({"format": FORMAT, "config": {"bogus": 1}, "columns": ["y"]}), "state_dict": {}}
            ),
            "unknown TrainConfig fields: bogus",
        ),
    ],
)
def test_refuses_anything_else(blob, message):
    with pytest.raises(ValueError, match=message):
        load_model(blob)


def test_refuses_weights_that_do_not_fit(result):
    header = json.dumps({"format": FORMAT, "config": TrainConfig(hidden_size=7).to_dict(), "columns": ["y"]})
    with pytest.raises(ValueError, match="do not fit"):
        load_model(_blob({"header": header, "state_dict": result.model.state_dict()}))


def test_a_file_saved_before_head_dropout_existed_still_loads(result):
    """Format 1 headers from before TrainConfig.head_dropout: the field takes its default, the weights still fit."""
    old = result.config.to_dict()
    del old["head_dropout"]
    blob = _blob({"header": json.dumps({"format": FORMAT, "config": old, "columns": ["y"]}),
                  "state_dict": result.model.state_dict()})  # fmt: skip
    model, config = load_model(blob)
    assert config == result.config and config.head_dropout == 0.0
    x = torch.randn(2, 10, 1)
    with torch.no_grad():
        torch.testing.assert_close(model(x), result.model(x), rtol=0, atol=0)
