"""What a student should read from the test metrics: does the model beat persistence, by how much, and why not.

Texts are English message ids with their numbers apart (`message`, `params`), so the app translates them
(`t(v.message, **v.params)`) and a notebook reads `v.text()`. Fixes are codes a page turns into buttons
that set the controls and retrain (FIXES, apply_fix).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from lstmviz.baselines import NAMES
from lstmviz.config import TrainConfig
from lstmviz.errors import Text
from lstmviz.intervals import COVERAGE
from lstmviz.targets import RELATIVE

TIE = 0.005  # errors within 0.5 % of each other are the same error, as a student reads them
SIGNIFICANT = 0.05  # the Diebold-Mariano p-value below which a difference is called significant
FIXES = {
    "log_return": Text("Learn log returns"),
    "window_ratio": Text("Scale each window by its last value"),
    "lower_lr": Text("Lower the learning rate 10×"),
}  # code: button label (Text: a msgid the UI translates)


def apply_fix(config: TrainConfig, code: str) -> TrainConfig:
    """The config a fix's button trains: another target mode, or a 10× lower learning rate."""
    if code in ("log_return", "window_ratio"):
        return dataclasses.replace(config, target_mode=code)
    if code == "lower_lr":
        return dataclasses.replace(config, lr=config.lr / 10)
    raise ValueError(f"fix ({code!r}) must be one of {', '.join(FIXES)}")


@dataclass(frozen=True)
class Finding:
    message: str  # an English text with {fields}
    params: dict = field(default_factory=dict)

    def text(self) -> str:
        return self.message.format(**self.params)


@dataclass(frozen=True)
class Verdict:
    state: str  # "beats", "ties", "loses", "diverged" or "no_test"
    rmse: float  # the model's test RMSE
    persistence_rmse: float
    ratio: float | None  # the larger error over the smaller, >= 1; None when one of them is 0 or NaN
    baseline: str | None  # a simpler baseline (a metrics row other than persistence) beating the model, if any
    findings: tuple[Finding, ...]  # the headline first, then the baseline that wins
    fixes: tuple[str, ...]  # FIXES codes

    def text(self) -> str:
        return " ".join(f.text() for f in self.findings)


def _smaller(ratio: float) -> dict:
    """How much smaller the smaller error is, as a student reads it: "10×" past 2, a percentage below."""
    if ratio >= 2:
        return {"times": round(ratio, 1) if ratio < 10 else round(ratio)}
    return {"percent": round(100 * (1 - 1 / ratio))}


def _compare(m: float, p: float) -> tuple[float, str, dict]:
    """The model's error m against persistence's p (both > 0): the larger over the smaller, the state ("ties"
    within TIE, else "beats" or "loses") and how much smaller the smaller error is (_smaller)."""
    ratio = max(m, p) / min(m, p)
    state = "ties" if ratio - 1 < TIE else ("beats" if m < p else "loses")
    return ratio, state, _smaller(ratio)


CHANCE = {  # (model's error smaller, "times" in the size): a difference the Diebold–Mariano test calls chance
    (True, True): Text(
        "The model's test error is {times:g}× smaller than that of persistence (tomorrow = today): RMSE {m:.4g} "
        "against {p:.4g}. "
        "But that is no difference this test can tell from chance (Diebold–Mariano p = {pv:.2g})."
    ),
    (True, False): Text(
        "The model's test error is {percent}% smaller than that of persistence (tomorrow = today): RMSE {m:.4g} "
        "against {p:.4g}. "
        "But that is no difference this test can tell from chance (Diebold–Mariano p = {pv:.2g})."
    ),
    (False, True): Text(
        "The test error of persistence (tomorrow = today) is {times:g}× smaller than the model's: RMSE {p:.4g} "
        "against {m:.4g}. "
        "But that is no difference this test can tell from chance (Diebold–Mariano p = {pv:.2g})."
    ),
    (False, False): Text(
        "The test error of persistence (tomorrow = today) is {percent}% smaller than the model's: RMSE {p:.4g} "
        "against {m:.4g}. "
        "But that is no difference this test can tell from chance (Diebold–Mariano p = {pv:.2g})."
    ),
}


