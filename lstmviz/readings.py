"""The course's answers, read from the live computation: one function per chapter with a question
(`lstmviz.course`), named by the chapter's key.

Each takes the chapter's page settings (a mapping of setting key → value, as the page holds them: its table's
defaults, then the chapter's settings, then whatever the student moved) and calls the library exactly as the
page does for its figure; it returns a `Reading`: the index of the right choice and the numbers the answer's
"why" quotes. A chapter's `uses` names every key its function reads (the course test holds it to that).
Letters as in the cell's equations: T steps, H hidden units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import torch

from lstmviz import firstvalue, gradflow, optim, overfit
from lstmviz.backtest import blocks
from lstmviz.cell import LSTMTrace, trace
from lstmviz.config import TrainConfig
from lstmviz.data import synthetic
from lstmviz.data.samples import load_sample
from lstmviz.forecaster import build_model
from lstmviz.knobs import explorer_lstm, what_if
from lstmviz.prepare import rows
from lstmviz.sequences import make_sequence
from lstmviz.spikehold import SPIKE, spike_hold
from lstmviz.train import plan
from lstmviz.windows import origins

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Reading:
    choice: int  # the index of the right choice
    numbers: Mapping[str, float]  # the fields of the chapter's `why`


def _band(x: float, edges: tuple[float, ...]) -> int:
    """Which of the len(edges) + 1 bands x falls in: 0 below edges[0], ..., len(edges) above the last."""
    return int(np.searchsorted(np.asarray(edges), x, side="right"))


# ---- the Cell page: the explorer's model on a synthetic sequence ---------------------------------------------


def _cell(v: Values) -> tuple[LSTMTrace, int, int]:
    """The page's trace of the explorer's model, and its step and unit as the page clips them."""
    lstm = what_if(explorer_lstm(v["hidden"], v["layers"], seed=v["weight_seed"]), forget_bias=v["forget_bias"],
                   input_bias=v["input_bias"], recurrent_scale=v["scale"])  # fmt: skip
    x = torch.from_numpy(make_sequence(v["kind"], v["length"], v["data_seed"])).unsqueeze(1)  # (T, 1)
    tr = trace(lstm, x)
    T, H = tr.h.shape[1], tr.h.shape[2]
    return tr, min(v["step"], T - 1), min(v["unit"], H - 1)


def gates(v: Values) -> Reading:
    """What is left of C_t one step after t: over 80 %, 20–80 %, under 20 %."""
    tr, t, u = _cell(v)
    t = min(t, tr.c.shape[1] - 2)
    c_t, c_next = tr.c[0, t, u].item(), tr.c[0, t + 1, u].item()
    kept = abs(c_next) / abs(c_t) if c_t else float("nan")
    return Reading(2 - _band(kept, (0.2, 0.8)), {"c_t": c_t, "c_next": c_next, "f": tr.f[0, t + 1, u].item(),
                                                 "kept": kept, "t": t, "t1": t + 1})  # fmt: skip


def states(v: Values) -> Reading:
    """The share of tanh(C_t) that the output gate lets into h_t: under 1/3, 1/3–2/3, over 2/3."""
    tr, t, u = _cell(v)
    o, c, h = tr.o[0, t, u].item(), tr.c[0, t, u].item(), tr.h[0, t, u].item()
    return Reading(_band(o, (1 / 3, 2 / 3)), {"o": o, "c": c, "tanh_c": float(np.tanh(c)), "h": h, "t": t})


def step(v: Values) -> Reading:
    """Which part of C_t = f_t C_{t-1} + i_t g_t is larger: 0 what the forget gate keeps, 1 what the input writes."""
    tr, t, u = _cell(v)
    c_prev = tr.c[0, t - 1, u].item() if t > 0 else 0.0
    kept, written = tr.f[0, t, u].item() * c_prev, tr.i[0, t, u].item() * tr.g[0, t, u].item()
    return Reading(int(abs(written) > abs(kept)), {"kept": kept, "written": written, "c": tr.c[0, t, u].item(),
                                                   "t": t})  # fmt: skip


# ---- the Gradients page ------------------------------------------------------------------------------------


def gru(v: Values) -> Reading:
    """How much of the spike the GRU's h_t holds ten steps later: over 80 %, 20–80 %, under 20 %."""
    hold = spike_hold("gru", v["update_bias"], hidden=v["hidden"], seed=v["weight_seed"], length=v["length"])
    steps = min(10, v["length"] - 1 - SPIKE)
    kept = hold.kept(steps)
    return Reading(2 - _band(kept, (0.2, 0.8)), {"written": hold.written, "steps": steps, "kept": kept,
                                                 "z": float(hold.gate[SPIKE + 1])})  # fmt: skip


