"""AppTests of the Train page's evaluation: the walk-forward backtest, the verdict's fixes, stale results marked."""

import functools

import pytest

import lstmviz.backtest
from lstmviz.presets import STOCK
from tests.apphelpers import figures_by_title, open_page, texts, values

TIMEOUT = 180
TINY = {"days": "300", "epochs": "3", "hidden_size": "4", "lookback": "10", "patience": "0"}
SAMPLE = {"data": "sample", "rows": "400", "epochs": "2", "hidden_size": "4", "lookback": "10", "patience": "0"}


_train_page = functools.partial(open_page, "pages/3_Train.py", timeout=TIMEOUT)


def test_a_backtest_runs_every_fold_and_judges_the_model_against_persistence():
    at = _train_page(**TINY, folds="3")
    at.button(key="backtest").click().run()
    assert not at.exception and not at.error
    result = at.session_state["backtest_run"]["result"]
    assert result.folds["fold"].tolist() == [1, 2, 3]
    chart = figures_by_title(at)["Walk-forward backtest: each fold trained only on the rows before it"]
    assert "90% interval" in [trace.get("name") for trace in chart["data"]]
    table = at.dataframe[-1].value
    assert len(table) == 3
    assert any("Over 3 folds" in text and "Diebold–Mariano p" in text for text in texts(at)), texts(at)


def test_a_backtest_shows_every_horizon_step_the_baselines_and_the_interval_score():
    at = _train_page(**TINY, folds="2", horizon="3", conformal="recent")
    at.button(key="backtest").click().run()
    assert not at.exception and not at.error
    result = at.session_state["backtest_run"]["result"]
    assert result.conformal == "recent" and result.by_step["step"].tolist() == [1, 2, 3]
    chart = figures_by_title(at)["Test error at each step of the horizon, over all folds"]
    assert [values(trace["y"]) for trace in chart["data"]] == [list(result.by_step["rmse"]),
                                                              list(result.by_step["persistence_rmse"])]  # fmt: skip
    steps = at.dataframe[-1].value
    assert steps["RMSE"].tolist() == [f"{v:.4g}" for v in result.by_step["rmse"]]
    folds = at.dataframe[-2].value
    assert folds["interval score"].tolist() == [f"{v:.4g}" for v in result.folds["winkler"]]
    said = " ".join(texts(at))
    assert f"random walk with drift has RMSE {result.summary['drift_rmse']:.4g}" in said, said
    held = ", ".join(f"{100 * v:.0f}%" for v in result.folds["coverage"])
    assert f"Fold by fold the bands held {held} of the actual values" in said


def test_a_backtest_over_seeds_draws_the_spread_of_the_skills():
    at = _train_page(**TINY, folds="2", seeds="2")
    at.button(key="backtest").click().run()
    assert not at.exception and not at.error
    run = at.session_state["backtest_run"]
    assert [r.config.seed for r in run["spread"]] == [0, 1] and run["result"] is run["spread"][0]
    chart = figures_by_title(at)["Skill per fold over seeds: above 0 beats persistence"]
    skills = [list(r.folds["skill"]) for r in run["spread"]]
    assert values(chart["data"][-1]["y"]) == pytest.approx([sorted(pair)[0] + (sorted(pair)[1] - sorted(pair)[0]) / 2
                                                            for pair in zip(*skills, strict=True)])  # fmt: skip
    assert any("Over 2 seeds the skill of a fold moved by up to" in text for text in texts(at))


def test_a_backtest_the_time_budget_cuts_keeps_the_folds_done(monkeypatch):
    class Spent:  # the server's budget is spent after the first fold
        def __init__(self, seconds):
            pass

        def passed(self):
            return True

        def left(self):
            return None

    monkeypatch.setattr(lstmviz.backtest, "Deadline", Spent)
    at = _train_page(**TINY, folds="3")
    at.button(key="backtest").click().run()
    assert not at.exception
    assert len(at.session_state["backtest_run"]["result"].folds) == 1
    assert any("time limit after fold 1 of 3" in text for text in texts(at)), texts(at)
    assert "Walk-forward backtest: each fold trained only on the rows before it" in figures_by_title(at)


def test_a_model_that_loses_says_why_and_a_fix_retrains_with_it():
    at = _train_page(**SAMPLE)
    at.button(key="train").click().run()
    assert not at.exception
    first = at.session_state["trained"].result
    assert first.config.target_mode == "price"
    said = " ".join(texts(at))
    assert "does not beat persistence" in said and "× smaller" in said, said  # a ratio, never "899.9% better"
    assert "% better" not in said
    fixes = [b for b in at.button if b.key and b.key.startswith("fix_")]
    assert {b.key for b in fixes} >= {"fix_window_ratio", "fix_log_return"}
    at.button(key="fix_window_ratio").click().run()
    assert not at.exception
    assert at.session_state["target_mode"] == "window_ratio"
    assert at.session_state["trained"].result.config.target_mode == "window_ratio"  # trained again, at once


def test_results_from_other_settings_are_marked_as_from_an_earlier_run():
    at = _train_page(**TINY)
    at.button(key="train").click().run()
    assert not any("from an earlier run" in text for text in texts(at))
    at.run()  # a Train click reruns the Train section alone (a fragment): AppTest then shows only it, a browser all
    at.slider(key="lookback").set_value(12).run()
    assert any("from an earlier run" in text and "Press Train" in text for text in texts(at))
    at.radio(key="data").set_value("csv").run()  # no data at all: still marked, not passed off as current
    assert any("from an earlier run" in text for text in texts(at))


def test_results_are_marked_stale_by_the_data_s_content_not_its_label():
    """The label ("synthetic noisy sine, 300 days") leaves out the noise and changes with the language: new noise
    marks the result as from an earlier run, Portuguese does not."""
    at = _train_page(**TINY, folds="3")
    at.button(key="train").click().run()
    at.run()  # a Train click reruns the Train section alone (a fragment): AppTest then shows only it, a browser all
    at.button(key="backtest").click().run()
    assert not any("from an earlier run" in text for text in texts(at))
    at.radio(key="lang").set_value("pt").run()
    assert not any("de um treino anterior" in text or "de uma execução anterior" in text for text in texts(at))
    at.radio(key="lang").set_value("en").run()
    at.slider(key="noise").set_value(0.5).run()
    stale = [text for text in texts(at) if "from an earlier run" in text]
    assert len(stale) == 2, stale  # the training's results and the backtest's


def test_the_stocklstm_suggestion_trains_the_course_model_as_it_says():
    at = _train_page()
    next(b for b in at.button if b.label.startswith("Train StockLSTM on the S&P 500")).click().run(timeout=600)
    assert not at.exception
    result = at.session_state["trained"].result
    assert result is not None and result.config == STOCK.config.__class__(
        **{**STOCK.config.to_dict(), "max_seconds": result.config.max_seconds, "max_mb": result.config.max_mb}
    )
    assert result.config.head_dropout == 0.2 and result.model.drop.p == 0.2  # the course's Dropout before Linear
