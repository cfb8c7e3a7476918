"""Save a trained forecaster as bytes and load it back, safely.

A model file may come from anyone (an upload on a shared server), so load_model checks it in the order that
keeps every step small: the file's size; the zip's directory (sizes as stored, before anything is inflated);
the JSON header, read out of the pickle without running it (pickletools), field by field; the size of every
stored tensor against what that config needs; only then torch.load(weights_only=True), whose tensors must
then match a model built on the meta device (names, shapes, dtype, dense and finite); only then the model.
"""

from __future__ import annotations

import io
import json
import math
import pickletools
import types
import typing
import zipfile

import torch

from lstmviz.config import LABELS, MODEL_LIMITS, TrainConfig
from lstmviz.errors import Text, UserError
from lstmviz.forecaster import Forecaster, build_model

FORMAT = "lstmviz-forecaster/1"  # bumped whenever the layout below changes
MAX_FILE_BYTES = 4_000_000  # the largest model MODEL_LIMITS allow is ~1.5 MB; StockLSTM's file is 128 KB
MAX_PICKLE_BYTES = 1_000_000  # data.pkl: the header (at most 256 names of MAX_NAME chars) and the tensors' records
MAX_NAME = 100  # characters of a column name
MAX_OTHER_BYTES = 1024  # torch's small records: version, byteorder, serialization id
_MEMO_OPS = {"PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"}
_HINTS = typing.get_type_hints(TrainConfig)


def save_model(result) -> bytes:
    """A FitResult's model as bytes: its state_dict and a JSON header (format, config, input columns).

    The header holds every TrainConfig field but max_seconds and max_mb, so the file is what save_model wrote
    before those fields existed, and loads as it did.
    """
    server = ("max_seconds", "max_mb")  # the server's, not the model's
    fields = {k: v for k, v in result.config.to_dict().items() if k not in server}
    header = {"format": FORMAT, "config": fields, "columns": [str(c) for c in result.data.columns]}
    buf = io.BytesIO()
    torch.save({"header": json.dumps(header), "state_dict": result.model.state_dict()}, buf)
    return buf.getvalue()


def load_model(blob: bytes) -> tuple[Forecaster, TrainConfig]:
    """The model (in eval mode) and its config from save_model's bytes; UserError for anything else."""
    if len(blob) > MAX_FILE_BYTES:
        raise UserError("model.file_size", size=len(blob) / 1e6, most=MAX_FILE_BYTES / 1e6).because(
            f"the file has {len(blob):,} bytes; a saved lstmviz model has at most {MAX_FILE_BYTES:,}"
        )
    entries, pickled = _directory(blob)
    text = _header_text(pickled)
    config, columns = _header(text)
    expected = _expected_tensors(config, len(columns))
    _check_sizes(entries, expected)
    try:
        payload = torch.load(io.BytesIO(blob), weights_only=True)
    except Exception as e:  # not a torch file, or one holding more than tensors and plain values
        raise _not_ours(type(e).__name__) from None
    if not isinstance(payload, dict) or set(payload) != {"header", "state_dict"} or payload["header"] != text:
        raise _not_ours("unexpected contents")
    _check_tensors(payload["state_dict"], expected)
    model = build_model(config, len(columns), seed=config.seed)  # a private generator: no global draws
    model.load_state_dict(payload["state_dict"])
    return model.eval(), config


def _not_ours(detail: str) -> UserError:
    """The error for a file that is not save_model's, with the exact cause in its developer's note."""
    return UserError("model.not_ours").because(f"not a saved lstmviz model ({detail})")


