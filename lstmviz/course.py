"""The guided course: its chapters as data, in the order of the course material (no Streamlit).

A chapter opens its page (`?chapter=KEY`) with its settings, says what the page shows and where to look, asks a
predict-then-reveal question and answers it from the live computation: `Chapter.read(values)` calls the
chapter's function in `lstmviz.readings` (named by its key) on the page's current settings and returns the right
choice's index and the numbers its `why` quotes. Every text is an English msgid, translated at the edge.

Adding a chapter is one entry in CHAPTERS (and, with a question, one function in lstmviz.readings). `settings`
are the page's setting keys → values; on the Train page a "preset" there stands for every setting that preset
sets (lstmviz.ui.lessons.course_panel expands it), the rest overriding it.
The home page lists the course without importing torch: readings (which needs it) is imported on first `read`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CELL, GRADIENTS, TRAIN = "pages/1_Cell.py", "pages/2_Gradients.py", "pages/3_Train.py"
LEARNING = "pages/4_Learning.py"  # Adam and regularisation


@dataclass(frozen=True)
class Chapter:
    key: str  # the link's ?chapter=KEY; with a question, also its function's name in lstmviz.readings
    page: str  # the page script it opens
    title: str
    text: str  # what the page shows, in the course's words (Markdown)
    look: str  # where to look: the figure or the equation it is about
    settings: Mapping[str, Any] = field(default_factory=dict)  # what the chapter sets, from the page's defaults
    question: str | None = None  # asked before the answer is shown
    choices: tuple[str, ...] = ()
    why: str = ""  # the answer's reason, with the reading's numbers as {fields}
    uses: tuple[str, ...] = ()  # every setting its reading reads

    def read(self, values: Mapping[str, Any]):
        """The right choice and the numbers behind it (a lstmviz.readings.Reading) for the page's `values`."""
        return getattr(importlib.import_module("lstmviz.readings"), self.key)(values)


CELL_USES = ("hidden", "layers", "weight_seed", "forget_bias", "input_bias", "scale", "kind", "length", "data_seed",
             "step", "unit")  # fmt: skip
DATA_USES = ("data", "series", "days", "noise", "series_seed", "sample", "column", "rows")
SPLIT_USES = (*DATA_USES, "lookback", "horizon", "target_mode", "val_fraction", "test_fraction")
_EXPLORER = {"use_trained": False, "source": "synthetic"}  # the explorer's own model, whatever Train left
_SPIKE = {**_EXPLORER, "kind": "single spike", "scale": 0.0, "step": 2, "units": [1], "unit": 1}

