"""Lesson tests: each computes a figure's own numbers at the page's defaults (read from its settings table), or
after a suggestion's settings, and asserts what the page tells the student. A change that breaks a lesson fails."""

import numpy as np
import pandas as pd
import pytest
import torch

from lstmviz import gradflow
from lstmviz.bptt import bptt
from lstmviz.cell import layer_weights, trace
from lstmviz.equations import input_in_units, pre_activation_terms, x_latex, z_latex
from lstmviz.figures.gradients import cell_gradient_heatmap, clipping_curves, gradient_norms, reach_chart
from lstmviz.figures.train import loss_curves
from lstmviz.knobs import explorer_cell, explorer_lstm, seeded_lstm, what_if
from lstmviz.sequences import make_sequence
from lstmviz.ui import i18n
from lstmviz.ui.lessons import memory
from lstmviz.ui.lessons.cell import SUGGESTIONS
from lstmviz.ui.lessons.reach import KEYS as REACH_KEYS
from lstmviz.ui.lessons.reach import SUGGESTIONS as REACH_SUGGESTIONS
from lstmviz.ui.settings.cell import CELL
from lstmviz.ui.settings.gradients import FRESH_INPUT, FRESH_MODEL, GRADIENTS, REACH_MARK

G = GRADIENTS.defaults()


