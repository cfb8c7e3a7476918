"""Hand-made torch files for the checkpoint tests: any header, any tensor records, any zip compression.

`forge` writes what torch.save writes (a zip of data.pkl, the storages under data/, and torch's small
records) without holding the tensors: a storage is given by its byte count and written in chunks, so a
test can describe a 512 MB tensor in a file of a few hundred KB without ever allocating it.
"""

from __future__ import annotations

import collections
import io
import json
import pickle
import zipfile
from dataclasses import dataclass

import torch

from devtools.devserver import status_mb
from lstmviz.checkpoint import FORMAT
from lstmviz.config import TrainConfig
from lstmviz.forecaster import Forecaster


@dataclass(frozen=True)
class Record:
    """A tensor as torch pickles it: a storage of `numel` elements (all `fill`) viewed with size and stride."""

    size: tuple[int, ...]
    stride: tuple[int, ...]
    numel: int  # elements in the storage
    storage: type = torch.FloatStorage
    fill: bytes = b"\x00\x00\x00\x00"  # one element's bytes

    def __reduce__(self):
        return torch._utils._rebuild_tensor_v2, (
            _Storage(self),
            0,
            self.size,
            self.stride,
            False,
            collections.OrderedDict(),
        )


@dataclass(frozen=True)
class _Storage:
    record: Record


def dense(*size: int, fill: float = 0.0, dtype=torch.float32) -> Record:
    """A contiguous tensor of `size`, every element `fill`."""
    stride = tuple(int(s) for s in torch.empty(size, device="meta").stride())
    storage = {torch.float32: torch.FloatStorage, torch.float64: torch.DoubleStorage}[dtype]
    fill_bytes = torch.tensor([fill], dtype=dtype).numpy().tobytes()
    return Record(size, stride, max(1, int(torch.Size(size).numel())), storage, fill_bytes)


def expanded(*size: int) -> Record:
    """A stride-0 tensor of `size` over a single stored element (what .expand() saves)."""
    return Record(size, (0,) * len(size), 1)


def state_of(config: TrainConfig, input_size: int, make=dense) -> dict[str, Record]:
    """Records with the names and shapes a Forecaster of `config` has, each made by make(*shape)."""
    with torch.device("meta"):
        model = Forecaster(input_size, config)
    return {name: make(*t.shape) for name, t in model.state_dict().items()}


def header(config: dict | TrainConfig, columns: list, **extra) -> str:
    """The JSON header save_model writes (a TrainConfig without max_seconds, as save_model drops it), or any dict."""
    fields = config if isinstance(config, dict) else {k: v for k, v in config.to_dict().items() if k != "max_seconds"}
    return json.dumps({"format": FORMAT, "config": fields, "columns": columns, **extra})


class _Pickler(pickle.Pickler):
    def __init__(self, file, keys: dict):
        super().__init__(file, protocol=2)
        self.keys = keys

    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            key = self.keys.setdefault(id(obj.record), (str(len(self.keys)), obj.record))[0]
            return ("storage", obj.record.storage, key, "cpu", obj.record.numel)
        return None


def forge(header_text: str, state: dict, *, deflate: bool = False) -> bytes:
    """A torch-format zip holding {"header": header_text, "state_dict": state} with Records as tensors.

    deflate: compress the storages (torch.save stores everything as it is).
    """
    keys: dict = {}
    pkl = io.BytesIO()
    _Pickler(pkl, keys).dump({"header": header_text, "state_dict": collections.OrderedDict(state)})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("archive/data.pkl", pkl.getvalue())
        z.writestr("archive/byteorder", "little")
        for key, record in keys.values():
            info = zipfile.ZipInfo(f"archive/data/{key}")
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            with z.open(info, "w", force_zip64=True) as f:
                nbytes = record.numel * len(record.fill)
                chunk = record.fill * (1 << 18)  # 1 MB of float32
                while nbytes > 0:
                    f.write(chunk[:nbytes])
                    nbytes -= len(chunk)
        z.writestr("archive/version", "3\n")
    return out.getvalue()


def peak_growth_mb(fn) -> tuple[object, float | None]:
    """fn()'s result (or the exception it raised) and how far the process's peak RSS rose above its RSS before.

    Linux only (/proc/self/clear_refs resets the peak); elsewhere the growth is None.
    """
    try:
        with open("/proc/self/clear_refs", "w") as f:  # "5" resets VmHWM to the current RSS
            f.write("5")
        before = status_mb("self", "VmRSS")
    except OSError:
        before = None
    try:
        out = fn()
    except Exception as e:  # the caller checks which
        out = e
    return out, None if before is None else status_mb("self", "VmHWM") - before
