"""Downloads: CSV a user opens in a spreadsheet (text cells that cannot run as formulas), and a run as code."""

from __future__ import annotations

import io
import json
import pprint
import re
import zipfile
from importlib.resources import files

import pandas as pd

from lstmviz.config import TrainConfig
from lstmviz.prepare import rows

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets read as a formula (OWASP)
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # a plain decimal number, which no sheet runs


def neutralise(text: str) -> str:
    """`text` with a leading ' where a spreadsheet would run it as a formula (=HYPERLINK(...), @SUM, -1+2).

    A number such as "-1.5" or "+2e3" stays as it is: it is a number there too, not a formula.
    """
    if not text.startswith(FORMULA_START) or _is_number(text):
        return text
    return "'" + text


def _is_number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


def predictions_csv(frame: pd.DataFrame, *, decimal: str = ".", sep: str | None = None) -> bytes:
    """frame as UTF-8 CSV bytes with every text cell neutralised: the header, the index and the values.

    Numbers are written as pandas writes them (negative ones too), with `decimal` as the decimal mark; only text
    (column and index names, string labels, object cells) is changed. With decimal="," the columns are separated by
    ";" (what Brazilian Excel opens in columns), else by ","; `sep` says another separator (a locale's own).
    """
    sep = sep if sep is not None else ";" if decimal == "," else ","
    if decimal not in (".", ",") or sep in ("", decimal, '"', "\n") or len(sep) != 1:
        raise ValueError(f"decimal {decimal!r} with separator {sep!r}: a reader could not split the columns")
    out = frame.copy()
    out.columns = [_cell(c) for c in out.columns]
    out.index = out.index.map(_cell).rename(_cell(out.index.name) if out.index.name is not None else None)
    for name in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[name]) or pd.api.types.is_datetime64_any_dtype(out[name])):
            out[name] = out[name].map(_cell)
    return out.to_csv(sep=sep, decimal=decimal).encode()


def _cell(value):
    return neutralise(value) if isinstance(value, str) else value


def run_bundle(config: TrainConfig, data: pd.Series | pd.DataFrame, *, target: str | None = None) -> bytes:
    """A zip a student takes home: train.py (lstmviz.runscript with `config` written in), the same code as a
    notebook, data.csv (the columns trained on: the target first), requirements.txt and a README.

    The code is plain PyTorch (no lstmviz): `python train.py` reproduces fit(data, config, target=target)'s
    split, scaler and persistence exactly, and its model up to the float rounding of the app's half-batch shards
    (lstmviz.shards) and its own dropout generators; its last line is a JSON object with test_rmse and
    persistence_rmse.
    """
    frame, _, r = rows(data, config, target)  # fit's checks: a bad setting fails here as it would in Train
    settings = {f: getattr(config, f) for f in SCRIPT_SETTINGS}
    settings["test_rows"] = r.split.n - r.split.test_start if config.test_start is not None else None  # a test file's
    script = (files("lstmviz") / "runscript.py").read_text(encoding="utf-8")
    script = script.replace(
        "CONFIG: dict = {}", "CONFIG = " + pprint.pformat(settings, sort_dicts=False), 1
    )  # Python: None, True
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("train.py", script)
        z.writestr("train.ipynb", _notebook(script))
        z.writestr("data.csv", frame.to_csv())
        z.writestr("requirements.txt", "".join(f"{name}=={version}\n" for name, version in _versions().items()))
        z.writestr("README.md", README.format(rows=len(frame), columns=", ".join(map(str, frame.columns)),
                                              settings=json.dumps(settings)))  # fmt: skip
    return out.getvalue()


# The TrainConfig fields the script reads (max_seconds is the server's; features are data.csv's other columns)
SCRIPT_SETTINGS = ("lookback", "horizon", "cell", "hidden_size", "num_layers", "dropout", "head_dropout", "epochs",
                   "batch_size", "lr", "weight_decay", "clip_norm", "val_fraction", "test_fraction", "seed",
                   "patience", "target_mode")  # fmt: skip
README = """# A run from the LSTM Visual Explorer, as plain PyTorch

    pip install -r requirements.txt
    python train.py

`train.py` (and `train.ipynb`, the same code in cells) trains on `data.csv` ({rows} rows; columns {columns}: the
first is forecast, the others are extra inputs) with the app's settings:

    {settings}

It reproduces the app's run: the same chronological split, the same scaler (fit on the training rows only), the
same windows, model initialisation (the seed), Adam and early stopping, and the same persistence baseline. Its
test RMSE is the app's up to float rounding: the app cuts each batch into two half-batches computed side by side on
two cores (the same gradient, summed in another order), and draws dropout from its own generators, so the
training drifts apart a little over the epochs. The last line printed is a JSON object with `test_rmse` and
`persistence_rmse`.
"""


def _notebook(script: str) -> str:
    """The script as a Jupyter notebook (nbformat 4): its docstring a Markdown cell, each `# %%` section a code cell."""
    doc, _, code = script.partition('"""\n\n')
    cells = [{"cell_type": "markdown", "id": "about", "metadata": {}, "source": doc.strip('"\n')}]
    for k, section in enumerate(code.split("# %% ")[1:]):
        title, _, body = section.partition("\n")
        cells.append({"cell_type": "markdown", "id": f"m{k}", "metadata": {}, "source": f"## {title}"})
        cells.append({"cell_type": "code", "id": f"c{k}", "metadata": {}, "execution_count": None, "outputs": [],
                      "source": body.strip("\n")})  # fmt: skip
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return json.dumps({"cells": cells, "metadata": {"kernelspec": kernel, "language_info": {"name": "python"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1)  # fmt: skip


def _versions() -> dict[str, str]:
    """The versions of what the script imports, as this server runs them."""
    import numpy
    import torch

    return {"numpy": numpy.__version__, "pandas": pd.__version__, "torch": torch.__version__.split("+")[0]}