def _directory(blob: bytes) -> tuple[dict[str, zipfile.ZipInfo], bytes]:
    """The zip's entries by name, checked from its directory alone, and the (small) inflated data.pkl."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):  # OSError: a directory pointing outside the file
        raise _not_ours("not a zip archive") from None
    names = [info.filename for info in infos]
    prefix = names[0].split("/", 1)[0] + "/" if names else ""
    if len(set(names)) != len(names) or not all(n.startswith(prefix) for n in names):
        raise _not_ours("unexpected archive layout")
    entries = {n[len(prefix) :]: info for n, info in zip(names, infos, strict=True)}
    for name, info in entries.items():
        if info.compress_type != zipfile.ZIP_STORED:  # torch.save never compresses; a deflated entry may be a bomb
            raise _not_ours(f"{name} is compressed")
        limit = (
            MAX_FILE_BYTES if name.startswith("data/") else MAX_PICKLE_BYTES if name == "data.pkl" else MAX_OTHER_BYTES
        )
        if info.file_size > limit:
            raise _not_ours(f"{name} holds {info.file_size:,} bytes; at most {limit:,}")
    if "data.pkl" not in entries:
        raise _not_ours("no data.pkl")
    try:
        return entries, archive.read(entries["data.pkl"])
    except (zipfile.BadZipFile, OSError, EOFError):
        raise _not_ours("unreadable data.pkl") from None


def _header_text(pickled: bytes) -> str:
    """The string pickled right after the key "header", found by parsing the pickle's opcodes (nothing runs).

    load_model later checks that torch.load returns this same string, so a pickle built to mislead this
    reader gains nothing: the sizes it would pass are still bounded by MAX_FILE_BYTES.
    """
    previous = None
    try:
        for op, arg, _ in pickletools.genops(pickled):
            if op.name in _MEMO_OPS:
                continue
            if previous == "header" and isinstance(arg, str):
                return arg
            previous = arg if isinstance(arg, str) else None
    except ValueError:  # a malformed pickle
        pass
    raise _not_ours("unexpected contents")


def _header(text: str) -> tuple[TrainConfig, list[str]]:
    """The saved config and input columns, every field checked for its type and its range."""
    try:
        header = json.loads(text)
    except json.JSONDecodeError:
        raise _not_ours("unreadable header") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _not_ours(f"the header does not say {FORMAT!r}")
    fields, columns = header.get("config"), header.get("columns")
    if set(header) != {"format", "config", "columns"} or not isinstance(fields, dict):
        raise _not_ours("bad header: it needs format, config and columns")
    unknown = set(fields) - set(_HINTS)
    if unknown:
        raise _not_ours(f"bad header: unknown TrainConfig fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if not _is(_HINTS[name], value):
            raise _not_ours(f"bad header: {name} is {value!r:.40}, not {_HINTS[name]}")
    if not isinstance(columns, list) or not all(isinstance(c, str) and 0 < len(c) <= MAX_NAME for c in columns):
        raise _not_ours(f"bad header: columns must be names of 1 to {MAX_NAME} characters")
    try:
        config = TrainConfig.from_dict(fields)
    except ValueError as e:
        raise _not_ours(f"bad header: {e}") from None
    for name, most in MODEL_LIMITS.items():
        value = len(config.features) if name == "features" else getattr(config, name)
        if value > most:
            setting = Text("Extra input features") if name == "features" else LABELS[name]
            raise UserError("model.beyond_limits", setting=setting, value=value, most=most).because(
                f"the saved model's {name} ({value}) is more than the app allows ({most})"
            )
    if len(columns) != 1 + len(config.features):
        raise _not_ours(f"bad header: {len(columns)} columns for the target and {len(config.features)} features")
    return config, columns


def _is(hint, value) -> bool:
    """Whether a JSON value has TrainConfig's type `hint` (int, float, str, bool, tuple[str, ...], X | None)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_is(h, value) for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if hint is str:
        return isinstance(value, str) and len(value) <= MAX_NAME
    if hint == tuple[str, ...]:
        return isinstance(value, list) and all(_is(str, v) and v for v in value)
    raise TypeError(f"checkpoint cannot check a TrainConfig field of type {hint}")


def _expected_tensors(config: TrainConfig, input_size: int) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """The state_dict's names, shapes and dtypes that config implies, from a model on the meta device (no memory)."""
    with torch.device("meta"):
        model = Forecaster(input_size, config)
    return {name: (tuple(t.shape), t.dtype) for name, t in model.state_dict().items()}


def _nbytes(shape: tuple[int, ...], dtype: torch.dtype) -> int:
    return math.prod(shape) * dtype.itemsize


def _check_sizes(entries: dict[str, zipfile.ZipInfo], expected: dict) -> None:
    """The stored tensors, as the zip's directory lists them, are no bigger than the config's."""
    data = [info.file_size for name, info in entries.items() if name.startswith("data/")]
    largest = max(_nbytes(*e) for e in expected.values())
    total = sum(_nbytes(*e) for e in expected.values())
    if len(data) > len(expected) or sum(data) > total or any(size > largest for size in data):
        raise UserError("model.weights").because(
            f"the saved weights do not fit the saved config: the file stores {len(data)} tensors of "
            f"{sum(data):,} bytes; the config needs {len(expected)} of {total:,}"
        )


def _check_tensors(state: object, expected: dict) -> None:
    """Every tensor is the config's (name, shape, dtype), dense (no stride-0 or overlapping views) and finite."""
    if not isinstance(state, dict) or set(state) != set(expected):
        got = sorted(state) if isinstance(state, dict) else type(state).__name__
        raise UserError("model.weights").because(
            f"the saved weights do not fit the saved config: tensors {got}, not {sorted(expected)}"
        )
    for name, (shape, dtype) in expected.items():
        t = state[name]
        if not isinstance(t, torch.Tensor) or t.layout != torch.strided or tuple(t.shape) != shape or t.dtype != dtype:
            what = f"{tuple(t.shape)} {t.dtype}" if isinstance(t, torch.Tensor) else type(t).__name__
            raise UserError("model.weights").because(
                f"the saved weights do not fit the saved config: {name} is {what}, not {shape} {dtype}"
            )
        if not t.is_contiguous():
            raise UserError("model.weights").because(
                f"the saved weights do not fit the saved config: {name} is not a dense tensor"
            )
        if not torch.isfinite(t).all():
            raise UserError("model.weights").because(f"the saved weights hold NaN or infinite values ({name})")
