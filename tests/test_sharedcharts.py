"""Sessions shown the same shared run get its result figures built once, identical to the ones a session builds."""

from lstmviz.ui import page, sharedcharts
from tests.apphelpers import figures_by_title, texts, trained_page

TINY = {"days": "200", "epochs": "3", "hidden_size": "4", "lookback": "10", "horizon": "3"}
RESULT_FIGURES = ["Loss per epoch", "Predictions against actuals", "Residuals (predicted − actual)",
                  "Forecast beyond the data"]  # fmt: skip


def _kept(kind: str) -> int:
    return sum(key[0] == kind for key in sharedcharts.FIGURES._done)


def _result_figures(at) -> dict:
    figs = figures_by_title(at)
    forecast = [title for title in figs if title.startswith("3-step forecast from ")]
    return {title: figs[title] for title in [*RESULT_FIGURES, *forecast]}


def test_a_second_session_gets_the_first_ones_figures_and_they_match_a_session_s_own(monkeypatch):
    one = trained_page(**TINY)
    first, said = _result_figures(one), texts(one)
    assert len(first) == 5 and _kept("figure") == 5  # loss, predictions, residuals and two forecasts
    assert _kept("words") == 1  # the metrics table, the verdict and the findings
    kept = dict(sharedcharts.FIGURES._done)
    two = trained_page(**TINY)
    assert _result_figures(two) == first and texts(two) == said
    assert dict(sharedcharts.FIGURES._done) == kept  # the same objects: nothing was built again

    # The unshared path (no shared run): the session builds and styles its own figures and words, no _Frozen.
    monkeypatch.setattr(sharedcharts, "figure", lambda run, name, build: page.styled(build()))
    monkeypatch.setattr(sharedcharts, "words", lambda run, name, build: build())
    own = trained_page(**TINY)
    assert _result_figures(own) == first and texts(own) == said
    assert dict(sharedcharts.FIGURES._done) == kept  # own figures and words: none of them from the shared ones


def test_language_and_classroom_mode_have_figures_of_their_own():
    plain = _result_figures(trained_page(**TINY))
    classroom = _result_figures(trained_page(**TINY, classroom="1"))
    portuguese = figures_by_title(trained_page(**TINY, lang="pt"))
    assert _kept("figure") == 15
    assert _kept("words") == 2  # the words do not change with classroom mode
    for title, fig in plain.items():
        assert classroom[title]["layout"]["height"] == int(fig["layout"]["height"] * 1.25)
        assert classroom[title]["layout"]["font"]["size"] == 20
    assert "Previsões contra valores reais" in portuguese and "Predictions against actuals" not in portuguese
    again = _result_figures(trained_page(**TINY))  # the first session's figures were not enlarged by the classroom's
    assert again == plain
