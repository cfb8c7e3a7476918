"""lstmviz.export.run_bundle: the exported script, run in a fresh directory where lstmviz cannot be imported,
reproduces the app's split, scaler and persistence exactly and its model's test RMSE."""

import io
import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

from lstmviz.config import TrainConfig
from lstmviz.data.synthetic import synthetic
from lstmviz.errors import UserError
from lstmviz.export import run_bundle
from lstmviz.train import fit

# Runs a file of the bundle with lstmviz made unimportable (sys.modules[name] = None makes `import lstmviz` fail)
NO_LSTMVIZ = "import runpy, sys; sys.modules['lstmviz'] = None; runpy.run_path(sys.argv[1], run_name='__main__')"


def data():
    s = synthetic("trend + seasonality", 260, noise=0.1, seed=3) + 5
    frame = pd.DataFrame({"price": s, "volume": np.cos(np.arange(260) / 5)}, index=s.index)
    return frame


def run(bundle: bytes, where, name="train.py") -> dict:
    zipfile.ZipFile(io.BytesIO(bundle)).extractall(where)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", NO_LSTMVIZ, name], cwd=where, env=env, capture_output=True,
                         text=True, timeout=300, check=True).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


CASES = {
    "price": TrainConfig(lookback=10, hidden_size=8, epochs=4, features=("volume",), horizon=2),
    "log_return": TrainConfig(lookback=12, hidden_size=6, epochs=3, target_mode="log_return", cell="gru"),
    "window_ratio": TrainConfig(lookback=8, hidden_size=6, epochs=3, target_mode="window_ratio", num_layers=2),
    # a separate test file's rows (TrainConfig.test_start), not the last test_fraction, are the test split
    "test_file": TrainConfig(lookback=10, hidden_size=6, epochs=3, test_start=data().index[200].date().isoformat()),
}


@pytest.mark.parametrize("mode", list(CASES))
def test_the_script_reproduces_the_run_without_lstmviz(mode, tmp_path):
    config, frame = CASES[mode], data()
    bundle = run_bundle(config, frame, target="price")
    assert "lstmviz" not in zipfile.ZipFile(io.BytesIO(bundle)).read("train.py").decode().replace(
        "LSTM Visual Explorer", ""
    )
    got = run(bundle, tmp_path)
    r = fit(frame, config, target="price")
    assert (got["val_start"], got["test_start"]) == (r.split.val_start, r.split.test_start)
    np.testing.assert_array_equal(got["scaler_mean"], r.scaler.mean)  # the same floats: same rows, same formula
    np.testing.assert_array_equal(got["scaler_std"], r.scaler.std)
    assert got["persistence_rmse"] == r.metrics.loc["persistence", "rmse"]
    assert got["test_rows"] == (r.predictions["split"] == "test").sum()
    assert got["best_epoch"] == r.best_epoch
    assert got["test_rmse"] == pytest.approx(r.metrics.loc["model", "rmse"], rel=0.01)  # half-batch rounding only


def test_the_notebook_is_the_script_in_cells(tmp_path):
    bundle = run_bundle(CASES["price"], data(), target="price")
    files = zipfile.ZipFile(io.BytesIO(bundle))
    assert sorted(files.namelist()) == ["README.md", "data.csv", "requirements.txt", "train.ipynb", "train.py"]
    notebook = json.loads(files.read("train.ipynb"))
    assert notebook["nbformat"] == 4 and notebook["cells"][0]["cell_type"] == "markdown"
    code = "\n\n".join(c["source"] for c in notebook["cells"] if c["cell_type"] == "code")
    (tmp_path / "notebook.py").write_text(code)
    assert run(bundle, tmp_path, "notebook.py") == run(bundle, tmp_path, "train.py")
    requirements = files.read("requirements.txt").decode().split()
    assert [line.split("==")[0] for line in requirements] == ["numpy", "pandas", "torch"]
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(files.read("data.csv")), index_col=0, parse_dates=True),
                                  data(), check_freq=False)  # fmt: skip


def test_a_bad_setting_fails_as_in_train():
    with pytest.raises(UserError) as e:
        run_bundle(TrainConfig(lookback=250), data(), target="price")
    assert e.value.code == "split.train_short"