def verdict(result) -> Verdict:
    """The model against persistence on a FitResult's test (its metrics rows "model", "persistence", ...).

    "beats" and "loses" need a Diebold–Mariano p below SIGNIFICANT on the test errors (metrics' dm_pvalue); a
    larger difference is a tie that says its size and its p: no difference this test can tell from chance.
    """
    metrics = result.metrics
    if not len(metrics):
        return Verdict(
            "no_test", np.nan, np.nan, None, None, (Finding("No test rows: nothing to judge the model on."),), ()
        )
    m, p = float(metrics.loc["model", "rmse"]), float(metrics.loc["persistence", "rmse"])
    pv = float(metrics.loc["model", "dm_pvalue"])
    if not np.isfinite(m):
        found = Finding("Training diverged: the loss became NaN and the model predicts nothing usable. Lower the "
                        "learning rate (10× lower is a good first try) and train again.")  # fmt: skip
        return Verdict("diverged", m, p, None, None, (found,), ("lower_lr",))
    numbers = {"m": m, "p": p, "pv": pv}
    if p == 0 or m == 0:
        ratio, state = None, "ties" if m == p else ("beats" if m == 0 else "loses")
        if p == 0 and m > 0:
            head = Finding("Persistence is exact on this test (the values never change), so any error loses: the "
                           "model's RMSE is {m:.4g}.", numbers)  # fmt: skip
        elif m == 0 and p > 0:
            head = Finding("The model is exact on this test (RMSE 0); persistence's RMSE is {p:.4g}.", numbers)
        else:
            head = Finding("The model and persistence are both exact on this test (RMSE 0).")
    else:
        ratio, state, by = _compare(m, p)
        if state != "ties" and not pv < SIGNIFICANT:  # NaN (too few test rows) is no evidence either
            state = "ties"
            head = Finding(CHANCE[m < p, "times" in by], numbers | by)
        elif state == "ties":
            head = Finding("The model and persistence (tomorrow = today) make the same test error (RMSE {m:.4g}): "
                           "the model adds nothing to the last value.", numbers)  # fmt: skip
        elif state == "beats":
            head = Finding(
                "The model beats persistence (tomorrow = today): its test error is {times:g}× smaller (RMSE {m:.4g} "
                "against {p:.4g})." if "times" in by else
                "The model beats persistence (tomorrow = today): its test error is {percent}% smaller (RMSE {m:.4g} "
                "against {p:.4g}).", numbers | by,
            )  # fmt: skip
        else:
            head = Finding(
                "The model does not beat persistence (tomorrow = today): persistence's test error is {times:g}× "
                "smaller (RMSE {p:.4g} against the model's {m:.4g})." if "times" in by else
                "The model does not beat persistence (tomorrow = today): persistence's test error is {percent}% "
                "smaller (RMSE {p:.4g} against the model's {m:.4g}).", numbers | by,
            )  # fmt: skip
    others = metrics["rmse"].drop(index=["model", "persistence"])
    baseline = str(others.idxmin()) if len(others) and others.min() < m else None
    findings = (head,)
    if state in ("beats", "loses") and ratio is not None:
        findings += (Finding("The Diebold–Mariano test on the test errors gives p < 0.001: a difference this size is "
                             "hardly chance.") if pv < 0.001 else
                     Finding("The Diebold–Mariano test on the test errors gives p = {pv:.2g}: a difference this size "
                             "is hardly chance.", numbers),)  # fmt: skip
    if baseline is not None:
        findings += (Finding("A simpler forecast beats the model too: the {name} (RMSE {r:.4g}).",
                             {"name": Text(NAMES[baseline]), "r": float(others.min())}),)  # fmt: skip
    return Verdict(state, m, p, ratio, baseline, findings, ())


SATURATED_SHARE = 0.1  # at least this share of test targets outside the training range to call it saturation
SATURATED_SLOPE = 0.5  # predictions that move less than half as much as the actuals there are flat


@dataclass(frozen=True)
class Diagnosis:
    """Why a model loses to persistence, in numbers measured on its test predictions."""

    outside_share: float  # share of test targets outside [train_min, train_max]
    train_min: float
    train_max: float
    slope: float  # least-squares slope of prediction on actual over the test targets outside; 1 follows, 0 flat
    saturated: bool  # many targets outside and predictions flat there
    corr_now: float  # corr(predicted_t, actual_t) on test
    corr_lag: float  # corr(predicted_t, actual_t-1): higher means the forecast is yesterday's value
    step: float  # RMS(predicted_t - actual_t-1) / RMS(actual_t - actual_t-1): how far it moves from the last value
    lags: bool  # corr_lag above corr_now and step below 1: the forecast stays nearer the last value than the actual
    findings: tuple[Finding, ...]
    fixes: tuple[str, ...]  # FIXES codes, the most promising first; none for the mode already in use

    def text(self) -> str:
        return " ".join(f.text() for f in self.findings)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1]) if len(a) > 2 and a.std() > 0 and b.std() > 0 else float("nan")


