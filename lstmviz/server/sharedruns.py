"""One computation per server for identical runs: a process-wide cache of deterministic results, deduplicated in flight.

When thirty students press Train on the same preset, the first one trains and the other twenty-nine wait for
that run and watch its progress; a later identical request (a reloaded tab, a new student) gets the result at
once. The key is everything that made the result (`data_digest` of the data's content, the TrainConfig with its
seed, the shard count, ...), so an equal key means an equal result: training is deterministic on CPU (a run
the server's time budget cut short is not: the first one stands for the others).

- Every caller gets its own deep copy (the model is an nn.Module a student may inspect, change or download), and
  the cache keeps a copy of its own: no session can change what another sees. A cache of values nobody changes
  (lstmviz.ui.sharedcharts' figures) hands out the one value instead (`copy=`).
- Memory: at most `max_bytes` by `estimate_bytes`, least recently used evicted first; a result larger than the
  bound is handed out but not kept. The app's bound is LSTMVIZ_SHARED_CACHE_MB (default 64).
- A run that ends incomplete (its `compute` reports it was stopped, e.g. a Stop click) or raises is not cached
  and never handed to a waiter: the waiters elect a new first caller among themselves, which computes the run
  in full while the others wait for it. So a half result is only ever seen by the caller that stopped it.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd
import torch
from torch import nn

V = TypeVar("V")
Publish = Callable[[Any], None]  # the first caller's compute reports progress through it
MAX_MB = float(os.environ.get("LSTMVIZ_SHARED_CACHE_MB", "64"))


def data_digest(data: pd.Series | pd.DataFrame) -> str:
    """A digest of a Series' or DataFrame's content: values, index, column names and dtypes.

    Numbers over a numeric or datetime index (the Train page's data) are hashed as their raw bytes, three times
    faster than pandas' row hashes, which the rest (text, a time zone's dates) uses.
    """
    digest = hashlib.sha256(type(data).__name__.encode())
    names = [data.name] if isinstance(data, pd.Series) else list(data.columns)
    dtypes = [str(d) for d in np.atleast_1d(data.dtypes)]
    digest.update(repr((names, dtypes, data.index.name, str(data.index.dtype), data.shape)).encode())
    index = data.index.to_numpy()
    if index.dtype.kind in "iufbmM" and all(np.dtype(d).kind in "iufb" for d in np.atleast_1d(data.dtypes)):
        digest.update(b"raw")
        digest.update(np.ascontiguousarray(index).tobytes())
        digest.update(np.ascontiguousarray(data.to_numpy()).tobytes())
    else:
        digest.update(pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes())  # one uint64 per row
    return digest.hexdigest()


def estimate_bytes(value: Any) -> int:
    """Roughly the memory `value` holds: tensors, arrays and frames by their buffers, containers by their items."""
    if isinstance(value, torch.Tensor):
        return value.nbytes
    if isinstance(value, nn.Module):
        return sum(t.nbytes for t in (*value.parameters(), *value.buffers()))
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index):
        usage = value.memory_usage(deep=True)
        return int(usage.sum()) if isinstance(usage, pd.Series) else int(usage)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(estimate_bytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return sum(estimate_bytes(k) + estimate_bytes(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return sum(map(estimate_bytes, value))
    return sys.getsizeof(value)


class Left(Exception):
    """A waiter stopped waiting for another caller's run (its `leave` event was set)."""


@dataclass
class Outcome(Generic[V]):
    """What a caller gets: its own copy of the value, whether the run was complete, and where it came from."""

    value: V
    complete: bool  # False only for the caller whose own compute was stopped
    source: str  # "computed" (this caller ran it), "waited" (for another caller's run) or "cached"


class _Flight:
    """A run in progress: its latest progress and, once done, its value (when complete)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version = 0  # bumped by every publish
        self.progress: Any = None
        self.done = threading.Event()  # set at the end, complete or not
        self.value: Any = None  # the cache's own copy, set when the run completed
        self.complete = False


class SharedRuns:
    """A cache of deterministic results by key, shared by every thread of the process; see the module docstring."""

    def __init__(self, max_bytes: int, *, copy: Callable[[Any], Any] = copy.deepcopy,
                 size: Callable[[Any], int] = estimate_bytes) -> None:  # fmt: skip
        """`copy` makes each caller's value and the cache's own (a deep copy; the identity where nobody changes
        what they get); `size` measures a value against `max_bytes`."""
        self.max_bytes, self._copy, self._size = max_bytes, copy, size
        self._lock = threading.Lock()
        self._done: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()  # key -> (value, bytes), LRU first
        self._flights: dict[Hashable, _Flight] = {}
        self.bytes = 0

    def run(
        self,
        key: Hashable,
        compute: Callable[[Publish], tuple[V, bool]],
        *,
        watch: Callable[[Any], None] | None = None,
        leave: threading.Event | None = None,
        poll: float = 0.25,
    ) -> Outcome[V]:
        """The value for `key`: from the cache, from another caller's run in flight, or from `compute(publish)`.

        `compute(publish)` returns (value, complete) and may call `publish(progress)` as it goes (e.g. the loss
        history so far); a waiter's `watch(progress)` is called on its own thread with the latest progress
        every `poll` seconds while it changes, the first time after `poll` (a bar that would flash for a moment
        helps no one), not at every publish: twenty-nine waiters woken at each of the default preset's thirty
        epochs cost a class about 0.07 s of one core, a fifth of the training. A waiter stops waiting when
        `leave` is set (raising Left) or when `watch` raises; the run goes on for the others. An exception from
        `compute` reaches its caller, and the waiters take over as described above.
        """
        while True:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    return Outcome(self._copy(self._done[key][0]), True, "cached")
                flight = self._flights.get(key)
                first = flight is None
                if first:
                    flight = self._flights[key] = _Flight()
            if first:
                return self._compute(key, flight, compute)
            if self._wait(flight, watch, leave, poll):
                return Outcome(self._copy(flight.value), True, "waited")

    def _compute(self, key: Hashable, flight: _Flight, compute) -> Outcome:
        def publish(progress: Any) -> None:
            with flight.lock:
                flight.progress, flight.version = progress, flight.version + 1

        value, complete = None, False
        try:
            value, complete = compute(publish)
            if complete:
                flight.value = self._copy(value)  # the cache's own: the caller may change its value
                flight.complete = True
                self._keep(key, flight.value)
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()
        return Outcome(value, complete, "computed")

    @staticmethod
    def _wait(flight: _Flight, watch, leave: threading.Event | None, poll: float) -> bool:
        """Wait until `flight` ends, showing its progress; whether it completed (else the caller tries again)."""
        seen = 0
        while not flight.done.wait(poll):  # the first look after `poll`: a shorter wait shows no progress at all
            if leave is not None and leave.is_set():
                raise Left
            with flight.lock:
                progress, version = flight.progress, flight.version
            if version != seen and watch is not None and progress is not None:
                watch(progress)
            seen = version
        return flight.complete

    def _keep(self, key: Hashable, value: Any) -> None:
        size = self._size(value)
        if size > self.max_bytes:
            return
        with self._lock:
            self._done[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, evicted) = self._done.popitem(last=False)
                self.bytes -= evicted

    def __len__(self) -> int:
        return len(self._done)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._done

    def clear(self) -> None:
        """Forget every cached result (runs in flight go on)."""
        with self._lock:
            self._done.clear()
            self.bytes = 0


RUNS = SharedRuns(int(MAX_MB * 2**20))  # the process's cache: every session of the server shares it
