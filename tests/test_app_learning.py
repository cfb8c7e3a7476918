"""AppTests for the Learning page (Adam and regularisation): defaults, each control, caching, Stop, Portuguese."""

import numpy as np
from streamlit.testing.v1 import AppTest

from lstmviz import optim, overfit
from lstmviz.overfit import OverfitRequest
from lstmviz.ui import i18n
from lstmviz.ui.slots import BUDGET
from tests.apphelpers import ROOT, count_calls, figures, figures_by_title, open_page, texts, values


def _learning(**query):
    return open_page("pages/4_Learning.py", timeout=60, **query)


def _text(at) -> str:
    return "\n".join(texts(at))


def test_defaults_show_both_lessons_with_the_librarys_numbers():
    at = _learning()
    assert not at.exception and not at.error
    assert at.title[0].value == "Adam and regularisation"
    assert [h.value for h in at.header] == ["Adam, step by step", "Overfitting and what stops it"]
    runs = optim.race(lr=0.3, beta1=0.9, beta2=0.999, steps=150)
    text = _text(at)
    for name, run in (("SGD", runs["sgd"]), ("SGD with momentum", runs["momentum"]), ("Adam", runs["adam"])):
        assert f"{name} after {run['arrives']} steps" in text
    paths = figures_by_title(at)["Three optimisers on the same valley, at the same α"]
    adam = next(d for d in paths["data"] if d.get("name") == "Adam")
    np.testing.assert_allclose(np.c_[values(adam["x"]), values(adam["y"])], runs["adam"]["path"])
    run = overfit.overfit_run(OverfitRequest(max_seconds=BUDGET))
    assert f"at epoch **{run.best_epoch}**" in text and f"**{run.gap:.3f}**" in text
    [curves] = [f for f in figures(at) if any(d.get("name") == "the epoch the model keeps" for d in f["data"])]
    star = next(d for d in curves["data"] if d.get("name") == "the epoch the model keeps")
    assert values(star["x"]) == [run.best_epoch]


def test_the_equations_hold_the_first_steps_numbers():
    at = _learning()
    latex = at.latex[0].value
    g = optim.valley_grad(optim.START)[0]  # θ₁'s first gradient, -0.4; m₁ = 0.1·g₁ = −0.04, m̂₁ = g₁
    assert r"\hat m_{1}" in latex and "= -0.04" in latex and f"= {g:g}" in latex
    at.slider(key="a_t").set_value(5).run()
    at.radio(key="a_coord").set_value(1).run()
    assert not at.exception and r"\hat v_{5}" in at.latex[0].value


def test_every_control_reruns_without_error():
    at = _learning()
    for key, value in [("a_lr", 0.1), ("a_beta2", 0.99), ("o_dropout", 0.5), ("o_weight_decay", 1e-3)]:
        at.select_slider(key=key).set_value(value).run()
        assert not at.exception, key
    for key, value in [("a_beta1", 0.5), ("a_steps", 300), ("a_t", 300), ("o_patience", 5)]:
        at.slider(key=key).set_value(value).run()
        assert not at.exception, key
    at.slider(key="a_steps").set_value(10).run()  # t is cut to the steps run
    assert not at.exception and at.slider(key="a_t").value == 10
    at.number_input(key="o_seed").set_value(1).run()
    assert not at.exception and not at.error


def test_a_regularised_run_is_compared_with_the_unregularised_one_and_says_by_how_much():
    at = _learning(o_dropout="0.5")
    assert not at.exception
    run, base = (overfit.overfit_run(r) for r in (OverfitRequest(dropout=0.5, max_seconds=BUDGET),
                                                   OverfitRequest(max_seconds=BUDGET)))  # fmt: skip
    assert f"narrow it by **{overfit.narrowing(run, base):.0%}**" in _text(at)
    names = [d.get("name") for f in figures(at) for d in f["data"]]
    assert "without regularisation" in names


def test_moving_an_adam_slider_does_not_retrain(monkeypatch):
    at = _learning()
    calls = count_calls(monkeypatch, overfit, "overfit_run")
    at.slider(key="a_beta1").set_value(0.8).run()
    at.select_slider(key="o_dropout").set_value(0.2).run()
    at.select_slider(key="o_dropout").set_value(0.0).run()
    assert not at.exception and len(calls) == 1  # dropout 0.2 trains once; back at 0 the first run is reused


def test_a_stopped_run_shows_its_epochs_and_trains_again_only_when_asked(monkeypatch):
    request = OverfitRequest(seed=77, max_seconds=BUDGET)
    partial = overfit.overfit_run(request, on_epoch=lambda epoch, history: epoch < 7).history
    calls = count_calls(monkeypatch, overfit, "overfit_run")
    at = _stopped_page(request, partial)
    assert not at.exception and not calls
    assert "Stopped after epoch 7" in _text(at)
    next(b for b in at.button if b.label == "Train again").click().run()
    assert not at.exception and len(calls) == 1 and "Stopped after" not in _text(at)


def _stopped_page(request, partial):
    """The page as a Stop click leaves it: the run for `request` interrupted after the epochs in `partial`."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(o_seed=str(request.seed))
    at.session_state["o_stopped"] = request.key()
    at.session_state["o_partial"] = (request.key(), partial)
    return at.switch_page("pages/4_Learning.py").run()


def test_portuguese_learning_page_is_fully_translated():
    i18n.MISSING.clear()
    at = _learning(lang="pt", classroom="1")
    assert not at.exception
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert at.title[0].value == "Adam e regularização"
    assert "= -0{,}04" in at.latex[0].value  # m₁ with a decimal comma
    assert "Com α = 0,3" in _text(at)
