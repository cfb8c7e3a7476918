"""Every page's settings, declared once: one table per page (`cell`, `gradients`, `train` here), as
TensorFlow Playground's State.PROPS; this module holds the record, the table and the app-wide settings.

A `Setting` row holds a widget's key, default, bounds or choices, label and help. Everything else
reads these tables: `page.setup` restores them from the URL (`urlstate`), the link check rejects
values outside their bounds, `widgets` draws them, and the Train page turns its settings into a
`TrainConfig` by name (its keys are TrainConfig's field names: `?lookback=60&hidden_size=50`).
Old URL names (`c_lookback`, `d_source`, …) are listed in `old` and still read.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lstmviz.course import BY_KEY
from lstmviz.locales import DEFAULT, LOCALES


@dataclass(frozen=True)
class Setting:
    key: str  # the widget's key, the URL parameter and (on the Train page) the TrainConfig field
    default: Any
    label: str = ""  # English; widgets translate it
    bounds: tuple[Any, Any] | None = None  # (min, max) a widget and a link may set; each item of a list value
    choices: tuple[Any, ...] | None = None  # the values a widget and a link may set
    step: float | None = None  # a slider's step
    max_items: int | None = None  # the most items a list value may hold (a multiselect's max_selections, a link's)
    advanced: bool = False  # hidden in classroom mode
    help: str | None = None
    old: str | None = None  # the URL name an earlier version used

    def allows(self, value: Any) -> bool:
        if self.choices is not None and value not in self.choices:
            return False
        if self.max_items is not None and len(value) > self.max_items:
            return False
        if self.bounds is not None:
            lo, hi = self.bounds
            items = value if isinstance(value, list | tuple) else [value]
            return all(lo <= item <= hi for item in items)
        return True

    def from_link(self, params: Mapping[str, str]) -> Any:
        """This setting's value in a link's query `params` (its name or its old name), or the default when it
        is missing or does not parse or fit: a hand-edited link must not break the page."""
        for name in (self.key, self.old):
            if name is not None and name in params:
                try:
                    value = decode(params[name], self.default)
                except (TypeError, ValueError, OverflowError):
                    return self.default
                return value if self.allows(value) else self.default
        return self.default


class Table(Mapping[str, Setting]):
    """A page's settings by key, in declaration order."""

    def __init__(self, *parts: Setting | Table):
        self._rows: dict[str, Setting] = {}
        for part in parts:
            for row in part.values() if isinstance(part, Table) else [part]:
                if row.key in self._rows:
                    raise ValueError(f"setting {row.key!r} is declared twice")
                self._rows[row.key] = row

    def __getitem__(self, key: str) -> Setting:
        return self._rows[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def defaults(self) -> dict[str, Any]:
        return {key: row.default for key, row in self._rows.items()}


MAX_TEXT = 10_000  # characters a link may put in a text setting


def _number(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(f"{raw!r} is not a finite number")
    return value


def decode(raw: str, default: Any) -> Any:
    """`raw` from a URL as a value of `default`'s type; ValueError if it is not one."""
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        value = _number(raw)
        if not value.is_integer():
            raise ValueError(f"{raw!r} is not a whole number")
        return int(value)
    if isinstance(default, float):
        return _number(raw)
    if isinstance(default, datetime.date):
        return datetime.date.fromisoformat(raw)  # links carry ISO dates: 2024-01-31
    if isinstance(default, list | tuple):
        items = [s for s in raw.split(",") if s]
        kind = type(default[0]) if default else str
        return [decode(s, kind()) if kind in (int, float) else kind(s) for s in items]
    if len(raw) > MAX_TEXT:
        raise ValueError("text too long for a link")
    return raw


def encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


SEED = (0, 10_000)

APP = Table(
    Setting("lang", DEFAULT, "Language", choices=tuple(LOCALES)),
    Setting("classroom", False, "Classroom mode", help="Hides advanced controls and enlarges text and figures for a "
            "projector."),
    Setting("chapter", "", choices=("", *BY_KEY)),  # the course's chapter open on the page (lstmviz.ui.course_panel)
)  # fmt: skip
