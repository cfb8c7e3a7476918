"""lstmviz.shards: a batch's gradient as the sum of half-batch gradients, side by side or in turn."""

import dataclasses
import functools
import threading

import pandas as pd
import pytest
import torch
from torch import nn

from lstmviz import shards
from lstmviz.config import TrainConfig
from lstmviz.forecaster import build_model
from lstmviz.shards import ShardedStep
from lstmviz.train import fit

CONFIG = TrainConfig(lookback=12, hidden_size=10, num_layers=2, horizon=3)


def batch(n, seed=0, d=3):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, CONFIG.lookback, d, generator=g), torch.randn(n, CONFIG.horizon, generator=g)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize(("n_shards", "parallel"), [(1, True), (2, True), (2, False)])
def test_gradient_is_the_whole_batch_gradient(cell, n_shards, parallel):
    model = build_model(dataclasses.replace(CONFIG, cell=cell), 3, seed=1).train()
    x, y = batch(33)  # 17 + 16: shards of different sizes weigh by their share
    loss = nn.functional.mse_loss(model(x), y)  # no dropout: nn's forward is the reference
    reference = torch.autograd.grad(loss, list(model.parameters()))
    with ShardedStep(model, 0.0, seed=0, shards=n_shards, parallel=parallel) as step:
        got = step(x, y)
    assert got == pytest.approx(loss.item(), rel=1e-6)
    for p, r in zip(model.parameters(), reference, strict=True):
        torch.testing.assert_close(p.grad, r, rtol=1e-5, atol=1e-7)


def test_side_by_side_and_in_turn_give_identical_numbers_with_dropout():
    grads = []
    for parallel in (True, False):
        model = build_model(CONFIG, 3, seed=1).train()
        with ShardedStep(model, 0.3, seed=7, shards=2, parallel=parallel) as step:
            losses = [step(*batch(32, seed=k)) for k in range(3)]  # the generators move on from step to step
        grads.append((losses, [p.grad for p in model.parameters()]))
    (la, ga), (lb, gb) = grads
    assert la == lb
    for a, b in zip(ga, gb, strict=True):
        assert torch.equal(a, b)


def test_dropout_zeroes_a_fraction_p_of_the_first_layer_outputs_and_scales_the_rest():
    model = build_model(dataclasses.replace(CONFIG, hidden_size=50), 3, seed=1).train()
    seen = {}
    with ShardedStep(model, 0.2, seed=3, shards=1) as step:
        first, second = step.layers
        first.register_forward_hook(lambda m, args, out: seen.update(out=out[0]))
        second.register_forward_pre_hook(lambda m, args: seen.update(into=args[0]))
        step(*batch(64))
    out, into = seen["out"].detach(), seen["into"].detach()  # 64 x 12 x 50 = 38,400 values
    dropped = into == 0
    assert dropped.float().mean().item() == pytest.approx(0.2, abs=0.01)  # binomial sd 0.002
    torch.testing.assert_close(into[~dropped], out[~dropped] / 0.8)


def test_the_shards_and_the_callers_thread_use_half_the_callers_torch_threads(monkeypatch):
    monkeypatch.setattr(shards, "cores", lambda: 4)
    model = build_model(CONFIG, 3, seed=1).train()
    before = torch.get_num_threads()
    try:
        for caller, per_shard in ((1, 1), (2, 1), (4, 2), (8, 2)):  # 8 threads on 4 cores: 2 each
            torch.set_num_threads(caller)
            with ShardedStep(model, 0.0, seed=0, shards=2) as step:
                assert step.pool.submit(torch.get_num_threads).result() == per_shard
                assert torch.get_num_threads() == per_shard  # the caller runs the first shard, Adam, the val loss
            assert torch.get_num_threads() == caller  # given back
    finally:
        torch.set_num_threads(before)


def series(n=300):
    t = torch.arange(n, dtype=torch.float64)
    return pd.Series((torch.sin(t / 6) + 0.01 * t).numpy(), index=pd.date_range("2020-01-01", periods=n), name="y")


