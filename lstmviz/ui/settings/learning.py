"""The Learning page's settings (Adam and regularisation): `a_` rows are the Adam lesson's, named `a_` + the
lstmviz.optim.race argument they set; `o_` rows the overfitting lesson's, `o_` + the OverfitRequest field."""

from lstmviz.overfit import DROPOUTS, WEIGHT_DECAYS
from lstmviz.ui.settings import SEED, Setting, Table

# α on the valley: its curvatures are 0.1 and 2, so SGD stays stable below α = 1; the course's 0.001 barely moves
LRS = (0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
BETA2S = (0.9, 0.99, 0.999, 0.9999)
MAX_STEPS = 300

LEARNING = Table(
    Setting("a_lr", 0.3, "Learning rate α", choices=LRS),
    Setting("a_beta1", 0.9, "β₁ (Adam's first moment; momentum's μ)", bounds=(0.0, 0.99), step=0.01),
    Setting("a_beta2", 0.999, "β₂ (Adam's second moment)", choices=BETA2S),
    Setting("a_steps", 150, "Steps", bounds=(10, MAX_STEPS), step=10, advanced=True),
    Setting("a_t", 1, "Step t in the equations", bounds=(1, MAX_STEPS)),  # clipped to a_steps on the page
    Setting("a_coord", 0, "Coordinate", choices=(0, 1)),
    Setting("o_dropout", 0.0, "Dropout on h_t before the output layer", choices=DROPOUTS),
    Setting("o_weight_decay", 0.0, "Weight decay λ (L2)", choices=WEIGHT_DECAYS),
    Setting("o_patience", 0, "Early stopping patience (epochs; 0: off)", bounds=(0, 30)),
    Setting("o_seed", 0, "Seed", bounds=SEED, advanced=True),
)

RACE_KEYS = ("a_lr", "a_beta1", "a_beta2", "a_steps")  # lstmviz.optim.race's arguments
RUN_KEYS = ("o_dropout", "o_weight_decay", "o_patience", "o_seed")  # lstmviz.overfit.OverfitRequest's fields


def arguments(keys, values) -> dict:
    """The library's arguments from a lesson's settings: {"lr": 0.3} from {"a_lr": 0.3}."""
    return {key[2:]: values[key] for key in keys}
