"""The Cell page's lesson: the gates decide, the cell state remembers (the page draws it: the stepper)."""

from lstmviz.course import CELL
from lstmviz.ui.i18n import N_
from lstmviz.ui.lessons import Lesson

TEXT = (
    "**The gates decide, the cell state remembers.** At each step the cell reads the input $x_t$ and the "
    "previous hidden state $h_{t-1}$. The forget gate $f_t$ (0 = forget everything, 1 = keep everything) scales "
    "the old cell state $C_{t-1}$; the input gate $i_t$ decides how much of the candidate $\\tilde C_t$ to write; "
    "the output gate $o_t$ decides how much of the memory shows in $h_t$.\n\n"
    "The heatmaps show every unit (rows) at every step (columns): gates in [0, 1] on a sequential scale, signed "
    "values on a red-blue scale centred on 0. The equations on the right use this model's weights: they are the "
    "same numbers `torch.nn.LSTM` computes.\n\n"
    "The explorer's model has PyTorch's random weights, except that the candidate's bias is 0: a zero input "
    "writes nothing, so whatever $C_t$ holds, the input wrote."
)

# Each suggestion starts from the table's defaults (page.explain), so it shows the same thing whatever was pressed
# before. With W_hh × 0 and the explorer's zero candidate bias, a zero input writes nothing: C_t moves only at the
# spike (t = 2), and then only the forget gate acts on it. Unit 1 of weight seed 0 is the one the spike writes
# most into (0.30).
_SPIKE = {"use_trained": False, "source": "synthetic", "kind": "single spike", "scale": 0.0, "step": 2, "units": [1],
          "unit": 1}  # fmt: skip
SUGGESTIONS = (
    (N_("Forget bias +5, recurrent weights off: C_t holds a single spike"), {**_SPIKE, "forget_bias": 5.0}),
    (N_("Forget bias −3: the spike is forgotten at once"), {**_SPIKE, "forget_bias": -3.0}),
    (N_("Close the input gate (bias −5): nothing new is written"), {"use_trained": False, "input_bias": -5.0}),
)

LESSON = Lesson("cell", CELL, TEXT, suggestions=SUGGESTIONS, chapters=("lstm", "gates", "states", "step"), prefix="")