def diagnose(result) -> Diagnosis:
    """Saturation and lag measured on a FitResult's one-step test predictions (see Diagnosis)."""
    p = result.predictions
    train = p.loc[p["split"] == "train", "actual"].to_numpy()
    test = p[(p["split"] == "test") & p["predicted"].notna()]
    actual, predicted = test["actual"].to_numpy(), test["predicted"].to_numpy()
    previous = p["actual"].shift(1).loc[test.index].to_numpy()
    lo, hi = float(train.min()), float(train.max())
    outside = (actual < lo) | (actual > hi)
    share = float(outside.mean()) if len(actual) else float("nan")
    a, f = actual[outside], predicted[outside]
    slope = float(np.cov(f, a)[0, 1] / a.var(ddof=1)) if len(a) > 2 and a.var() > 0 else float("nan")
    saturated = bool(share >= SATURATED_SHARE and slope < SATURATED_SLOPE)
    corr_now, corr_lag = _corr(predicted, actual), _corr(predicted, previous)
    moved = np.sqrt(np.mean((actual - previous) ** 2)) if len(actual) else np.nan
    step = float(np.sqrt(np.mean((predicted - previous) ** 2)) / moved) if moved > 0 else float("nan")
    lags = bool(corr_lag > corr_now and step < 1)
    findings, fixes = [], []
    if saturated:
        findings.append(Finding(
            "{share:.0f}% of the test values lie outside the range the model was trained on ({lo:.4g} to {hi:.4g}), "
            "and there its predictions flatten: they move {slope:.2f} for every 1 the actual moves. A network fit "
            "on scaled training values cannot reach levels it never saw.",
            {"share": 100 * share, "lo": lo, "hi": hi, "slope": slope},
        ))  # fmt: skip
        fixes += ["window_ratio", "log_return"]
    mode = result.config.target_mode
    if lags:
        findings.append(Finding(
            "The predictions follow the previous value more closely than the value they forecast (correlation "
            "{lag:.3f} with the step before against {now:.3f} with the step itself), and they move from the last "
            "value only {step:.2f} times as far as the actual does: the model learned to repeat the last value, "
            "which is persistence, a step late.",
            {"lag": corr_lag, "now": corr_now, "step": step},
        ))  # fmt: skip
        if mode in RELATIVE:
            findings.append(Finding(
                "Already learning changes, not levels, the model still finds nothing to add to the last value. On "
                "a series that moves like a random walk, as prices do, tomorrow = today is close to the best "
                "forecast there is: a tie is the expected result, not a bug."
            ))  # fmt: skip
        fixes += ["log_return", "window_ratio"]
    if not findings and np.isfinite(share) and np.isfinite(corr_now) and np.isfinite(corr_lag):
        findings.append(Finding(
            "Measured on the test: {share:.0f}% of its values lie outside the range the model was trained on "
            "({lo:.4g} to {hi:.4g}); the predictions correlate {now:.3f} with the value they forecast and {lag:.3f} "
            "with the one before. Neither flat predictions nor a lag explains the loss: the model has not learned "
            "the series yet. More epochs or hidden units may help; so may learning changes instead of levels.",
            {"share": 100 * share, "lo": lo, "hi": hi, "now": corr_now, "lag": corr_lag},
        ))  # fmt: skip
        fixes += ["window_ratio", "log_return"]
    fixes = tuple(dict.fromkeys(c for c in fixes if c != mode))  # in order, once, not the mode in use
    return Diagnosis(share, lo, hi, slope, saturated, corr_now, corr_lag, step, lags, tuple(findings), fixes)


def backtest_verdict(result) -> tuple[Finding, ...]:
    """A BacktestResult's summary in words: the error ratio over all folds, whether the Diebold-Mariano test
    calls the difference luck, and how many actuals the bands held."""
    s, folds = result.summary, len(result.folds)
    m, p, pvalue = s["rmse"], s["persistence_rmse"], s["dm_pvalue"]
    if not np.isfinite(m):
        return (Finding("Training diverged in at least one fold (the loss became NaN): lower the learning rate."),)
    numbers = {"folds": folds, "m": m, "p": p}
    found = ()
    if p > 0 and m > 0:
        _, state, by = _compare(m, p)
        if state == "ties":
            head = Text("Over {folds} folds the model and persistence make the same error (RMSE {m:.4g}).")
        elif state == "beats" and "times" in by:
            head = Text(
                "Over {folds} folds the model's error is {times:g}× smaller than persistence's "
                "(RMSE {m:.4g} against {p:.4g})."
            )
        elif state == "beats":
            head = Text(
                "Over {folds} folds the model's error is {percent}% smaller than persistence's "
                "(RMSE {m:.4g} against {p:.4g})."
            )
        elif "times" in by:
            head = Text(
                "Over {folds} folds persistence's error is {times:g}× smaller than the model's "
                "(RMSE {p:.4g} against {m:.4g})."
            )
        else:
            head = Text(
                "Over {folds} folds persistence's error is {percent}% smaller than the model's "
                "(RMSE {p:.4g} against {m:.4g})."
            )
        found += (Finding(head, numbers | by),)
    else:
        found += (Finding("Over {folds} folds: RMSE {m:.4g} against persistence's {p:.4g}.", numbers),)
    if np.isfinite(pvalue):
        if pvalue >= SIGNIFICANT:
            text = Text("The model's errors are not significantly different from persistence's (Diebold–Mariano "
                        "p = {pv:.2g}): a difference this size could be luck.")  # fmt: skip
        elif pvalue >= 0.001:
            text = Text("The difference is significant (Diebold–Mariano p = {pv:.2g}): hardly luck.")
        else:
            text = Text("The difference is significant (Diebold–Mariano p < 0.001): hardly luck.")
        found += (Finding(text, {"pv": pvalue}),)
    if np.isfinite(s["coverage"]):
        found += (Finding("The {c:g}% bands held {got:.0f}% of the actual values.",
                          {"c": round(100 * result.coverage, 1), "got": 100 * s["coverage"]}),)  # fmt: skip
    return found