def reach(v: Values) -> Reading:
    """Far back, the LSTM's gradient against the RNN's: under 1/10, about the same, over 10×."""
    probe = dict(T=v["cmp_T"], hidden_size=gradflow.REACH_HIDDEN, seed=v["cmp_seed"], recurrent_scale=v["cmp_scale"])
    rnn = gradflow.sensitivity_by_distance("rnn", **probe)
    lstm = gradflow.sensitivity_by_distance("lstm", **probe, forget_bias=v["cmp_fb"])
    d = min(gradflow.REACH_MARK, v["cmp_T"] - 1)
    ratio = float(lstm[d] / rnn[d])
    return Reading(_band(ratio, (0.1, 10.0)), {"d": d, "ratio": ratio, "fb": v["cmp_fb"]})


def clipping(v: Values) -> Reading:
    """What the loss does without clipping: 0 it falls, 1 it stays about level, 2 it explodes."""
    loss = gradflow.clipping_run(clip=None, recurrent_scale=v["clip_scale"])["loss"].to_numpy()
    first, finite = loss[0], loss[np.isfinite(loss)]
    peak = float(finite.max() / first)
    end = float(loss[-5:].mean() / first)
    broken = int((~np.isfinite(loss)).sum())
    exploded = bool(broken or peak > 1e6)
    return Reading(2 if exploded else 0 if end < 0.7 else 1, {"peak": peak, "broken": broken, "steps": len(loss)})


ADDING_CHOICES = ("both", "lstm", "rnn", "neither")  # the order of the chapter's choices


def adding(v: Values, histories: Mapping[str, pd.DataFrame] | None = None) -> Reading:
    """Which of the two beats the baseline: both, only the LSTM, only the RNN, neither. `histories` (cell →
    train_memory_task's DataFrame): a run the page already made at these settings, read instead of training."""
    if histories is None:
        kw = dict(T=v["mem_T"], seed=v["mem_seed"], steps=v["mem_steps"])
        histories = {cell: gradflow.train_memory_task(cell, **kw) for cell in ("rnn", "lstm")}
    loss = {cell: float(h["loss"].tail(100).mean()) for cell, h in histories.items()}
    beats = {cell: gradflow.memory_verdict(value) != "baseline" for cell, value in loss.items()}
    which = "both" if all(beats.values()) else "lstm" if beats["lstm"] else "rnn" if beats["rnn"] else "neither"
    return Reading(ADDING_CHOICES.index(which), {"lstm": loss["lstm"], "rnn": loss["rnn"], "base": gradflow.BASELINE})


def first_value(v: Values, runs: Mapping[str, firstvalue.FirstValueRun] | None = None) -> Reading:
    """Where the trained LSTM's answer rests: on step 1, on the last steps, spread. `runs` (cell → its run): the
    page's own, read instead of training again."""
    if runs is None:
        kw = dict(T=v["fv_T"], seed=v["fv_seed"], steps=v["fv_steps"])
        runs = {cell: firstvalue.train_first_value(cell, **kw) for cell in firstvalue.CELLS}
    lstm, rnn = runs["lstm"], runs["rnn"]
    return Reading(firstvalue.answer(lstm), {"first": float(lstm.shares[0]), "recent": firstvalue.recent_share(
        lstm.shares), "mse": lstm.test_mse, "rnn_recent": firstvalue.recent_share(rnn.shares)})  # fmt: skip


# ---- the Learning page: the optimisers' race and the overfitting runs ----------------------------------------