CHAPTERS: list[Chapter] = [
    Chapter(
        "lstm", CELL, "What an LSTM is",
        "An LSTM is a recurrent cell: it reads a sequence one step at a time and carries two states from step to "
        "step, the **cell state** $C_t$ (its memory) and the **hidden state** $h_t$ (what it shows the next layer "
        "and the next step). Three gates, numbers between 0 and 1, decide what the memory forgets, what it writes "
        "and what it shows. The model here is PyTorch's own `nn.LSTM`, with 4 hidden units reading a sine wave.",
        "Look at the diagram: the line along the top is the cell state; the gates sit below it. The heatmaps show "
        "every unit (rows) at every step (columns).",
        {**_EXPLORER, "step": 10},
    ),
    Chapter(
        "gates", CELL, "The forget, input and output gates",
        "The forget gate $f_t$ scales the old memory: $f_t \\cdot C_{t-1}$. The input gate $i_t$ decides how much "
        "of the candidate $\\tilde C_t$ is written, and the output gate $o_t$ how much of the memory shows in "
        "$h_t$. Here the recurrent weights are off and the input is a single spike at t = 2: whatever $C_t$ holds "
        "after it, the spike wrote, and only the forget gate acts on it. The forget-gate bias is shifted by −3.",
        "Look at the $C_t$ heatmap and the equation of $C_t$ for the unit shown, at the spike and one step after.",
        {**_SPIKE, "forget_bias": -3.0},
        "What is left in $C_t$ one step after the spike was written?",
        ("Nearly all of it (over 80 %)", "Part of it (20 % to 80 %)", "Almost nothing (under 20 %)"),
        "$C_t$ went from {c_t:.4f} at t = {t} to {c_next:.4f} at t = {t1}: the forget gate there is {f:.3f}, so "
        "{kept:.0%} of the memory is kept. Move the forget-gate bias to +5 and the spike is held.",
        CELL_USES,
    ),
    Chapter(
        "states", CELL, "Cell state and hidden state",
        "The cell state is the memory; the hidden state is what the cell shows of it: "
        "$h_t = o_t \\odot \\tanh(C_t)$. tanh squeezes the memory into (−1, 1) and the output gate lets a share "
        "of it out. $C_t$ can grow large and stay; $h_t$ is always between −1 and 1.",
        "Look at the equation of $h_t$ for the unit shown, and compare the $C_t$ and $h_t$ heatmaps.",
        {**_EXPLORER, "kind": "sine", "step": 8, "unit": 0},
        "At this step, how much of $\\tanh(C_t)$ does the output gate let into $h_t$ for the unit shown?",
        ("Under a third", "Between a third and two thirds", "Over two thirds"),
        "The output gate is $o_t$ = {o:.3f}: $h_t$ = {o:.3f} × tanh({c:.4f}) = {o:.3f} × {tanh_c:.4f} = {h:.4f} "
        "at t = {t}.",
        CELL_USES,
    ),
    Chapter(
        "step", CELL, "One full forward step",
        "One step, in order: the gates read $x_t$ and $h_{t-1}$, $f_t = \\sigma(W_f [h_{t-1}, x_t] + b_f)$ and "
        "likewise $i_t$, $o_t$ and the candidate $\\tilde C_t = \\tanh(\\dots)$; then "
        "$C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde C_t$ and $h_t = o_t \\odot \\tanh(C_t)$. The equations "
        "on the page carry this model's numbers: the same ones `torch.nn.LSTM` computes.",
        "Look at the equation of $C_t$: the first term is what the forget gate keeps, the second what the input "
        "gate writes.",
        {**_EXPLORER, "kind": "sine", "step": 5, "unit": 0},
        "For the unit shown, which term of $C_t$ is larger at this step?",
        ("What is kept: $f_t \\cdot C_{t-1}$", "What is written: $i_t \\cdot \\tilde C_t$"),
        "At t = {t}, kept $f_t C_{{t-1}}$ = {kept:.4f} and written $i_t \\tilde C_t$ = {written:.4f}, so "
        "$C_t$ = {c:.4f}.",
        CELL_USES,
    ),
    Chapter(
        "gru", CELL, "The GRU: one gate to hold and to write",
        "A GRU has no separate cell state: its update gate $z_t$ mixes the old hidden state with a new candidate, "
        "$h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{t-1}$, and its reset gate $r_t$ decides how much of "
        "$h_{t-1}$ the candidate reads. Here the recurrent weights are off, the input is a single spike at t = 2 "
        "and the update-gate bias is shifted by +5: after the spike only $z_t$ acts on $h_t$, as only $f_t$ acts "
        "on an LSTM's $C_t$.",
        "Look at the $h_t$ heatmap and the equation of $h_t$ for the unit shown, from the spike on.",
        {**_EXPLORER, "cell": "gru", "kind": "single spike", "scale": 0.0, "step": 2, "update_bias": 5.0,
         "unit": 1, "units": [1]},
        "Ten steps after the spike, how much of what it wrote does the GRU's $h_t$ still hold?",
        ("Nearly all of it (over 80 %)", "Part of it (20 % to 80 %)", "Almost nothing (under 20 %)"),
        "The spike wrote {written:.4f} into $h_t$; {steps} steps later $h_t$ holds {kept:.0%} of it: the update "
        "gate there is {z:.3f}. Move the update-gate bias to −3 and the spike is forgotten at once.",
        ("hidden", "weight_seed", "update_bias", "length"),
    ),
    Chapter(
        "bptt", GRADIENTS, "Backpropagation through time",
        "Training needs the gradient of the loss with respect to every weight, and an LSTM uses its weights at "
        "every step: backpropagation through time runs the cell backwards, from the last step to the first. From "
        "$C_t$ to $C_{t-1}$ the gradient is multiplied by the forget gate alone, $\\partial C_t / \\partial "
        "C_{t-1} = f_t$: the gradient highway. The page computes it by hand and checks it against autograd.",
        "Look at the first chart: the dashed line is the gradient along the cell state alone, falling by the "
        "typical forget gate per step; the metric under the charts is the hand-written BPTT against autograd.",
        {"g_loss": "last"},
    ),
    Chapter(
        "reach", GRADIENTS, "Vanishing gradients: RNN vs LSTM reach",
        "A plain RNN multiplies the gradient at every step back by $W_{hh}$ and the slope of tanh, so it shrinks "
        "geometrically: the RNN cannot learn from what it saw long ago. An LSTM's gradient travels along the "
        "cell state, scaled only by the forget gates; with the forget-gate bias at +1 (Keras' default) they stay "
        "near 0.73 and the gradient reaches much further.",
        "Look at the chart “RNN vs GRU vs LSTM”: each curve is how much the last hidden state still depends on "
        "an input that many steps back.",
        {},
        "Far back, how does the LSTM's gradient (second LSTM, forget bias as set) compare with the RNN's?",
        ("Under a tenth of the RNN's", "About the same (between a tenth and 10×)", "Over 10× the RNN's"),
        "{d} steps back, the LSTM with forget bias {fb:+g} keeps {ratio:.2g}× the RNN's gradient. Set its "
        "forget bias to 0 (PyTorch's default) and it forgets about as fast as the RNN.",
        ("cmp_T", "cmp_fb", "cmp_scale", "cmp_seed"),
    ),
    Chapter(
        "clipping", GRADIENTS, "Exploding gradients and clipping",
        "With large recurrent weights the gradient does the opposite: it grows at every step back and explodes, "
        "and one update throws the weights far away. `clip_grad_norm_` shortens any gradient longer than a "
        "threshold to that length, so no step moves the weights too far. Here the same RNN, with its recurrent "
        "weights ×3, is trained twice: with and without clipping.",
        "Press “Run the clipping demo” and look at the two charts: the gradient norm before clipping, and the "
        "loss of each run.",
        {},
        "Without clipping, what happens to the RNN's loss?",
        ("It falls", "It stays about level", "It explodes (it grows by orders of magnitude, or becomes NaN)"),
        "Without clipping the largest loss is {peak:.2g}× the first, and {broken} of the {steps} steps ended in NaN "
        "or infinity.",
        ("clip_scale",),
    ),
    Chapter(
        "adding", GRADIENTS, "A task that needs memory: the adding problem",
        "The adding problem (Hochreiter and Schmidhuber, 1997): each sequence holds random values and two markers, "
        "and the target is the sum of the two marked values. Always answering 1 scores MSE ≈ 0.167; beating that "
        "needs remembering a value seen up to T steps earlier. The page trains an RNN and an LSTM live on it.",
        "Press “Train RNN and LSTM” and watch the two loss curves against the dashed baseline.",
        {},
        "Which of the two models will beat the baseline?",
        ("Both", "Only the LSTM", "Only the RNN", "Neither"),
        "Over the last 100 steps the LSTM's loss is {lstm:.4f} and the RNN's {rnn:.4f}, against the baseline's "
        "{base:.3f}.",
        ("mem_T", "mem_steps", "mem_seed"),
    ),
    Chapter(
        "first_value", GRADIENTS, "What the trained model looks at: the first value",
        "Each sequence holds random values and the answer is the first one: to get it right, a model must keep "
        "step 1 in mind past every later value. The page trains an RNN and an LSTM on it, then asks each trained "
        "model, by integrated gradients, which steps its answer rests on: how much of the answer each step's value "
        "moved, against an all-zero sequence (the values' mean).",
        "Press “Train RNN and LSTM on the first value” and look at the two attribution profiles, step by step.",
        {},
        "Which steps does the trained LSTM's answer rest on?",
        ("Step 1, the value it must give back", "The last few steps, the most recent values",
         "All steps about equally"),
        "The LSTM's answer rests {first:.0%} on step 1 and {recent:.0%} on the last 5 steps (held-out error "
        "{mse:.3f}; guessing 0 scores 1); the RNN's rests {rnn_recent:.0%} on its last 5 steps.",
        ("fv_T", "fv_steps", "fv_seed"),
    ),
    Chapter(
        "adam", LEARNING, "Adam, step by step",
        "Adam keeps two running averages for every weight: $m_t$ of its gradients and $v_t$ of their squares, "
        "corrects both for starting at 0 ($\\hat m_t = m_t / (1 - \\beta_1^t)$, "
        "$\\hat v_t = v_t / (1 - \\beta_2^t)$), and steps $\\alpha \\hat m_t / (\\sqrt{\\hat v_t} + \\epsilon)$: "
        "about α per step, whatever the gradient's size. Here it races plain SGD and SGD with momentum on a long, "
        "flat valley, all at the same α.",
        "Look at the contours and the three paths, and at the distance to the minimum below them; then at Adam's "
        "equations with the numbers of step 1.",
        {},
        "At these settings, which optimiser gets within 0.1 of the minimum, to stay, first?",
        ("Plain SGD", "SGD with momentum", "Adam", "None of them within the steps run"),
        "Steps to arrive and stay, of {steps} run (0: it did not arrive): SGD {sgd}, momentum {momentum}, Adam "
        "{adam}. Adam divides each weight's step by the size of its own gradients, so the flat direction moves as "
        "fast as the steep one.",
        ("a_lr", "a_beta1", "a_beta2", "a_steps"),
    ),
    Chapter(
        "dropout", LEARNING, "Dropout",
        "An LSTM with thousands of weights learns a short noisy series: its training loss keeps falling while its "
        "validation loss turns up, because it learns the training windows' noise by heart. Dropout switches off a "
        "random share $p$ of $h_t$'s units at every training step, so no unit can rely on another. The course "
        "uses p = 0.2 to 0.5; here p = 0.5.",
        "Look at the two loss charts: the faint curves are the same model without dropout; compare the gaps "
        "between validation and training at the last epoch.",
        {"o_dropout": 0.5},
        "How does the final validation − training gap compare with the run without regularisation?",
        ("Narrower", "About the same", "Wider"),
        "The final gap is {gap:.3f} against {baseline:.3f} without regularisation: {narrowing:.0%} narrower.",
        ("o_dropout", "o_weight_decay", "o_patience", "o_seed"),
    ),
    Chapter(
        "weight_decay", LEARNING, "Weight decay (L2)",
        "Weight decay adds $\\lambda \\sum \\lVert W \\rVert^2$ to the loss (inside Adam, a pull of every weight "
        "towards 0 at each step): large weights, which fit noise, cost more. The course uses λ = 10⁻⁴; here "
        "λ = 10⁻³, ten times more.",
        "Compare the loss charts with the faint curves of the unregularised run, at the last epoch.",
        {"o_weight_decay": 1e-3},
        "How does the final validation − training gap compare with the run without regularisation?",
        ("Narrower", "About the same", "Wider"),
        "The final gap is {gap:.3f} against {baseline:.3f} without regularisation: {narrowing:.0%} narrower.",
        ("o_dropout", "o_weight_decay", "o_patience", "o_seed"),
    ),
    Chapter(
        "early_stopping", LEARNING, "Early stopping",
        "Early stopping watches the validation loss after every epoch and ends training once it has not improved "
        "for `patience` epochs; the model keeps the weights of its best epoch (★), not its last. StockLSTM trains "
        "this way.",
        "Look at the validation curve: the ★ marks the best epoch, and the curve ends where training stopped.",
        {"o_patience": 5},
        "With this patience, when does training stop?",
        ("Before epoch 20", "Between epochs 20 and 40", "After epoch 40"),
        "The best validation loss came at epoch {best}; {patience} epochs without a better one later, training "
        "stopped after epoch {epochs}.",
        ("o_dropout", "o_weight_decay", "o_patience", "o_seed"),
    ),
    Chapter(
        "windows", TRAIN, "Windows and lookback",
        "A forecaster does not read the whole series: it reads windows. Each window is the last `lookback` values, "
        "and its target is the value right after it. The series is cut by time into train, validation and test, "
        "and the windows of each part are the examples it learns from, is stopped by, and is scored on.",
        "Look at the data chart: the shaded parts are the train, validation and test splits. The lookback is in "
        "the sidebar, under Preprocessing.",
        {"data": "synthetic", "lookback": 20},
        "How many training windows does the model learn from with these settings?",
        ("Under 100", "Between 100 and 400", "Over 400"),
        "{rows} rows with a lookback of {lookback} give {windows} training windows: each training row with "
        "{lookback} values before it is one window's target.",
        SPLIT_USES,
    ),
    Chapter(
        "training", TRAIN, "Training StockLSTM",
        "StockLSTM is the course's model: 60-day windows of the S&P 500 close, two LSTM layers of 50 units, "
        "dropout 0.2, Adam with learning rate 0.001, the MSE loss. Training shows the training and validation "
        "loss after every epoch; early stopping keeps the weights of the best validation loss.",
        "Press Train and watch the loss curves; the summary line above the data chart counts the parameters.",
        {"preset": "StockLSTM"},
        "How many weights and biases does this model train?",
        ("Under 10,000", "Between 10,000 and 100,000", "Over 100,000"),
        "{layers} layers of {hidden} units and the output layer: {params:,} parameters, counted on the model "
        "PyTorch builds.",
        ("cell", "hidden_size", "num_layers", "horizon", "features"),
    ),
    Chapter(
        "persistence", TRAIN, "Persistence, and why a model loses to it",
        "Persistence predicts that tomorrow equals today. On prices it is very hard to beat: a price moves little "
        "from one day to the next, and which way it moves is close to a coin toss. A chart of one-step predictions "
        "always looks close to the actual curve for that reason; compare the RMSE in the table, not the look.",
        "After training, look at the metrics table: the model's row against persistence's.",
        {"preset": "StockLSTM"},
        "How large is persistence's error on the test days, against the series' level?",
        ("Under 2 % of the level", "Between 2 % and 10 %", "Over 10 %"),
        "Persistence misses by a day's move: its test RMSE is {rmse:,.2f}, {share:.1%} of the mean level "
        "{level:,.0f}. A model must predict the move itself better than zero to beat it.",
        SPLIT_USES,
    ),
    Chapter(
        "backtest", TRAIN, "The walk-forward backtest and its intervals",
        "One test split is one verdict on one stretch of time. The walk-forward backtest cuts the test rows into "
        "folds; each fold trains a fresh model on the rows before it only, then forecasts its block, with an "
        "interval made from that model's validation errors. The skill and the share of actuals inside their "
        "intervals are scored over all folds.",
        "Open the backtest section under the training results and press its button; look at the folds' table and "
        "the interval band.",
        {"preset": "StockLSTM", "folds": 4},
        "How many test rows does each fold forecast?",
        ("Under 50", "Between 50 and 150", "Over 150"),
        "The test split holds {test} rows; {folds} folds forecast at least {rows} each.",
        (*SPLIT_USES, "folds"),
    ),
]  # fmt: skip

BY_KEY = {chapter.key: chapter for chapter in CHAPTERS}


def position(key: str) -> int:
    """The chapter's place in the course, from 0."""
    return [chapter.key for chapter in CHAPTERS].index(key)