@pytest.fixture(autouse=True)
def one_torch_thread():
    """As the app runs (lstmviz.ui.page): one torch thread. Training curves differ a little with the thread count
    (the clipped run ends at 0.11 on one thread, 0.21 on two), so the lessons below hold for both."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


# ---- Gradients 1: RNN vs GRU vs LSTM reach ---------------------------------------------------------------


def _reach(**changes):
    v = {**G, **changes}
    probe = dict(T=v["cmp_T"], hidden_size=gradflow.REACH_HIDDEN, seed=v["cmp_seed"], recurrent_scale=v["cmp_scale"])
    return {
        "rnn": gradflow.sensitivity_by_distance("rnn", **probe),
        "gru": gradflow.sensitivity_by_distance("gru", **probe),
        "lstm_default": gradflow.sensitivity_by_distance("lstm", **probe),
        "lstm": gradflow.sensitivity_by_distance("lstm", **probe, forget_bias=v["cmp_fb"]),
    }


def test_lesson_the_lstm_with_forget_bias_1_reaches_100x_further_than_the_rnn_and_pytorchs_default_does_not():
    assert G["cmp_fb"] == gradflow.KERAS_FORGET_BIAS == 1.0 and G["cmp_T"] > REACH_MARK
    curves = _reach()
    rnn = curves["rnn"][REACH_MARK]
    assert curves["lstm"][REACH_MARK] / rnn >= 100  # measured 3.7e6
    assert curves["lstm_default"][REACH_MARK] / rnn < 10  # measured 0.67: f ≈ 0.5 forgets as fast as the RNN
    # the text's forget gates: f ≈ σ(0) = 0.5 for PyTorch's default, ≈ 0.73 with +1
    x = gradflow._probe_input(G["cmp_T"], G["cmp_seed"])
    for bias, f in ((0.0, 0.5), (G["cmp_fb"], 0.73)):
        lstm = gradflow._probe_cell("lstm", gradflow.REACH_HIDDEN, G["cmp_seed"], bias, G["cmp_scale"])
        assert trace(lstm, x).f.mean().item() == pytest.approx(f, abs=0.03)


def test_lesson_reach_suggestions_show_what_they_say():
    far = G["cmp_T"] - 1
    biased = _reach(**REACH_SUGGESTIONS[0][1])
    assert biased["lstm"][far] > 1e3 * _reach()["lstm"][far]  # forget bias 3: reaches far back
    exploding = _reach(**REACH_SUGGESTIONS[1][1])["rnn"]
    assert np.nanmax(exploding) > 1e3 * exploding[0]  # ×4: the RNN's gradient explodes
    for _, settings in REACH_SUGGESTIONS:  # 2. the buttons move only their own section's sliders
        assert set(settings) <= set(REACH_KEYS)


def test_lesson_the_reach_chart_names_both_lstms():
    fig = reach_chart(_reach(), forget_bias=G["cmp_fb"], mark=REACH_MARK)
    assert [d.name for d in fig.data] == [
        "RNN",
        "GRU",
        "LSTM, forget bias 0 (PyTorch's default)",
        "LSTM, forget bias +1",
    ]


# ---- Gradients 3: the BPTT chart at the defaults ---------------------------------------------------------


def _fresh_bptt(forget_bias=FRESH_MODEL["forget_bias"]):
    lstm = what_if(explorer_lstm(FRESH_MODEL["hidden"], FRESH_MODEL["layers"], seed=FRESH_MODEL["seed"]),
                   forget_bias=forget_bias)  # fmt: skip
    x = torch.from_numpy(make_sequence(**FRESH_INPUT)).unsqueeze(1)
    assert G["g_loss"] == "last"
    return bptt(lstm, x, torch.ones(lstm.hidden_size))


def _coloured_share(result, layer):
    z = np.asarray(cell_gradient_heatmap(result, layer=layer).data[0].z, dtype=float)
    return np.isfinite(z).mean()


def test_lesson_the_dc_heatmap_is_coloured_and_the_highway_reads_as_a_line_at_the_defaults():
    result = _fresh_bptt()
    for layer in (G["g_layer"], FRESH_MODEL["layers"] - 1):
        assert _coloured_share(result, layer) >= 0.9  # measured 0.99 within 10^4 of the largest
    top = FRESH_MODEL["layers"] - 1
    highway = gradflow.cell_path(result, top)
    assert highway.min() > 1e-8 * highway.max()  # measured 1.8e-7: on the chart with the solid lines
    # the caption: it shrinks per step by the forget gates' typical value
    assert gradflow.per_step_factor(highway) == pytest.approx(result.trace.f[top].mean().item(), abs=0.06)
    # with PyTorch's forget bias 0 both lessons fail: this is why the page's fresh model has +1
    plain = _fresh_bptt(forget_bias=0.0)
    assert _coloured_share(plain, G["g_layer"]) < 0.5
    assert gradflow.cell_path(plain, top).min() < 1e-12 * gradflow.cell_path(plain, top).max()


def test_cell_path_is_the_last_gradient_times_the_later_forget_gates():
    result = _fresh_bptt()
    f, dc_last = result.trace.f[1], result.dc[1, -1]
    t = 10
    want = (dc_last * torch.prod(f[t + 1 :], dim=0)).norm().item()
    assert gradflow.cell_path(result, 1)[t] == pytest.approx(want, rel=1e-5)
    assert gradflow.per_step_factor(np.array([8.0, 4.0, 2.0, 1.0])) == pytest.approx(2.0)


# ---- Gradients 4: clipping -------------------------------------------------------------------------------


def test_lesson_without_clipping_the_loss_explodes_and_with_it_the_rnn_trains():
    free = gradflow.clipping_run(clip=None, recurrent_scale=G["clip_scale"])
    clipped = gradflow.clipping_run(clip=G["clip"], recurrent_scale=G["clip_scale"])
    f, c = free["loss"].to_numpy(), clipped["loss"].to_numpy()
    assert (~np.isfinite(f)).any() or np.nanmax(f) > 1e6 * f[0]  # measured: 6e35, then NaN from step 36
    assert c[-5:].mean() < 0.7 * c[0]  # measured 0.39 -> 0.11 (one torch thread), 0.21 (two)
    assert c.max() < 1.5 * c[0]


def test_the_clip_threshold_label_sits_on_its_line():
    runs = {"without clipping": gradflow.clipping_run(clip=None, steps=5)}
    norms, losses = clipping_curves(runs, threshold=G["clip"])
    (line,) = norms.layout.shapes
    (label,) = norms.layout.annotations
    assert line.y0 == line.y1 == G["clip"]
    assert label.text == "clip threshold" and label.y == pytest.approx(np.log10(G["clip"]))  # log axis: log10


# ---- Gradients 5: the adding problem ---------------------------------------------------------------------


def test_lesson_at_the_defaults_the_lstm_learns_the_adding_problem_and_the_rnn_does_not():
    kw = dict(T=G["mem_T"], seed=G["mem_seed"], steps=G["mem_steps"])
    lstm, rnn = gradflow.train_memory_task("lstm", **kw), gradflow.train_memory_task("rnn", **kw)
    assert gradflow.memory_verdict(lstm["loss"].tail(100).mean()) == "learned"  # measured 0.0005
    assert gradflow.memory_verdict(rnn["loss"].tail(100).mean()) == "baseline"  # measured 0.173
    left = lstm["step"][lstm["loss"].rolling(50).mean() < 0.05].iloc[0]
    assert 300 <= left <= 550  # the text: "leaves the baseline after 300–550 steps" (seed 0: 450)
    assert "1000 steps" in memory.TEXT and G["mem_steps"] == 1000 and f"T = {G['mem_T']}" in memory.TEXT


def test_memory_verdicts_are_graded():
    assert gradflow.memory_verdict(0.001) == "learned"
    assert gradflow.memory_verdict(0.078) == "partly"  # less than half the 0.167 baseline
    assert gradflow.memory_verdict(0.17) == "baseline"
    assert gradflow.memory_verdict(float("nan")) == "baseline"


def test_no_developer_command_in_student_text():
    texts = [text for m in i18n.catalogue("pt") if m.id for text in (m.id, m.string)]
    assert not [text for text in texts if isinstance(text, str) and "python -m" in text]


# ---- Gradients and Train 6: log axes in powers of ten ----------------------------------------------------


def _assert_powers_of_ten(axis):
    assert axis.type == "log" and axis.exponentformat == "power"
    assert isinstance(axis.dtick, int) and axis.dtick >= 1 and axis.tick0 == 0
    assert all(float(r).is_integer() for r in axis.range) and axis.range[1] > axis.range[0]


def test_log_axes_read_in_powers_of_ten():
    result = _fresh_bptt()
    _assert_powers_of_ten(gradient_norms(result, highway=gradflow.cell_path(result, 1)).layout.yaxis)
    _assert_powers_of_ten(reach_chart(_reach(cmp_T=20), forget_bias=1.0).layout.yaxis)
    runs = {"with clip_grad_norm_": gradflow.clipping_run(clip=1.0, steps=5)}  # a short range: under one decade
    for fig in clipping_curves(runs, threshold=1.0):
        _assert_powers_of_ten(fig.layout.yaxis)
    history = pd.DataFrame({"epoch": [1, 2, 3], "train_loss": [0.5, 0.3, 0.2], "val_loss": [0.6, 0.4, 0.35]})
    axis = loss_curves(history).layout.yaxis
    _assert_powers_of_ten(axis)
    assert list(axis.range) == [-1, 0]  # 0.2-0.6 spans the decade 10^-1 to 10^0


# ---- Cell 7: a spike held at forget bias +5, forgotten at −3 ---------------------------------------------


def _cell_trace(settings, x=None):
    v = {**CELL.defaults(), **settings}
    lstm = what_if(explorer_lstm(v["hidden"], v["layers"], seed=v["weight_seed"]), forget_bias=v["forget_bias"],
                   input_bias=v["input_bias"], recurrent_scale=v["scale"])  # fmt: skip
    if x is None:
        x = torch.from_numpy(make_sequence(v["kind"], v["length"], v["data_seed"])).unsqueeze(1)
    return v, trace(lstm, x)


def test_lesson_forget_bias_5_holds_a_single_spike_and_minus_3_forgets_it():
    hold, forget = SUGGESTIONS[0][1], SUGGESTIONS[1][1]
    v, tr = _cell_trace(hold)
    (unit,) = v["units"]
    c = tr.c[0, :, unit].numpy()
    spike = v["step"]
    jump = c[spike] - c[spike - 1]
    assert abs(jump) >= 0.25  # measured 0.30
    assert np.abs(c[:spike]).max() == 0.0  # nothing before the spike
    assert (np.abs(c[spike:] - c[spike]) <= 0.2 * abs(jump)).all()  # held: measured 0.26 of 0.30 at the end
    assert np.abs(c).argmax() == spike or np.isclose(np.abs(c).max(), abs(c[spike]))
    _, gone = _cell_trace(forget)
    c = gone.c[0, :, unit].numpy()
    assert abs(c[spike]) >= 0.25  # written just the same
    assert abs(c[spike + 1]) < 0.1 * abs(c[spike]) and np.abs(c[spike + 2 :]).max() < 0.01 * abs(c[spike])
    _, quiet = _cell_trace(hold, x=torch.zeros(v["length"], 1))  # no drift without the spike
    assert quiet.c.abs().max().item() < 1e-7


def test_lesson_closing_the_input_gate_writes_nothing():
    _, closed = _cell_trace(SUGGESTIONS[2][1])
    _, open_ = _cell_trace({})
    assert closed.i.max().item() < 0.02 and closed.c.abs().max().item() < 0.01  # measured 0.0033
    assert open_.c.abs().max().item() > 0.1  # at the defaults the same sine writes 0.16


def test_suggestions_set_what_they_depend_on():
    for label, settings in SUGGESTIONS:
        assert set(settings) <= set(CELL), label
        assert settings["use_trained"] is False, label  # the explorer's model, whatever the Train page left


def test_the_explorer_model_has_zero_candidate_bias_and_pytorchs_other_weights():
    lstm, plain = explorer_lstm(4, 2, seed=3), seeded_lstm(4, 2, seed=3)
    for name, p in lstm.named_parameters():
        q = dict(plain.named_parameters())[name]
        if name.startswith("bias"):
            assert (p[8:12] == 0).all() and torch.equal(p[:8], q[:8]) and torch.equal(p[12:], q[12:])
        else:
            assert torch.equal(p, q)


# ---- Cell 11: where z comes from -------------------------------------------------------------------------


def test_z_terms_match_the_weights_by_hand_and_the_gates():
    lstm = explorer_lstm(16, 2, seed=0)
    x = torch.from_numpy(make_sequence("noisy sine", 12, 0)).unsqueeze(1)
    tr = trace(lstm, x)
    layer, step, unit = 1, 7, 5
    params = dict(lstm.named_parameters())
    terms = pre_activation_terms(lstm, tr.h[0, step], tr.h[1, step - 1], layer=layer, unit=unit)
    for n, gate in enumerate("ifgo"):
        row = n * 16 + unit
        by_hand = sum(params["weight_ih_l1"][row, j].item() * tr.h[0, step, j].item() for j in range(16))
        by_hand += sum(params["weight_hh_l1"][row, k].item() * tr.h[1, step - 1, k].item() for k in range(16))
        by_hand += params["bias_ih_l1"][row].item() + params["bias_hh_l1"][row].item()
        assert terms[gate].z == pytest.approx(by_hand, abs=1e-6)
    assert torch.sigmoid(torch.tensor(terms["f"].z)).item() == pytest.approx(tr.f[1, step, unit].item(), abs=1e-6)
    assert torch.tanh(torch.tensor(terms["g"].z)).item() == pytest.approx(tr.g[1, step, unit].item(), abs=1e-6)
    lines = z_latex(terms["f"], "f", layer=layer)
    assert r"h^{(0)}_t" in lines[0]  # on layer 1, x_t is layer 0's h_t
    assert lines[1].count(r"\text{more}") == 2 and "14" in lines[1]  # 16 terms: the two largest and the rest
    w_x, v = terms["f"].w_x, terms["f"].x
    top2 = np.argsort(-np.abs(w_x * v))[:2]
    assert f"{w_x[top2[0]] * 1:.4f}".lstrip("-") in lines[1]
    assert lines[2].endswith(f"= {terms['f'].z:.4f}")
    W_ih, _, _ = layer_weights(lstm, 0)
    assert W_ih.shape == (64, 1)
    one = pre_activation_terms(lstm, x[step], tr.h[0, step - 1], layer=0, unit=unit)["o"]
    assert r"x_t" in z_latex(one, "o", layer=0)[0] and r"\text{more}" in z_latex(one, "o", layer=0)[1]


def test_a_trained_models_scaled_input_in_its_units():
    original = input_in_units(np.array([0.5]), mean=np.array([100.0]), std=np.array([20.0]))
    assert original.tolist() == [110.0]
    text = x_latex(0.5, layer=0, original=110.0, units="in the data's units")
    assert "x_t = 0.5000" in text and "110" in text and r"\text{scaled}" in text
    assert x_latex(0.5, layer=1) == r"h^{(0)}_t = 0.5000"


# ---- Gradients and Train 14: classroom mode enlarges every text of these figures -------------------------


def _font_sizes(node, path=""):
    """Where a figure's JSON sets a font size, other than the one layout.font that classroom mode raises."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "font" and isinstance(value, dict) and "size" in value and here != ".layout.font":
                yield here
            yield from _font_sizes(value, here)
    elif isinstance(node, list | tuple):
        for n, value in enumerate(node):
            yield from _font_sizes(value, f"{path}[{n}]")