def test_fit_is_the_same_side_by_side_and_in_turn_and_leaves_no_threads(monkeypatch):
    config = TrainConfig(lookback=10, hidden_size=8, num_layers=2, dropout=0.2, epochs=3, batch_size=16)
    results = []
    for parallel in (True, False):
        monkeypatch.setattr(shards, "ShardedStep", functools.partial(ShardedStep, shards=2, parallel=parallel))
        results.append(fit(series(), config))
    a, b = results
    assert list(a.model.state_dict()) == list(build_model(config, 1).state_dict())  # no per-layer copies added
    for k, v in a.model.state_dict().items():
        assert torch.equal(v, b.model.state_dict()[k])
    pd.testing.assert_frame_equal(a.predictions, b.predictions)
    assert not [t for t in threading.enumerate() if t.name.startswith("lstmviz-shard")]


def test_workers_stop_when_training_is_interrupted(monkeypatch):
    monkeypatch.setattr(shards, "ShardedStep", functools.partial(ShardedStep, shards=2))

    def interrupt(epoch, history):
        raise KeyboardInterrupt  # as a rerun or a closed tab stops the script thread

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with pytest.raises(KeyboardInterrupt):
            fit(series(), TrainConfig(lookback=10, hidden_size=8, epochs=3), on_epoch=interrupt)
        assert torch.get_num_threads() == 2  # the caller's count is restored on the way out too
    finally:
        torch.set_num_threads(before)
    assert not [t for t in threading.enumerate() if t.name.startswith("lstmviz-shard")]


def test_fit_from_a_script_on_two_threads_is_the_apps_fit_on_one(monkeypatch):
    monkeypatch.setattr(shards, "ShardedStep", functools.partial(ShardedStep, shards=2))
    config = TrainConfig(lookback=10, hidden_size=8, num_layers=2, dropout=0.2, epochs=2, batch_size=16)
    before = torch.get_num_threads()
    results = []
    try:
        for threads in (1, 2):  # the app's one thread; a script's default on two cores
            torch.set_num_threads(threads)
            results.append(fit(series(), config))
    finally:
        torch.set_num_threads(before)
    app, script = results
    for k, v in app.model.state_dict().items():
        assert torch.equal(v, script.model.state_dict()[k])
    pd.testing.assert_frame_equal(app.history, script.history)


def test_one_shard_on_one_core(monkeypatch):
    monkeypatch.setattr(shards, "cores", lambda: 1)
    assert shards.shard_count() == 1
    monkeypatch.setattr(shards, "cores", lambda: 8)
    assert shards.shard_count() == 2


def test_a_containers_cpu_quota_caps_the_cores(tmp_path, monkeypatch):
    monkeypatch.setattr(shards.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert shards.cores(tmp_path) == 8  # no cgroup files: the affinity
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")  # v1, unlimited
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert shards.cores(tmp_path) == 8
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("150000\n")  # v1, 1.5 CPUs
    assert shards.cgroup_cpus(tmp_path) == 1.5
    assert shards.cores(tmp_path) == 1
    (tmp_path / "cpu.max").write_text("200000 100000\n")  # v2 wins where both are there
    assert shards.cores(tmp_path) == 2
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert shards.cores(tmp_path) == 8
    (tmp_path / "cpu.max").write_text("50000 100000\n")  # half a CPU still runs one shard
    assert shards.cores(tmp_path) == 1


def test_head_dropout_zeroes_a_fraction_p_of_the_last_hidden_state_and_scales_the_rest():
    """The course's nn.Dropout(0.2) between the LSTM and the linear head, drawn from the shard's generator."""
    config = dataclasses.replace(CONFIG, num_layers=1, hidden_size=50, head_dropout=0.2)
    model = build_model(config, 3, seed=1).train()
    seen = {}
    model.head.register_forward_pre_hook(lambda m, args: seen.update(into=args[0]))
    x, y = batch(400)
    with ShardedStep(model, 0.0, seed=3, shards=1) as step:
        step(x, y)
    into = seen["into"].detach()  # 400 x 50 = 20,000 values
    with torch.no_grad():
        last = model.rnn(x)[0][:, -1]
    dropped = into == 0
    assert dropped.float().mean().item() == pytest.approx(0.2, abs=0.015)  # binomial sd 0.003
    torch.testing.assert_close(into[~dropped], last[~dropped] / 0.8)
    with torch.no_grad():  # in eval mode nothing is dropped: the forward is the head on h_L
        torch.testing.assert_close(model.eval()(x), model.head(last))
