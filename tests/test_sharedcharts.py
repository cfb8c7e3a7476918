"""Sessions shown the same shared run get its result figures built once, identical to the ones a session builds."""

from lstmviz import sharedruns
from lstmviz.ui import sharedcharts
from tests.apphelpers import figures_by_title, open_page

TINY = {"days": "200", "epochs": "3", "hidden_size": "4", "lookback": "10", "horizon": "3"}
RESULT_FIGURES = ["Loss per epoch", "Predictions against actuals", "Residuals (predicted − actual)",
                  "Forecast beyond the data"]  # fmt: skip


def _trained(**query):
    at = open_page("pages/3_Train.py", **{**TINY, **query})
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    return at


def _result_figures(at) -> dict:
    figs = figures_by_title(at)
    forecast = [title for title in figs if title.startswith("3-step forecast from ")]
    return {title: figs[title] for title in [*RESULT_FIGURES, *forecast]}


def test_a_second_session_gets_the_first_ones_figures_and_they_match_a_session_s_own(monkeypatch):
    first = _result_figures(_trained())
    assert len(first) == 5 and len(sharedcharts.FIGURES) == 5  # loss, predictions, residuals and two forecasts
    kept = dict(sharedcharts.FIGURES._done)
    second = _result_figures(_trained())
    assert second == first
    assert dict(sharedcharts.FIGURES._done) == kept  # the same objects: nothing was built again

    monkeypatch.setattr(sharedcharts, "FIGURES", sharedruns.SharedRuns(0))  # keeps nothing: each session builds
    assert _result_figures(_trained()) == first


def test_language_and_classroom_mode_have_figures_of_their_own():
    plain = _result_figures(_trained())
    classroom = _result_figures(_trained(classroom="1"))
    portuguese = figures_by_title(_trained(lang="pt"))
    assert len(sharedcharts.FIGURES) == 15
    for title, fig in plain.items():
        assert classroom[title]["layout"]["height"] == int(fig["layout"]["height"] * 1.25)
        assert classroom[title]["layout"]["font"]["size"] == 20
    assert "Previsões contra valores reais" in portuguese and "Predictions against actuals" not in portuguese
    again = _result_figures(_trained())  # the first session's figures were not enlarged by the classroom's
    assert again == plain
