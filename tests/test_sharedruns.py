"""lstmviz.server.sharedruns: identical runs computed once per process, with threads as the server's sessions."""

import threading
import time

import pandas as pd
import pytest
import torch

from lstmviz.config import TrainConfig
from lstmviz.server.sharedruns import Left, SharedRuns, data_digest, estimate_bytes
from lstmviz.train import fit


def counted(value, complete=True, gate: threading.Event | None = None, steps=()):
    """A compute that publishes `steps`, then counts its call (a caller that sees the count sees the steps), then
    waits for `gate` (if any) before returning."""
    calls = []

    def compute(publish):
        for s in steps:
            publish(s)
        calls.append(1)
        if gate is not None:
            assert gate.wait(10)
        return value, complete

    return compute, calls


def in_threads(n, target):
    results, errors = [None] * n, []

    def work(k):
        try:
            results[k] = target(k)
        except Exception as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for th in threads:
        th.start()
    return threads, results, errors


def join(threads):
    for th in threads:
        th.join(10)
        assert not th.is_alive()


def wait_until(condition, seconds=10):
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached")


def test_a_second_call_is_a_copy_from_the_cache():
    runs = SharedRuns(1 << 20)
    compute, calls = counted({"weights": [1.0, 2.0]})
    first = runs.run("k", compute)
    second = runs.run("k", compute)
    assert (first.source, second.source, len(calls)) == ("computed", "cached", 1)
    assert second.value == {"weights": [1.0, 2.0]} and second.complete
    second.value["weights"].append(3.0)  # a session changes its copy ...
    first.value["weights"].append(4.0)  # ... and the first caller its own value
    assert runs.run("k", compute).value == {"weights": [1.0, 2.0]}  # ... nobody else sees either


def test_callers_during_the_first_run_wait_for_it_see_its_progress_and_get_copies():
    runs, gate = SharedRuns(1 << 20), threading.Event()
    model = torch.nn.Linear(3, 1)
    compute, calls = counted(model, gate=gate, steps=["epoch 1", "epoch 2"])
    first, results, errors = in_threads(1, lambda k: runs.run("k", compute))
    wait_until(lambda: len(calls) == 1)
    seen = [[] for _ in range(5)]
    waiters, waited, werrors = in_threads(5, lambda k: runs.run("k", compute, watch=seen[k].append, poll=0.01))
    wait_until(lambda: all(seen))  # every waiter shows the first run's latest progress while it trains
    gate.set()
    join(first + waiters)
    assert not errors and not werrors and len(calls) == 1
    assert all(s == ["epoch 2"] for s in seen)
    assert results[0].source == "computed" and results[0].value is model
    assert {w.source for w in waited} == {"waited"}
    copies = [w.value for w in waited]
    assert len({id(m) for m in copies}) == 5 and all(m is not model for m in copies)
    for m in copies:
        torch.testing.assert_close(m.weight, model.weight)
    with torch.no_grad():
        copies[0].weight.zero_()  # one student changes their model
    torch.testing.assert_close(copies[1].weight, model.weight)


def _first_then_waiters(runs: SharedRuns, first, gate: threading.Event, waiters: int):
    """A first caller running `first` (held at `gate`), `waiters` callers of a full run arriving while it is in
    flight, then the gate opens; the first caller's results and errors, the waiters', and the full run's calls."""
    firsts, results, errors = in_threads(1, lambda k: runs.run("k", first))
    wait_until(lambda: runs._flights)
    full, calls = counted("full")
    waiting, waited, werrors = in_threads(waiters, lambda k: runs.run("k", full, poll=0.01))
    gate.set()
    join(firsts + waiting)
    return results, errors, waited, werrors, calls


def test_a_stopped_first_run_is_not_cached_and_a_waiter_trains_in_full():
    runs, gate = SharedRuns(1 << 20), threading.Event()
    stopped, _ = counted("half", complete=False, gate=gate)
    results, _, waited, errors, calls = _first_then_waiters(runs, stopped, gate, 3)
    assert (results[0].value, results[0].complete) == ("half", False)  # the one who stopped keeps theirs
    assert not errors and len(calls) == 1  # one waiter took over; the others waited for it
    sources = sorted(w.source for w in waited)
    assert sources.count("computed") == 1 and set(sources) <= {"computed", "waited", "cached"}
    assert all(w.value == "full" and w.complete for w in waited)
    assert runs.run("k", stopped).value == "full"


def test_a_failed_first_run_raises_for_its_caller_and_a_waiter_computes_it():
    runs, gate = SharedRuns(1 << 20), threading.Event()

    def failing(publish):
        assert gate.wait(10)
        raise RuntimeError("the first caller's tab closed")

    _, errors, waited, werrors, calls = _first_then_waiters(runs, failing, gate, 1)
    assert [str(e) for e in errors] == ["the first caller's tab closed"] and not werrors
    assert waited[0].value == "full" and len(calls) == 1 and "k" in runs