def backtest_details(result) -> tuple[Finding, ...]:
    """What a practitioner reads beside backtest_verdict: the stronger baselines, the bands fold by fold and their
    interval score, and in how many folds the Diebold–Mariano test tells the model from persistence."""
    s, folds = result.summary, result.folds
    if not len(folds) or not np.isfinite(s["rmse"]):
        return ()
    found = (Finding("Stronger baselines, fit on each fold's training rows: the random walk with drift has RMSE "
                     "{d:.4g}, exponential smoothing (ETS) {e:.4g}, the model {m:.4g}.",
                     {"d": s["drift_rmse"], "e": s["ets_rmse"], "m": s["rmse"]}),)  # fmt: skip
    held = folds["coverage"]
    if held.notna().any():
        low = int(held.idxmin())
        found += (Finding("Fold by fold the bands held {held} of the actual values; the fewest in fold {k}.",
                          {"held": ", ".join(f"{100 * v:.0f}%" for v in held.dropna()),
                           "k": int(folds.loc[low, "fold"])}),)  # fmt: skip
    if np.isfinite(s["winkler"]):
        found += (Finding("Their interval score (the width plus a penalty for each miss, growing with the miss: lower "
                          "is better) is {w:.4g}; their mean width {width:.4g}.",
                          {"w": s["winkler"], "width": s["width"]}),)  # fmt: skip
    told = int((folds["dm_pvalue"] < SIGNIFICANT).sum())
    found += (Finding("Fold by fold, the Diebold–Mariano test tells the model from persistence (p < 0.05) in {n} "
                      "of {folds} folds.", {"n": told, "folds": len(folds)}),)  # fmt: skip
    return found


def seed_findings(spread) -> tuple[Finding, ...]:
    """How far the seed alone moves the skill (an evaluation.seed_spread): the widest fold's range."""
    width = spread["skill_max"] - spread["skill_min"]
    k = int(width.idxmax())
    return (Finding("Over {n} seeds the skill of a fold moved by up to {w:.3f} (fold {fold}: {lo:.3f} to {hi:.3f}): "
                    "a difference in skill smaller than that is the seed's as much as the model's.",
                    {"n": int(spread["seeds"].iloc[0]), "w": float(width.max()), "fold": int(spread.loc[k, "fold"]),
                     "lo": float(spread.loc[k, "skill_min"]), "hi": float(spread.loc[k, "skill_max"])}),)  # fmt: skip


def band_findings(result, coverage: float = COVERAGE) -> tuple[Finding, ...]:
    """What a FitResult's interval band is and how well it held on the test, for a chart's caption."""
    q, c = result.halfwidth(coverage), round(100 * coverage, 1)
    if not np.isfinite(q[0]):
        return (Finding("No interval: the validation split has too few windows ({n}) for a {c:g}% band.",
                        {"n": len(result.residuals), "c": c}),)  # fmt: skip
    found = (Finding("The shaded band is ±{q:.4g} around each one-step prediction: {c:g}% of the errors on the "
                     "validation split were smaller.", {"q": float(q[0]), "c": c}),)  # fmt: skip
    got = result.test_coverage(coverage)
    if np.isfinite(got):
        found += (Finding("On the test it held {got:.0f}% of the actual values.", {"got": 100 * got}),)
    if len(q) > 1 and np.isfinite(q[-1]):
        found += (Finding("{h} steps ahead the band is ±{last:.4g}.", {"last": float(q[-1]),
                                                                                      "h": len(q)}),)  # fmt: skip
    return found
