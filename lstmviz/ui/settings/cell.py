"""The Cell page's settings."""

from lstmviz.cellkinds import KINDS as CELL_KINDS
from lstmviz.sequences import KINDS
from lstmviz.ui.settings import SEED, Setting, Table

# ---- Cell page -------------------------------------------------------------------------------------
CELL = Table(
    Setting("use_trained", True, "Use the model from the Train page"),
    Setting("cell", "lstm", "Cell", choices=tuple(CELL_KINDS)),
    Setting("hidden", 4, "Hidden units", bounds=(1, 16)),
    Setting("layers", 1, "Layers", choices=(1, 2)),
    Setting("weight_seed", 0, "Weight seed", bounds=SEED, advanced=True, old="seed"),
    Setting("forget_bias", 0.0, "Forget-gate bias shift", bounds=(-5.0, 5.0), step=0.5),
    Setting("input_bias", 0.0, "Input-gate bias shift", bounds=(-5.0, 5.0), step=0.5, advanced=True),
    # the GRU's knobs (lstmviz.cellkinds.GRU.knobs): its update gate holds h_t as the LSTM's forget gate holds C_t
    Setting("update_bias", 0.0, "Update-gate bias shift", bounds=(-5.0, 5.0), step=0.5),
    Setting("reset_bias", 0.0, "Reset-gate bias shift", bounds=(-5.0, 5.0), step=0.5, advanced=True),
    Setting("scale", 1.0, "Recurrent weight scale (W_hh ×)", bounds=(0.0, 3.0), step=0.1, advanced=True),
    Setting("source", "synthetic", "Sequence", choices=("synthetic", "typed")),
    Setting("kind", "sine", "Kind", choices=KINDS),
    Setting("length", 30, "Length", bounds=(5, 200)),
    Setting("data_seed", 0, "Data seed", bounds=SEED, advanced=True),
    Setting("numbers", "0, 0.5, 1, 0.5, 0, -0.5, -1", "Numbers (separated by commas or spaces, up to 500: 0.5, 1.2)"),
    Setting("speed", 0.75, "Play: seconds per step", bounds=(0.25, 2.0), step=0.25),
    # clipped to the model on the page; t = 3 by default: at t = 0 the states are still 0, at 3 the sine peaks
    Setting("step", 3, "Timestep t", bounds=(0, 10_000)),
    Setting("layer", 0, "Layer", bounds=(0, 1)),
    Setting("unit", 0, "Unit for the equations", bounds=(0, 15)),
    Setting("units", [0], "Units to plot", bounds=(0, 15)),
)
