import io
import json
from types import SimpleNamespace

import pandas as pd
import pytest
import torch

from lstmviz.checkpoint import FORMAT, MAX_FILE_BYTES, load_model, save_model
from lstmviz.config import MODEL_LIMITS
from lstmviz.data.synthetic import synthetic
from lstmviz.errors import UserError
from lstmviz.forecaster import build_model, parameter_count
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
            "model.not_ours",  # an unknown field: refused with the header, before any setting is read
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


def _saved(config: TrainConfig, columns: list[str]):
    """save_model's bytes for an untrained model of `config` (save_model reads only config, data and model)."""
    model = build_model(config, len(columns), seed=1)
    return save_model(SimpleNamespace(config=config, data=pd.DataFrame(columns=columns), model=model)), model


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(cell="gru", hidden_size=5, num_layers=3, horizon=4, features=("a", "b")),
        TrainConfig(cell="rnn", dropout=0.2, num_layers=2, target_mode="log_return"),
        TrainConfig(
            hidden_size=128, num_layers=3, lookback=250, horizon=30, features=tuple(f"f{k}" for k in range(40))
        ),
    ],
)
def test_every_model_the_app_can_train_loads(config):
    blob, model = _saved(config, ["y", *config.features])
    assert len(blob) < MAX_FILE_BYTES
    loaded, saved = load_model(blob)
    assert saved == config
    for (name, a), (_, b) in zip(loaded.state_dict().items(), model.state_dict().items(), strict=True):
        assert torch.equal(a, b), name


def test_the_budget_is_not_saved_so_the_file_is_in_todays_format():
    """save_model writes lstmviz-forecaster/1 as before TrainConfig had max_seconds; the loaded config has none."""
    config = TrainConfig(hidden_size=6, max_seconds=30.0)
    blob, _ = _saved(config, ["Close"])
    header = json.loads(torch.load(io.BytesIO(blob), weights_only=True)["header"])
    assert header["format"] == FORMAT and "max_seconds" not in header["config"]
    assert load_model(blob)[1] == TrainConfig(hidden_size=6)


def test_a_saved_max_seconds_is_read_and_checked():
    blob, _ = _saved(TrainConfig(hidden_size=3), ["y"])
    payload = torch.load(io.BytesIO(blob), weights_only=True)
    header = json.loads(payload["header"])
    for value, ok in ((12.5, True), (None, True), ("12", False)):
        header["config"]["max_seconds"] = value
        blob = _blob({"header": json.dumps(header), "state_dict": payload["state_dict"]})
        if ok:
            assert load_model(blob)[1].max_seconds == value
        else:
            with pytest.raises(ValueError, match="max_seconds is '12'"):
                load_model(blob)


def test_the_largest_model_the_limits_allow_fits_the_file_cap():
    most = TrainConfig(**{k: v for k, v in MODEL_LIMITS.items() if k != "features"})
    inputs = 1 + MODEL_LIMITS["features"]
    assert parameter_count(most, inputs) * 4 < MAX_FILE_BYTES / 2


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda h: h.update(extra=1), "it needs format, config and columns"),
        (lambda h: h.update(columns="y"), "columns must be names"),
        (lambda h: h["config"].update(cell=["lstm"]), "cell is"),
        (lambda h: h["config"].update(lr=float("nan")), "lr is nan"),
        (lambda h: h["config"].update(hidden_size=0), r"Hidden units must be between 1 and 512; it is 0"),
        (lambda h: h["config"].update(features=["x"] * 256), r"features \(256\) is more than the app allows"),
    ],
)
def test_header_checks(mutate, message):
    blob, _ = _saved(TrainConfig(hidden_size=3), ["y"])
    payload = torch.load(io.BytesIO(blob), weights_only=True)
    header = json.loads(payload["header"])
    mutate(header)
    with pytest.raises(ValueError, match=message):
        load_model(_blob({"header": json.dumps(header), "state_dict": payload["state_dict"]}))


def test_refuses_a_file_over_the_cap_without_reading_it():
    with pytest.raises(ValueError, match="at most 4,000,000"):
        load_model(b"\0" * (MAX_FILE_BYTES + 1))


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
