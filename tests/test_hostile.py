"""Hostile input: what a careful attacker or a clumsy student can send a shared server (issue 12).

Each case was reproduced against the code before this suite: a model file that built an 8 GB model, inflated
512 MB or loaded stride-0 weights for a 4x512 model; a fit that ran as long as its settings asked; seeded
models that took other sessions' weights; a formula in a downloaded CSV. Each must now end in a clear
ValueError (or the defaults), quickly and without a memory spike.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import time

import pytest
import torch

from lstmviz.checkpoint import load_model
from lstmviz.config import TrainConfig
from lstmviz.data.synthetic import synthetic
from lstmviz.export import predictions_csv
from lstmviz.forecaster import build_model
from lstmviz.knobs import seeded_lstm
from lstmviz.train import fit
from tests.modelfiles import Record, dense, expanded, forge, header, peak_growth_mb, state_of

SPIKE_MB = 150  # the most one upload may add to the server's memory (issue 12, "Done when")


def refused(blob: bytes, match: str) -> None:
    """load_model refuses blob with a ValueError matching `match`, quickly and within SPIKE_MB."""
    start = time.perf_counter()
    out, growth = peak_growth_mb(lambda: load_model(blob))
    seconds = time.perf_counter() - start
    assert isinstance(out, ValueError), f"loaded or crashed: {out!r}"
    assert re.search(match, str(out)), str(out)
    assert growth is None or growth < SPIKE_MB, f"memory rose {growth:.0f} MB"
    assert seconds < 10, f"took {seconds:.1f} s"  # milliseconds; building the refused models took 24 s and more


def test_a_million_columns_and_512_units_are_refused_before_any_model_is_built():
    """Was: RSS 362 -> 8,203 MB and 24 s, building a 1,000,000-input LSTM, before "weights do not fit"."""
    config = TrainConfig(hidden_size=512).to_dict()
    refused(forge(header(config, ["c"] * 1_000_000), {}), "bytes; a saved lstmviz model has at most")
    refused(forge(header(config, ["c"] * 150_000), {}), "hidden_size .512. is more than the app allows")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 523 KB file whose first tensor's storage inflates to 512 MB (a small model's header)."""
    config = TrainConfig(hidden_size=8)
    state = state_of(config, 1)
    state["rnn.weight_ih_l0"] = Record((32, 1), (1, 1), numel=128 * 2**20)
    return forge(header(config, ["y"]), state, deflate=True)


def test_a_deflated_512_mb_tensor_is_never_inflated(bomb):
    """Was: torch.load inflated all 512 MB before any check."""
    assert len(bomb) < 600_000
    refused(bomb, "data/0 is compressed")


def test_stride_0_weights_for_a_4x512_model_are_refused():
    """Was: a 6.5 KB file loaded as a 4x512 model; evaluating it ran 82 s at 1.9 GB outside any slot."""
    config = TrainConfig(hidden_size=512, num_layers=4)
    blob = forge(header(config, ["y"]), state_of(config, 1, expanded))
    assert len(blob) < 10_000
    refused(blob, "hidden_size .512. is more than the app allows")


def test_stride_0_weights_within_the_limits_are_refused():
    config = TrainConfig(hidden_size=128, num_layers=3, lookback=250)
    refused(forge(header(config, ["y"]), state_of(config, 1, expanded)), "rnn.weight_ih_l0 is not a dense tensor")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"hidden_size": 16.0}, r"hidden_size is 16\.0, not <class 'int'>"),  # was an uncaught TypeError
        ({"num_layers": 1.0}, r"num_layers is 1\.0, not <class 'int'>"),  # was an uncaught TypeError
        ({"hidden_size": True}, r"hidden_size is True"),  # was loaded as a model whose hidden_size is True
        ({"lookback": 500}, r"lookback \(500\) is more than the app allows \(250\)"),
        ({"features": "ab"}, "features is 'ab'"),  # was read as two features, 'a' and 'b'
    ],
)
def test_header_fields_of_the_wrong_type_or_range_are_refused(change, match):
    """The tensors fit what the field's value means to PyTorch, so only the type or range check can refuse."""
    config = TrainConfig(hidden_size=int(change.get("hidden_size", 16)))
    inputs = 1 + len(change.get("features", ""))
    columns = ["y", *change.get("features", "")]
    refused(forge(header({**config.to_dict(), **change}, columns), state_of(config, inputs)), match)


