"""AppTests of the attribution panels: the Train page's section after training, the Cell page's strip, the
first-value lesson on the Gradients page."""

import numpy as np
import pytest
import torch

from lstmviz import attribution, firstvalue
from lstmviz.cell import trace
from lstmviz.ui import attribution_panel
from lstmviz.ui.trained import TrainedModel
from tests.apphelpers import figures_by_title, open_page, shown, trained_page, values

TINY = {"days": "200", "epochs": "3", "hidden_size": "4", "lookback": "10"}


def _z(heatmap: dict) -> np.ndarray:
    """A heatmap's z (rows, columns) from its JSON: a nested list or a typed array with its shape."""
    z = heatmap["z"]
    if isinstance(z, dict):
        return np.array(values(z)).reshape([int(n) for n in z["shape"].split(",")])
    return np.array(z, dtype=float)


def _holder(at) -> TrainedModel:
    return at.session_state["trained"]


def test_after_training_a_test_day_shows_its_dated_window_and_the_test_set_its_share_per_day():
    at = trained_page(**TINY)
    result = _holder(at).result
    strip = next(f for title, f in figures_by_title(at).items() if title.startswith("Attribution: what moved"))
    origins = attribution.test_origins(result)
    position = int(origins[-1])  # the slider starts at the last test day
    want = attribution.in_units(result, np.array([position]), steps=attribution_panel.STEPS)[0]  # (W, D)
    line, heat = strip["data"]
    np.testing.assert_allclose(values(line["y"]), result.data.iloc[position - 9 : position + 1, 0], rtol=1e-6)
    np.testing.assert_allclose(_z(heat).T.ravel(), want.ravel(), rtol=1e-5, atol=1e-9)
    assert len(line["x"]) == 10  # the lookback's days, dated like the data

    at.select_slider(key="attr_day").set_value(0).run()  # the first test day
    strip = next(f for title, f in figures_by_title(at).items() if title.startswith("Attribution: what moved"))
    want = attribution.in_units(result, origins[:1], steps=attribution_panel.STEPS)[0]
    np.testing.assert_allclose(_z(strip["data"][1]).T.ravel(), want.ravel(), rtol=1e-5, atol=1e-9)

    at.button(key="attr_test_go").click().run()
    assert not at.exception and not at.error
    bars = figures_by_title(at)["Attribution over the test set: how much of it each day holds"]["data"][0]
    shares = attribution.day_shares(attribution.in_units(result, origins, steps=attribution_panel.STEPS))
    np.testing.assert_allclose(values(bars["y"]), 100 * shares, rtol=1e-5, atol=1e-9)
    k = attribution.resting_days(shares)
    said = " ".join(shown(m.value) for m in at.markdown)
    assert (f"last {k} days" if k > 1 else "last day") in said


def test_the_section_speaks_portuguese_in_classroom_mode():
    at = trained_page(lang="pt", classroom="1", **TINY)
    titles = list(figures_by_title(at))
    assert any(title.startswith("Atribuição: o que moveu a previsão para") for title in titles), titles
    assert any(b.label == "Atribuir todo o conjunto de teste" for b in at.button)


def test_the_cell_page_shows_which_steps_h_T_rests_on():
    at = open_page("pages/1_Cell.py")
    assert not at.exception and not at.error
    title = next(t for t in figures_by_title(at) if t.startswith("Attribution: which steps"))
    fig = figures_by_title(at)[title]
    unit = at.session_state["unit"]
    view = at.session_state["lstmviz_cell_view"]
    x = view.x.unsqueeze(0)
    a = attribution.integrated_gradients(attribution_panel._LastHidden(view.lstm), x, output=unit)[0]
    np.testing.assert_allclose(_z(fig["data"][1]).T.ravel(), a.numpy().ravel(), rtol=1e-5, atol=1e-8)
    # completeness, as the caption says: they add up to h_T (the cell's own trace, last layer) minus h_T for zeros
    h_T = trace(view.lstm, view.x).h[-1, -1, unit] - trace(view.lstm, torch.zeros_like(view.x)).h[-1, -1, unit]
    assert a.sum().item() == pytest.approx(h_T.item(), abs=1e-4)
    assert abs(h_T.item()) > 1e-3


def test_the_first_value_lesson_trains_both_cells_and_says_where_each_looks():
    at = open_page("pages/2_Gradients.py", fv_steps="100", fv_T="10", timeout=120)
    at.button(key="fv_go").click().run()
    assert not at.exception and not at.error
    runs = at.session_state["fv_run"]["runs"]
    assert list(runs) == list(firstvalue.CELLS)
    fig = figures_by_title(at)["Attribution per step: which steps each trained cell's answer rests on"]
    for bars, cell in zip(fig["data"], firstvalue.CELLS, strict=True):
        np.testing.assert_allclose(values(bars["y"]), 100 * runs[cell].shares)
    said = [shown(m.value) for m in at.markdown if "after 100 steps" in m.value]
    assert len(said) == 2 and f"peak is at step {firstvalue.peak_step(runs['lstm'].shares)}" in said[1]


def test_a_requests_key_changes_with_each_of_its_fields():
    base = attribution_panel.Request(("fit", "digest"), (5, 6), 64)
    changed = [
        attribution_panel.Request(("fit", "other"), (5, 6), 64),
        attribution_panel.Request(None, (5, 6), 64),
        attribution_panel.Request(("fit", "digest"), (5, 7), 64),
        attribution_panel.Request(("fit", "digest"), (5, 6), 32),
    ]
    assert len({base.key(), *(r.key() for r in changed)}) == 1 + len(changed)
    assert base.key() == attribution_panel.Request(("fit", "digest"), (5, 6), 64).key()
