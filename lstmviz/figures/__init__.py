"""Pure figure builders, one module per page's subject: `cell`, `gradients`, `train`.

Every builder returns a go.Figure and never shows it. One colour scheme for all of them (below):
gates live in [0, 1] on a sequential scale, signed values on a diverging scale centred on 0.
"""

GATE_SCALE = "Viridis"  # sequential, for values in [0, 1]
SIGNED_SCALE = "RdBu_r"  # diverging, centred on 0
