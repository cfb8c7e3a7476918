"""What the model looks at: the Train page's attribution section (one test day's window, the test set's share per
day, in words, as CSV) and the Cell page's strip over x_t. Each draws in the current container; the computation is
lstmviz.attribution's.

A result shared by several sessions (lstmviz.server.sharedruns) has its attributions computed once for all of them,
under the request's key; a session's own result keeps them in its session state, dropped when the result changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
import torch

from lstmviz import attribution
from lstmviz.budget import Deadline
from lstmviz.export import predictions_csv
from lstmviz.figures.attribution import sequence_strip, shares_chart, window_strip
from lstmviz.server import sharedruns
from lstmviz.ui import cached, i18n, page
from lstmviz.ui.datasources import Data
from lstmviz.ui.i18n import t
from lstmviz.ui.safetext import chart_text
from lstmviz.ui.slots import BUDGET, training_slot
from lstmviz.ui.trained import TrainedModel

STEPS = 64  # integrated gradients' quadrature nodes: completeness holds to ~1e-4 of the forecast (tests)
_STORE = "_attribution"  # session state: {"result": the FitResult they belong to, request key: attributions}


@dataclass(frozen=True)
class Request:
    """Everything that decides an attribution of a trained result: the run, the forecasts' origins, the steps."""

    run: Hashable  # the shared run's key (lstmviz.server.sharedruns), or None for this session's own result
    positions: tuple[int, ...]  # data rows whose one-step forecasts are attributed
    steps: int = STEPS

    def key(self) -> tuple:
        return ("attribution", self.run, self.positions, self.steps)


def _attributions(holder: TrainedModel, request: Request, report: Callable[[int, int], None] | None) -> np.ndarray:
    """attribution.in_units for `request`, computed once per request (per server for a shared run)."""
    result = holder.result

    def compute(publish) -> tuple[np.ndarray, bool]:
        def on_chunk(done: int, total: int) -> None:
            publish((done, total))
            if report is not None:
                report(done, total)

        with training_slot(cancel=False):  # in the Train section's fragment: the page's Stop interrupts
            values = attribution.in_units(result, np.array(request.positions), steps=request.steps,
                                          deadline=Deadline(BUDGET), on_chunk=on_chunk)  # fmt: skip
        return values, True

    if request.run is not None:
        watch = (lambda progress: report(*progress)) if report is not None else None
        return sharedruns.RUNS.run(request.key(), compute, watch=watch).value
    store = st.session_state.setdefault(_STORE, {})
    if store.get("result") is not result:
        store.clear()
        store["result"] = result
    if request.key() not in store:
        store[request.key()] = compute(lambda _progress: None)[0]
    return store[request.key()]


def _when(label) -> str:
    return i18n.date(label) if isinstance(label, pd.Timestamp) else str(label)


def train_section(holder: TrainedModel, data: Data | None) -> None:
    """The Train page's "What the model looks at", under the forecasts; `data` (the page's, or None) names the
    columns as the page does (a demand column in the page's language)."""
    result = holder.result
    name = data.name if data is not None else str
    st.subheader(t("What the model looks at"))
    st.caption(t("Integrated gradients: how much each day of the input window pushed the one-step forecast up or "
                 "down, in the target's units, against a window where every input sits at its training mean. Each "
                 "window's attributions add up to its forecast minus the forecast of that ordinary window. Red "
                 "pushed it up, blue down."))  # fmt: skip
    origins = attribution.test_origins(result)
    if len(origins) == 0:
        st.info(t("There is no test part to attribute."))
        return
    days = result.predictions.index[origins + 1]  # the day each origin forecasts
    pick = st.select_slider(t("Test day (its forecast)"), options=range(len(origins)), value=len(origins) - 1,
                            format_func=lambda k: _when(days[k]), key="attr_day")  # fmt: skip
    position = int(origins[pick])
    one = _attributions(holder, Request(holder.shared, (position,)), None)[0]  # (W, D): one window is quick
    frame = result.data.iloc[position - result.config.lookback + 1 : position + 1]
    frame = frame.rename(columns=lambda c: chart_text(name(str(c))))
    page.chart(window_strip(frame, one, when=_when(days[pick]), tr=t), key="attr_window")
    st.download_button(t("This window's attributions (CSV)"),
                       lambda: predictions_csv(attribution.window_frame(result, position, one, tr=t)),
                       "attribution.csv", "text/csv", icon=":material/download:")  # fmt: skip
    _test_set(holder, origins, name)


