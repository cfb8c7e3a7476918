"""The identity of a long computation's result: one frozen request per kind (a fit, a backtest) holding everything
that decides it. Its keys are derived here, never built by hand in the glue:

- `shared_key`: the server-wide run (lstmviz.server.sharedruns) and its shared figures, every field;
- `made_of`: the "results from an earlier run" check, every field but the column names, with the target by
  position: a synthetic series' column names are in the page's language, and switching it leaves a result current.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

from lstmviz.config import TrainConfig

_NAMES = ("columns", "target")  # what `made_of` reads as the target's position alone


@dataclass(frozen=True)
class FitRequest:
    """lstmviz.train.fit(data, config, target=target) on this server."""

    numbers: str  # lstmviz.server.sharedruns.data_digest of the data without its column names: numbers, dtypes, index
    columns: tuple[str, ...]  # the data's column names, in order
    target: str  # the column to forecast (one of `columns`)
    config: TrainConfig
    shards: int  # lstmviz.shards.shard_count(): how the batches are split decides the float rounding
    kind: ClassVar[str] = "fit"

    def __post_init__(self):
        if self.target not in self.columns:
            raise ValueError(f"target ({self.target!r}) must be one of the columns {list(self.columns)}")

    @property
    def shared_key(self) -> tuple:
        return (self.kind, *(getattr(self, f.name) for f in fields(self)))

    @property
    def made_of(self) -> tuple:
        rest = tuple(getattr(self, f.name) for f in fields(self) if f.name not in _NAMES)
        return (self.kind, self.columns.index(self.target), *rest)


@dataclass(frozen=True)
class BacktestRequest(FitRequest):
    """lstmviz.backtest.backtest(data, config, folds=folds, coverage=coverage, conformal=conformal, target=target) on
    this server."""

    folds: int
    coverage: float
    conformal: str = "split"  # how the intervals are calibrated (lstmviz.backtest's `conformal`)
    kind: ClassVar[str] = "backtest"