def test_gradient_and_train_figures_take_every_text_size_from_the_layout_font():
    from lstmviz.figures.gradients import memory_curves
    from lstmviz.figures.train import data_preview, forecast_chart, predictions_chart, residuals_chart

    result = _fresh_bptt()
    runs = {"with clip_grad_norm_": gradflow.clipping_run(clip=1.0, steps=5)}
    index = pd.date_range("2024-01-01", periods=6)
    split = pd.Series(["train", "train", "val", "val", "test", "test"], index=index)
    frame = pd.DataFrame({"actual": range(6), "predicted": range(6), "split": split}, index=index)
    forecast = pd.DataFrame(
        {"predicted": [1.0, 2.0], "actual": [float("nan")] * 2}, index=pd.date_range("2024-01-07", periods=2)
    )
    history = pd.DataFrame({"epoch": [1, 2], "train_loss": [0.5, 0.3], "val_loss": [0.6, 0.4]})
    figs = [
        gradient_norms(result, highway=gradflow.cell_path(result, 1)), cell_gradient_heatmap(result),
        reach_chart(_reach(cmp_T=20), forget_bias=1.0, mark=10), *clipping_curves(runs, threshold=1.0),
        memory_curves({"rnn": pd.DataFrame({"step": [0, 1], "loss": [0.2, 0.1]})}, baseline=gradflow.BASELINE),
        loss_curves(history, best_epoch=2), data_preview(frame["actual"], split), predictions_chart(frame),
        residuals_chart(frame), forecast_chart(frame["actual"], forecast, beyond=True),
    ]  # fmt: skip
    for fig in figs:
        assert fig.layout.font.size, fig.layout.title.text
        assert not list(_font_sizes(fig.to_plotly_json())), fig.layout.title.text


