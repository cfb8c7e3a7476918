"""Pure figure builders, one module per page's subject: `cell`, `gradients`, `train`.

Every builder returns a go.Figure and never shows it. One colour scheme for all of them (below):
gates live in [0, 1] on a sequential scale, signed values on a diverging scale centred on 0.
"""

import numpy as np

GATE_SCALE = "Viridis"  # sequential, for values in [0, 1]
SIGNED_SCALE = "RdBu_r"  # diverging, centred on 0
MAGNITUDE_SCALE = "Viridis"  # sequential, for sizes on a log scale


def log_axis(*arrays, max_ticks: int = 8) -> dict:
    """Layout of a log axis that reads in powers of ten only: it spans whole decades around the positive,
    finite values of `arrays`, with a tick at every decade (every k-th where more than `max_ticks` would
    crowd it) and no minor digits (plotly's own ticks on a short log range print "2, 3, 5" bare)."""
    values = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays]) if arrays else np.array([])
    values = values[np.isfinite(values) & (values > 0)]
    lo, hi = (int(np.floor(np.log10(values.min()))), int(np.ceil(np.log10(values.max())))) if values.size else (0, 1)
    hi = max(hi, lo + 1)
    step = max(1, -(-(hi - lo) // max_ticks))  # ceil
    return dict(type="log", range=[lo, hi], tick0=0, dtick=step, exponentformat="power", minor=dict(ticks=""))