@pytest.mark.parametrize("columns", [[1], ["y", "x"], ["y" * 101]])
def test_columns_must_be_short_names_one_per_input(columns):
    """Was: any list; its length set the model's inputs, whatever the features said."""
    config = TrainConfig(hidden_size=4)
    refused(forge(header(config, columns), state_of(config, len(columns))), "columns")


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda *s: dense(*s, dtype=torch.float64), "stores 6 tensors of 936 bytes"),  # was cast silently
        (lambda *s: dense(*s, fill=float("nan")), "NaN or infinite"),
        (lambda *s: Record(s, (1,) * len(s), numel=sum(s)), "not a dense tensor"),  # rows overlap
    ],
)
def test_weights_must_be_dense_finite_float32(make, match):
    config = TrainConfig(hidden_size=4)
    refused(forge(header(config, ["y"]), state_of(config, 1, make)), match)


def test_a_stored_tensor_bigger_than_the_config_needs_is_refused_before_loading():
    """Was: a 3 MB storage behind a (16, 1) view, read whole by torch.load."""
    config = TrainConfig(hidden_size=4)
    state = state_of(config, 1)
    state["rnn.weight_ih_l0"] = Record((16, 1), (1, 1), numel=750_000)
    refused(
        forge(header(config, ["y"]), state), "the file stores 6 tensors of 3,000,404 bytes; the config needs 6 of 468"
    )


def test_seeded_models_are_the_same_in_every_thread_while_others_use_the_global_generator():
    """8 sessions building the same seeded models 15 times each, while another thread draws from torch's generator."""
    config = TrainConfig(hidden_size=16, num_layers=2)
    want_forecaster, want_lstm = build_model(config, 2, seed=7), seeded_lstm(8, 2, seed=3)
    stop, wrong, built = threading.Event(), [], []

    def noise():
        while not stop.is_set():
            torch.manual_seed(123)
            torch.rand(1000)

    def session():
        for _ in range(15):
            a, b = build_model(config, 2, seed=7), seeded_lstm(8, 2, seed=3)
            built.append(1)
            if not (_same_weights(a, want_forecaster) and _same_weights(b, want_lstm)):
                wrong.append(1)

    threads = [threading.Thread(target=session) for _ in range(8)]
    noisy = threading.Thread(target=noise)
    noisy.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
        assert not t.is_alive()
    stop.set()
    noisy.join(60)
    assert not noisy.is_alive()
    assert len(built) == 120
    assert not wrong, f"{len(wrong)} of 120 builds had other weights"


def _same_weights(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


def test_no_fit_runs_past_its_budget():
    """Was: a fit ran every epoch its settings asked for; the page's largest held a slot for hours.

    Here 1,000 epochs, minutes without a budget, stop after half a second of training.
    """
    config = TrainConfig(lookback=30, hidden_size=32, epochs=1000, patience=0, max_seconds=0.5)
    start = time.perf_counter()
    r = fit(synthetic("noisy sine", 1500), config)
    assert r.stopped_by == "budget" and len(r.history) < 1000
    assert time.perf_counter() - start < 10  # the budget, the batch under way, the final predictions


def test_a_formula_in_a_column_name_does_not_reach_the_downloaded_csv():
    """Was: =HYPERLINK(...) as the date column's name went into predictions.csv's header as it was."""
    data = synthetic("noisy sine", 120).rename_axis('=HYPERLINK("https://evil.example/login","open")')
    r = fit(data, TrainConfig(lookback=10, hidden_size=4, epochs=1))
    rows = list(csv.reader(io.StringIO(predictions_csv(r.predictions).decode())))
    assert rows[0][0] == "'" + r.predictions.index.name
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or re.match(r"-(?![\d.])", c)]


def test_evaluating_an_uploaded_model_stops_at_the_servers_budget():
    """An uploaded model at the app's limits on a long series could run for minutes on a small server: evaluate
    checks the budget between its chunks of windows and says so instead."""
    from dataclasses import replace

    from lstmviz.errors import UserError
    from lstmviz.train import evaluate

    config = TrainConfig(lookback=20, hidden_size=8)
    data = synthetic("noisy sine", 3000)
    model = build_model(config, 1, seed=0)
    assert len(evaluate(model, data, replace(config, max_seconds=60.0)).predictions) == 3000
    with pytest.raises(UserError) as e:
        evaluate(model, data, replace(config, max_seconds=1e-9))
    assert (e.value.code, e.value.params) == ("model.evaluate_budget", {"seconds": 1e-9})