def test_a_waiter_that_leaves_does_not_stop_the_run():
    runs, gate = SharedRuns(1 << 20), threading.Event()
    compute, calls = counted("done", gate=gate, steps=["epoch 1"])
    first, results, _ = in_threads(1, lambda k: runs.run("k", compute))
    wait_until(lambda: len(calls) == 1)

    def leave(progress):
        raise KeyboardInterrupt  # the waiter's Stop click or closed tab

    with pytest.raises(KeyboardInterrupt):
        runs.run("k", compute, watch=leave, poll=0.01)
    asked = threading.Event()
    asked.set()  # a newer run of that session asks it to stop waiting, between two progress reports
    with pytest.raises(Left):
        runs.run("k", compute, leave=asked, poll=0.01)
    gate.set()
    join(first)
    assert results[0].value == "done" and "k" in runs


def test_least_recently_used_results_go_first_when_the_bound_is_reached():
    kb = torch.zeros(256)  # 1 kB
    runs = SharedRuns(3 * kb.nbytes)
    for key in "abc":
        runs.run(key, counted(kb.clone())[0])
    runs.run("a", counted(None)[0])  # a hit: "a" is now the most recent
    runs.run("d", counted(kb.clone())[0])
    assert ("a" in runs, "b" in runs, "c" in runs, "d" in runs) == (True, False, True, True)
    assert runs.bytes == 3 * kb.nbytes
    huge = runs.run("e", counted(torch.zeros(1024))[0])  # larger than the bound: handed out, not kept
    assert huge.complete and "e" not in runs and len(runs) == 3


def test_estimate_bytes_counts_a_fit_results_model_and_frames():
    frame = pd.DataFrame({"x": range(1000)}, dtype="float64")
    model = torch.nn.LSTM(1, 50, 2)
    assert estimate_bytes(frame) >= 8000
    assert estimate_bytes(model) == 4 * sum(p.numel() for p in model.parameters())
    assert estimate_bytes({"m": model, "f": [frame]}) >= estimate_bytes(model) + 8000


def test_data_digest_follows_the_content_not_the_object():
    index = pd.date_range("2024-01-01", periods=50)
    a = pd.Series(range(50), index=index, name="Close", dtype=float)
    assert data_digest(a) == data_digest(a.copy())
    changed = a.copy()
    changed.iloc[10] += 1e-9
    assert data_digest(changed) != data_digest(a)
    assert data_digest(a.rename("Open")) != data_digest(a)
    assert data_digest(a.set_axis(index + pd.Timedelta(days=1))) != data_digest(a)
    assert data_digest(a.to_frame()) != data_digest(a)
    assert data_digest(a.astype("float32")) != data_digest(a)
    two = pd.DataFrame({"Close": a, "Volume": a * 10})
    assert data_digest(two) == data_digest(two.copy()) != data_digest(two[["Volume", "Close"]])


def test_data_digest_of_text_and_time_zones_follows_the_content_too():
    """Not numbers over plain dates (an object column, dates in a time zone): pandas' row hashes."""
    index = pd.date_range("2024-01-01", periods=5, tz="America/Sao_Paulo")
    frame = pd.DataFrame({"y": [1.0, 2, 3, 4, 5], "note": list("abcde")}, index=index)
    assert data_digest(frame) == data_digest(frame.copy())
    other = frame.copy()
    other.iloc[2, 1] = "z"
    assert data_digest(other) != data_digest(frame)
    assert data_digest(frame.tz_convert("UTC")) != data_digest(frame)  # the same instants, another index dtype
    numbers = frame[["y"]]
    assert data_digest(numbers) == data_digest(numbers.copy())
    assert data_digest(numbers.set_axis(index + pd.Timedelta(hours=1))) != data_digest(numbers)


def test_fit_results_from_the_cache_equal_a_fresh_fit():
    data = pd.Series([float(k % 7) for k in range(120)], index=pd.date_range("2024-01-01", periods=120), name="y")
    config = TrainConfig(lookback=8, hidden_size=4, epochs=2)
    runs = SharedRuns(1 << 24)
    got = runs.run(("fit", data_digest(data), config), lambda publish: (fit(data, config), True))
    again = runs.run(("fit", data_digest(data), config), lambda publish: pytest.fail("trained twice"))
    fresh = fit(data, config)
    for k, v in fresh.model.state_dict().items():
        assert torch.equal(v, again.value.model.state_dict()[k])
    pd.testing.assert_frame_equal(again.value.predictions, fresh.predictions)
    assert again.value.model is not got.value.model
