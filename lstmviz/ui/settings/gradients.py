"""The Gradients page's settings."""

from lstmviz.ui.settings import SEED, Setting, Table

# ---- Gradients page --------------------------------------------------------------------------------
GRADIENTS = Table(
    Setting("g_loss", "last", "Loss", choices=("last", "every")),
    Setting("g_layer", 0, "Layer", bounds=(0, 3)),
    Setting("cmp_T", 100, "Sequence length T", bounds=(10, 300)),
    Setting("cmp_fb", 0.0, "LSTM forget-gate bias shift", bounds=(-5.0, 5.0), step=0.5),
    Setting("cmp_scale", 1.0, "Recurrent weight scale (W_hh ×)", bounds=(0.1, 5.0), step=0.1),
    Setting("cmp_seed", 0, "Seed", bounds=SEED, advanced=True),
    Setting("clip", 1.0, "Clip threshold (max gradient norm)", bounds=(0.1, 10.0), step=0.1),
    Setting("clip_scale", 3.0, "Recurrent weight scale of the RNN (W_hh ×)", bounds=(1.0, 5.0), step=0.5,
            advanced=True),
    Setting("mem_T", 50, "Sequence length T", bounds=(10, 100), step=5),
    Setting("mem_steps", 1000, "Training steps per model", bounds=(100, 2000), step=100),
    Setting("mem_seed", 0, "Seed", bounds=SEED, advanced=True),
)  # fmt: skip
