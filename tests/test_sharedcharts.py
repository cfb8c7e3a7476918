"""Sessions shown the same shared run get its result figures built once, identical to the ones a session builds."""

from lstmviz.ui import page, sharedcharts
from tests.apphelpers import figures_by_title, open_page

TINY = {"days": "200", "epochs": "3", "hidden_size": "4", "lookback": "10", "horizon": "3"}
RESULT_FIGURES = ["Loss per epoch", "Predictions against actuals", "Residuals (predicted − actual)",
                  "Forecast beyond the data"]  # fmt: skip


def _trained(**query):
    at = open_page("pages/3_Train.py", **{**TINY, **query})
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    return at


def _kept(kind: str) -> int:
    return sum(key[0] == kind for key in sharedcharts.FIGURES._done)


def _result_figures(at) -> dict:
    figs = figures_by_title(at)
    forecast = [title for title in figs if title.startswith("3-step forecast from ")]
    return {title: figs[title] for title in [*RESULT_FIGURES, *forecast]}


def _words(at) -> list[str]:
    """The result page's text: the Markdown (the metrics table among it), captions and the verdict's alert."""
    return [e.value for e in (*at.markdown, *at.caption, *at.success, *at.warning, *at.info)]


def test_a_second_session_gets_the_first_ones_figures_and_they_match_a_session_s_own(monkeypatch):
    one = _trained()
    first, said = _result_figures(one), _words(one)
    assert len(first) == 5 and _kept("figure") == 5  # loss, predictions, residuals and two forecasts
    assert _kept("words") == 1  # the metrics table, the verdict and the findings
    kept = dict(sharedcharts.FIGURES._done)
    two = _trained()
    assert _result_figures(two) == first and _words(two) == said
    assert dict(sharedcharts.FIGURES._done) == kept  # the same objects: nothing was built again

    # The unshared path (no shared run): the session builds and styles its own figures and words, no _Frozen.
    monkeypatch.setattr(sharedcharts, "figure", lambda run, name, build: page.styled(build()))
    monkeypatch.setattr(sharedcharts, "words", lambda run, name, build: build())
    own = _trained()
    assert _result_figures(own) == first and _words(own) == said
    assert dict(sharedcharts.FIGURES._done) == kept  # own figures and words: none of them from the shared ones


def test_language_and_classroom_mode_have_figures_of_their_own():
    plain = _result_figures(_trained())
    classroom = _result_figures(_trained(classroom="1"))
    portuguese = figures_by_title(_trained(lang="pt"))
    assert _kept("figure") == 15
    assert _kept("words") == 2  # the words do not change with classroom mode
    for title, fig in plain.items():
        assert classroom[title]["layout"]["height"] == int(fig["layout"]["height"] * 1.25)
        assert classroom[title]["layout"]["font"]["size"] == 20
    assert "Previsões contra valores reais" in portuguese and "Predictions against actuals" not in portuguese
    again = _result_figures(_trained())  # the first session's figures were not enlarged by the classroom's
    assert again == plain