# ---- Cell: the GRU's update gate holds h_t as the LSTM's forget gate holds C_t ------------------------------


def test_lesson_the_grus_update_gate_holds_h_as_the_lstms_forget_gate_holds_c():
    from lstmviz.spikehold import SPIKE, spike_hold
    from lstmviz.ui.lessons import spike_hold as lesson

    lstm, gru = spike_hold("lstm", lesson.BIAS), spike_hold("gru", lesson.BIAS)
    for hold in (lstm, gru):
        assert np.abs(hold.state[:SPIKE]).max() == 0.0  # nothing before the spike
        for k in (1, 5, lesson.STEPS):  # what is left is the product of the gates in between, by hand
            assert hold.kept(k) == pytest.approx(np.prod(hold.gate[SPIKE + 1 : SPIKE + k + 1]), rel=1e-5)
        assert hold.kept(lesson.STEPS) > 0.85  # both hold: measured 0.95 (LSTM) and 0.90 (GRU)
        gone = spike_hold(hold.cell, lesson.FORGET)
        assert gone.kept(1) < 0.1 and abs(gone.written) > 0.25  # written, then forgotten at once
    # the price of the GRU's one gate: (1 - z) lets the spike in, so z near 1 keeps it out
    assert abs(gru.written) < 0.05 * abs(lstm.written)
    v = lesson.findings(lstm, gru)
    assert v["z"] == gru.gate[SPIKE + 1] > 0.95 and v["f"] == lstm.gate[SPIKE + 1] > 0.95
    text = lesson.TEXT.format(**v)
    assert f"{v['gru_kept']:.0%}" in text and f"{gru.written:.3f}" in text and "+5" in text


def test_lesson_spike_hold_suggestions_show_the_unit_the_spike_wrote_most_into():
    from lstmviz.spikehold import spike_hold
    from lstmviz.ui.lessons import spike_hold as lesson

    for label, settings in lesson.SUGGESTIONS:
        assert set(settings) <= set(lesson.SETTINGS) <= set(CELL), label
        v = {**CELL.defaults(), **settings}
        knob = {"lstm": "forget_bias", "gru": "update_bias"}[v["cell"]]
        hold = spike_hold(v["cell"], v[knob], hidden=v["hidden"], seed=v["weight_seed"], length=v["length"])
        assert v["unit"] == hold.unit and v["units"] == [hold.unit], label
        # and the page's own model at these settings shows these numbers
        rnn = what_if(explorer_cell(v["cell"], v["hidden"], v["layers"], seed=v["weight_seed"]),
                      recurrent_scale=v["scale"], **{knob: v[knob]})  # fmt: skip
        x = torch.from_numpy(make_sequence(v["kind"], v["length"], v["data_seed"])).unsqueeze(1)
        state = trace(rnn, x).c if v["cell"] == "lstm" else trace(rnn, x).h
        np.testing.assert_allclose(state[0, :, hold.unit].numpy(), hold.state, atol=1e-7)