def _test_set(holder: TrainedModel, origins: np.ndarray, name: Callable[[str], str]) -> None:
    """The share of each day (and feature) over the test set's forecasts, and what it says in words."""
    result = holder.result
    chosen = attribution.spread(origins)
    request = Request(holder.shared, tuple(int(p) for p in chosen))
    asked = st.session_state.get("attr_test") == (id(result), request.key())
    if not asked and st.button(t("Attribute the whole test set"), key="attr_test_go", icon=":material/insights:",
                               help=t("Integrated gradients over {n} test forecasts; the page's Stop button stops "
                                      "it.", n=len(chosen))):  # fmt: skip
        st.session_state["attr_test"] = asked = (id(result), request.key())
    if not asked:
        return
    bar = st.empty()

    def report(done: int, total: int) -> None:
        bar.progress(done / total, text=t("Attributing {n} test forecasts…", n=len(chosen)))

    try:
        a = _attributions(holder, request, report)  # (N, W, D)
    except ValueError as err:
        bar.empty()
        st.error(i18n.error_text(err), icon=":material/timer:")
        return
    bar.empty()
    shares = attribution.shares(a)  # (W, D)
    columns = [chart_text(name(str(c))) for c in result.data.columns]
    page.chart(shares_chart(shares, columns, tr=t), key="attr_test_chart")
    st.markdown(words(shares, columns, n=len(chosen), of=len(origins)))


def words(shares: np.ndarray, columns: list[str], *, n: int, of: int) -> str:
    """What the test set's shares (W, D) say: the fewest last days holding most of it, and, with several inputs,
    the feature holding the most."""
    days = shares.sum(axis=1)
    k = attribution.resting_days(days)
    held = float(days[-k:].sum())
    if k == 1:
        said = [t("The forecast rests mostly on the last day: it holds {p:.0%} of the attribution. That is what "
                  "persistence does (tomorrow's value is today's): the model learned mostly to repeat the last "
                  "value.", p=held)]  # fmt: skip
    else:
        said = [t("The forecast rests mostly on the last {k} days: they hold {p:.0%} of the attribution.", k=k,
                  p=held)]  # fmt: skip
    if shares.shape[1] > 1:
        by_feature = shares.sum(axis=0)
        top = int(np.argmax(by_feature))
        said.append(t("Of the inputs, **{name}** holds the most: {p:.0%}.", name=columns[top], p=by_feature[top]))
    if n < of:
        said.append(t("Over {n} of the {of} test forecasts, evenly spaced.", n=n, of=of))
    return " ".join(said)


class _LastHidden(torch.nn.Module):
    """A recurrent layer as a model of one window (1, T, D) -> (1, H): its last layer's hidden state at the end."""

    def __init__(self, rnn: torch.nn.RNNBase) -> None:
        super().__init__()
        self.rnn = rnn

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x if self.rnn.batch_first else x.transpose(0, 1))
        return out[:, -1] if self.rnn.batch_first else out[-1]


@st.cache_data(max_entries=64, show_spinner=False)
def _cell_attributions(key: str, unit: int, _lstm: torch.nn.LSTM, _x: torch.Tensor) -> np.ndarray:
    # `key` stands for _lstm and _x (lstmviz.ui.cached.fingerprint), which st.cache_data does not hash
    model = _LastHidden(_lstm)
    return attribution.integrated_gradients(model, _x.unsqueeze(0).float(), steps=STEPS, output=unit)[0].numpy()


def cell_strip(lstm: torch.nn.LSTM, x: torch.Tensor, *, unit: int, original: np.ndarray | None = None) -> None:
    """The Cell page's strip: which steps of x (T, D) the last layer's h_T of `unit` rests on (integrated gradients
    against x = 0, which for a trained model's scaled window is every input at its training mean)."""
    a = _cell_attributions(cached.fingerprint(lstm, x), unit, lstm, x)  # (T, D)
    shown = original if original is not None else x[:, 0].numpy()
    page.chart(sequence_strip(shown, a, unit=unit, tr=t), key="cell_attribution")
    days = attribution.day_shares(a)
    st.caption(t("Each step's colour: how much x_t moved h_T of unit {unit}, red up and blue down (its attributions "
                 "add up to h_T minus its value for an all-zero input). Step {peak} holds the most, {p:.0%}.",
                 unit=unit, peak=int(np.argmax(days)), p=float(days.max())))  # fmt: skip
