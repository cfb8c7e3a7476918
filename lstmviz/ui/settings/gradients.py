"""The Gradients page's settings."""

from lstmviz.gradflow import KERAS_FORGET_BIAS
from lstmviz.gradflow import REACH_MARK as REACH_MARK  # re-exported: the page and its tests read it here
from lstmviz.ui.lessons import first_value
from lstmviz.ui.settings import SEED, Setting, Table

# The first section's model when the Cell page has shown none: the explorer's LSTM with Keras' forget bias,
# on a noisy sine (with PyTorch's forget bias 0 the cell-state path and most of dL/dC_t vanish within 20 steps).
FRESH_MODEL = dict(hidden=8, layers=2, seed=0, forget_bias=KERAS_FORGET_BIAS, input_bias=0.0, scale=1.0)
FRESH_INPUT = dict(kind="noisy sine", length=60, seed=0)

# ---- Gradients page --------------------------------------------------------------------------------
GRADIENTS = Table(
    Setting("g_loss", "last", "Loss", choices=("last", "every")),
    Setting("g_layer", 0, "Layer", bounds=(0, 3)),
    Setting("cmp_T", 100, "Sequence length T", bounds=(10, 300)),
    Setting("cmp_fb", KERAS_FORGET_BIAS, "Forget-gate bias shift of the second LSTM", bounds=(-5.0, 5.0), step=0.5),
    Setting("cmp_scale", 1.0, "Recurrent weight scale (W_hh ×)", bounds=(0.1, 5.0), step=0.1),
    Setting("cmp_seed", 0, "Seed", bounds=SEED, advanced=True),
    Setting("clip", 0.5, "Clip threshold (max gradient norm)", bounds=(0.1, 10.0), step=0.1),
    Setting("clip_scale", 3.0, "Recurrent weight scale of the RNN (W_hh ×)", bounds=(1.0, 5.0), step=0.5,
            advanced=True),
    Setting("mem_T", 50, "Sequence length T", bounds=(10, 100), step=5),
    Setting("mem_steps", 1000, "Training steps per model", bounds=(100, 2000), step=100),
    Setting("mem_seed", 0, "Seed", bounds=SEED, advanced=True),
    first_value.SETTINGS,
)  # fmt: skip
