"""AppTests for the Gradients page: defaults, each control, the demos, and bad settings."""

import copy
import re

import numpy as np
import torch

from lstmviz import gradflow
from lstmviz.ui import cached, i18n
from tests.apphelpers import figures_by_title, open_page, values


def _grad(**query):
    return open_page("pages/2_Gradients.py", **query)


def test_defaults_show_gradients_and_a_tiny_autograd_difference():
    at = _grad()
    assert not at.exception
    assert float(at.metric[0].value) < 1e-5, "hand-written BPTT agrees with autograd on the page's own model"
    norms = figures_by_title(at)["Gradient norm at each step"]
    names = [d["name"] for d in norms["data"]]
    assert "‖dL/dC_t‖, layer 1" in names and any("cell-state path" in n for n in names)
    assert norms["layout"]["yaxis"]["type"] == "log"
    reach = figures_by_title(at)["How far back does the gradient reach?"]
    assert [d["name"] for d in reach["data"]] == [
        "RNN", "GRU", "LSTM, forget bias 0 (PyTorch's default)", "LSTM, forget bias +1"
    ]  # fmt: skip


def test_every_control_reruns_without_error():
    at = _grad()
    at.radio(key="g_loss").set_value("every").run()
    at.radio(key="g_layer").set_value(0).run()
    for key, value in [("cmp_T", 300), ("cmp_fb", 3.0), ("cmp_scale", 5.0), ("clip", 0.5), ("clip_scale", 4.0)]:
        at.slider(key=key).set_value(value).run()
        assert not at.exception, key
    at.number_input(key="cmp_seed").set_value(3).run()
    assert not at.exception


def test_forget_bias_keeps_the_lstm_gradient_alive_and_large_scale_explodes_the_rnn():
    at = _grad()
    at.slider(key="cmp_T").set_value(100).run()
    lstm_far = values(figures_by_title(at)["How far back does the gradient reach?"]["data"][2]["y"])[-1]
    at.slider(key="cmp_fb").set_value(3.0).run()
    lstm_far_biased = values(figures_by_title(at)["How far back does the gradient reach?"]["data"][3]["y"])[-1]
    assert lstm_far_biased > 1e6 * lstm_far
    at.slider(key="cmp_scale").set_value(5.0).run()
    rnn = values(figures_by_title(at)["How far back does the gradient reach?"]["data"][0]["y"])
    assert np.nanmax(rnn) > 1e3 * rnn[0], "the RNN's gradient grows with distance: it explodes"


def test_a_slider_recomputes_only_the_curves_it_changes(monkeypatch):
    at = _grad()
    computed = []
    real = gradflow.sensitivity_by_distance

    def counting(cell, *args, **kwargs):
        computed.append(cell)
        return real(cell, *args, **kwargs)

    monkeypatch.setattr(gradflow, "sensitivity_by_distance", counting)
    at.slider(key="cmp_fb").set_value(2.0).run()
    assert computed == ["lstm"], "only the LSTM has a forget gate"
    at.slider(key="cmp_scale").set_value(2.0).run()
    assert computed == ["lstm", "rnn", "gru", "lstm", "lstm"]  # PyTorch's default LSTM, then the one with a bias
    at.slider(key="clip").set_value(2.0).run()
    at.slider(key="cmp_scale").set_value(1.0).run()  # back to a cached value
    assert len(computed) == 5
    assert not at.exception


def test_backprop_is_recomputed_only_when_the_model_its_input_or_the_loss_changes(monkeypatch):
    at = _grad()
    calls = []
    real = cached.bptt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cached, "bptt", counting)
    for key, value in [("cmp_T", 120), ("cmp_scale", 2.0), ("clip", 2.0), ("mem_T", 20)]:
        at.slider(key=key).set_value(value).run()
    assert not calls, "the sliders below the first section leave its model and loss as they were"
    at.radio(key="g_loss").set_value("every").run()
    assert len(calls) == 1
    assert not at.exception


def test_fingerprint_tells_models_and_inputs_apart():
    lstm, x = cached.explorer_lstm(4, 1, 0, 0.0, 0.0, 1.0), torch.zeros(5, 1)
    key = cached.fingerprint(lstm, x)
    assert cached.fingerprint(copy.deepcopy(lstm), x.clone()) == key
    assert cached.fingerprint(cached.explorer_lstm(4, 1, 0, 0.5, 0.0, 1.0), x) != key  # one bias moved
    assert cached.fingerprint(cached.explorer_lstm(4, 1, 1, 0.0, 0.0, 1.0), x) != key  # other weights
    assert cached.fingerprint(lstm, x + 1e-6) != key
    assert cached.fingerprint(lstm, torch.zeros(6, 1)) != key


def test_clipping_demo_runs_only_when_asked_and_bounds_the_update():
    at = _grad()
    assert not [c for c in at.get("plotly_chart") if "clipping" in c.proto.spec]
    next(b for b in at.button if b.label == "Run the clipping demo").click().run()
    assert not at.exception
    norms = figures_by_title(at)["Gradient norm before clipping"]
    assert [d["name"] for d in norms["data"]] == ["without clipping", "with clip_grad_norm_"]
    unclipped = values(norms["data"][0]["y"])
    assert np.nanmax(unclipped) > 1.0, "the demo's gradients really explode past the threshold"


def test_memory_task_trains_both_models_and_reports(monkeypatch):
    at = _grad()
    at.slider(key="mem_T").set_value(10).run()
    at.slider(key="mem_steps").set_value(100).run()
    next(b for b in at.button if b.label == "Train RNN and LSTM").click().run(timeout=120)
    assert not at.exception
    curves = figures_by_title(at)["Adding problem: who remembers?"]
    assert [d["name"] for d in curves["data"]] == ["RNN", "LSTM"]
    assert len(values(curves["data"][1]["y"])) == 100
    assert sum("mean loss of the last 100 steps" in m.value for m in at.markdown) == 2


def test_portuguese_gradients_page_is_fully_translated():
    i18n.MISSING.clear()
    at = _grad(lang="pt")
    next(b for b in at.button if b.label == "Rodar a demonstração do recorte do gradiente").click().run()
    assert not at.exception
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert re.fullmatch(r"\d,\de-\d\d", at.metric[0].value), at.metric[0].value  # 8,9e-08: a decimal comma