def adam(v: Values) -> Reading:
    """Which optimiser arrives first to stay: SGD, momentum, Adam, or none within the steps."""
    runs = optim.race(lr=v["a_lr"], beta1=v["a_beta1"], beta2=v["a_beta2"], steps=v["a_steps"])
    arrives = {name: runs[name]["arrives"] or 0 for name in optim.OPTIMISERS}
    first = optim.first_to_arrive(lr=v["a_lr"], beta1=v["a_beta1"], beta2=v["a_beta2"], steps=v["a_steps"])
    return Reading(first, {**arrives, "steps": v["a_steps"]})


def _overfit(v: Values) -> overfit.OverfitRequest:
    return overfit.OverfitRequest(v["o_dropout"], v["o_weight_decay"], v["o_patience"], v["o_seed"])


def _gap(v: Values) -> Reading:
    """How the settings change the unregularised run's final gap: narrower, about the same, wider."""
    request = _overfit(v)
    run, baseline = overfit.overfit_run(request), overfit.overfit_run(request.unregularised())
    change = overfit.narrowing(run, baseline)
    return Reading(overfit.gap_choice(change), {"gap": run.gap, "baseline": baseline.gap, "narrowing": change})


dropout = weight_decay = _gap


def early_stopping(v: Values) -> Reading:
    """When training stops: before epoch 20, between 20 and 40, after 40."""
    run = overfit.overfit_run(_overfit(v))
    return Reading(overfit.stop_choice(run.epochs), {"best": run.best_epoch, "patience": v["o_patience"],
                                                     "epochs": run.epochs})  # fmt: skip


# ---- the Train page: its synthetic or bundled data, as its data panel makes it -------------------------------


def _series(v: Values) -> pd.Series:
    """The Train page's data for these settings (synthetic or a bundled sample: what the chapters set)."""
    if v["data"] == "sample":
        return load_sample(v["sample"])[v["column"]].iloc[-v["rows"] :]
    if v["series"] == "demand":
        return synthetic.demand(v["days"], noise=v["noise"] * 10, seed=v["series_seed"])["demand"]
    return synthetic.synthetic(v["series"], v["days"], noise=v["noise"], seed=v["series_seed"])


def _config(v: Values) -> TrainConfig:
    return TrainConfig(lookback=v["lookback"], horizon=v["horizon"], target_mode=v["target_mode"],
                       val_fraction=v["val_fraction"], test_fraction=v["test_fraction"])  # fmt: skip


def windows(v: Values) -> Reading:
    """How many training windows: under 100, 100–400, over 400."""
    data = _series(v)
    split = rows(data, _config(v), None)[2].split
    n = len(origins(split, v["lookback"], v["horizon"], "train"))
    return Reading(_band(n, (100, 400)), {"windows": n, "rows": len(data), "lookback": v["lookback"]})


def training(v: Values) -> Reading:
    """The trainable parameters of the model the settings build: under 10,000, 10,000–100,000, over 100,000."""
    config = TrainConfig(cell=v["cell"], hidden_size=v["hidden_size"], num_layers=v["num_layers"],
                         horizon=v["horizon"])  # fmt: skip
    model = build_model(config, 1 + len(v["features"]), seed=0)
    n = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return Reading(_band(n, (10_000, 100_000)), {"params": n, "hidden": v["hidden_size"], "layers": v["num_layers"]})


def persistence(v: Values) -> Reading:
    """Persistence's test RMSE against the series' level: under 2 %, 2–10 %, over 10 %."""
    data = _series(v)
    split = plan(data, _config(v))
    moves = data.diff()[split == "test"].to_numpy()  # tomorrow = today misses by the day's move
    rmse = float(np.sqrt(np.mean(moves**2)))
    level = float(np.abs(data[split == "test"]).mean())
    return Reading(_band(rmse / level, (0.02, 0.10)), {"rmse": rmse, "level": level, "share": rmse / level})


def backtest(v: Values) -> Reading:
    """How many test rows each fold forecasts: under 50, 50–150, over 150."""
    split = rows(_series(v), _config(v), None)[2].split
    sizes = [len(b) for b in blocks(split.test_start, split.n, v["folds"])]
    return Reading(_band(min(sizes), (50, 150)), {"rows": min(sizes), "test": sum(sizes), "folds": v["folds"]})
