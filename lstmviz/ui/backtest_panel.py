"""The Train page's walk-forward backtest: a fresh model per fold, progress per fold, a Stop that keeps the folds
done, the same training slots and time budget as Train; identical backtests run once per server."""

from __future__ import annotations

import dataclasses

import streamlit as st

from lstmviz import backtest as walk
from lstmviz.config import TrainConfig
from lstmviz.evaluation import seed_spread
from lstmviz.figures.backtest import backtest_chart, fold_table, skill_band, step_chart, step_table
from lstmviz.intervals import COVERAGE
from lstmviz.server import sharedruns
from lstmviz.ui import i18n, page
from lstmviz.ui import widgets as w
from lstmviz.ui.datasources import Data
from lstmviz.ui.i18n import N_, t
from lstmviz.ui.settings.train import TRAIN
from lstmviz.ui.slots import interruption, training_slot
from lstmviz.ui.train_panels import finding
from lstmviz.verdict import backtest_details, backtest_verdict, seed_findings

_KEY = "backtest_run"
BANDS = {"split": N_("split-conformal (validation errors)"), "recent": N_("recent window (adaptive)")}


def backtest_section(data: Data | None, config: TrainConfig | None) -> None:
    s = st.session_state
    st.header(t("Walk-forward backtest"))
    st.caption(t("Each fold trains a fresh model, with its own scaler, on the rows before its test block only, then "
                 "forecasts that block one step ahead; persistence is scored on the same rows."))  # fmt: skip
    c1, c5, c4, c2, c3 = st.columns([1, 0.9, 1.4, 1.4, 1])
    w.number_input(TRAIN["folds"], c1)
    w.number_input(TRAIN["seeds"], c5)
    w.selectbox(TRAIN["conformal"], c4, format_func={k: t(v) for k, v in BANDS.items()}.get)  # built now: w.translated
    can_run = data is not None and config is not None
    start = c2.button(t("Run the backtest"), key="backtest", type="primary", icon=":material/play_arrow:",
                      disabled=not can_run)  # fmt: skip
    c3.button(t("Stop the backtest"), key="backtest_stop", icon=":material/stop:",
              help=t("Stops after the current fold and keeps the folds done."))  # fmt: skip
    progress = st.empty()
    if start and can_run:
        _run(data, config, s["folds"], s["conformal"], s.get("seeds") or 1, progress)
        progress.empty()
    run = s.get(_KEY)
    if run is None:
        return
    if (
        not can_run
        or run["made_of"] != data.request(config, folds=s["folds"], coverage=COVERAGE, conformal=s["conformal"]).made_of
    ):
        st.warning(t("These backtest results are from an earlier run ({label}); the data or settings have changed "
                     "since. Run the backtest again for the current ones.", label=run["label"]))  # fmt: skip
    result = run["result"]
    if len(result.folds) < run["folds"]:
        done = dict(k=len(result.folds), n=run["folds"])
        if result.stopped_by == "budget":
            st.info(t("Stopped by the server's time limit after fold {k} of {n}: the summary covers the folds done.",
                      **done))  # fmt: skip
        else:
            st.info(t("Stopped after fold {k} of {n}: the summary covers the folds done.", **done))
    if not len(result.folds):
        return
    page.chart(backtest_chart(result, tr=t), key="backtest_chart")
    table = fold_table(result.folds, tr=t, decimal=i18n.decimal(), date_format=i18n.date_format())
    numbers = {column: st.column_config.TextColumn(alignment="right") for column in table.columns[1:]}
    st.dataframe(table, width="stretch", hide_index=True, column_config=numbers)  # text, right-aligned as numbers
    st.markdown(" ".join(finding(f) for f in backtest_verdict(result)))
    st.markdown(" ".join(finding(f) for f in backtest_details(result)))
    if result.by_step is not None and len(result.by_step) > 1:
        page.chart(step_chart(result.by_step, tr=t), key="backtest_steps")
        steps = step_table(result.by_step, tr=t, decimal=i18n.decimal())
        st.dataframe(steps, width="stretch", column_config={c: st.column_config.TextColumn(alignment="right")
                                                            for c in steps.columns})  # fmt: skip
    spread = seed_spread(run.get("spread", [result]))
    if spread is not None:
        page.chart(skill_band(spread, tr=t), key="backtest_seeds")
        st.markdown(" ".join(finding(f) for f in seed_findings(spread)))


def _run(data: Data, config: TrainConfig, folds: int, conformal: str, seeds: int, progress) -> None:
    """Walk forward, in a slot, under the server's time budget (config.max_seconds, the whole backtest's); a click
    while it runs keeps the folds done. With seeds > 1, the same backtest again with the next seeds, each a shared
    run of its own, for the spread of the skills."""
    interrupted: list[BaseException] = []

    def show(done) -> None:  # this session's folds, or those of the same backtest another session runs
        last = done.iloc[-1]
        text = t("Fold {k} of {n} done: RMSE {m:.4g}, persistence {p:.4g}", k=len(done), n=folds, m=last["rmse"],
                 p=last["persistence_rmse"])  # fmt: skip
        progress.progress(len(done) / folds, text=text)

    def compute(publish, config: TrainConfig) -> tuple:
        def on_fold(k, done) -> bool | None:
            publish(done)  # saved first: a click interrupts at the next Streamlit call
            try:
                show(done)
            except interruption() as click:
                interrupted.append(click)
                return False
            return None

        with training_slot() as closed:
            result = walk.backtest(data.frame, config, folds=folds, coverage=COVERAGE, target=data.target,
                                   on_fold=on_fold, conformal=conformal)  # fmt: skip
        return result, not (interrupted or closed())  # a stopped one stays its own; one the budget cut, the server's

    done = []
    for seed in range(config.seed, config.seed + seeds):
        progress.progress(0.0, text=t("Fold {k} of {n}…", k=1, n=folds))
        seeded = dataclasses.replace(config, seed=seed)
        request = data.request(seeded, folds=folds, coverage=COVERAGE, conformal=conformal)
        try:
            done.append(sharedruns.RUNS.run(request.shared_key, lambda publish, c=seeded: compute(publish, c),
                                            watch=show).value)  # fmt: skip
        except ValueError as err:
            st.error(t("The backtest cannot run: {error}", error=i18n.error_text(err)), icon=":material/error:")
            return
        st.session_state[_KEY] = {"result": done[0], "folds": folds, "label": data.label, "spread": list(done),
                                  "made_of": data.request(config, folds=folds, coverage=COVERAGE,
                                                          conformal=conformal).made_of}  # fmt: skip
        if interrupted:
            raise interrupted[0]
