"""Timing samples, their statistics, and a counter of SQL statements sent to the database."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_COUNTED = ("select", "insert", "update", "delete", "with")


@dataclass(frozen=True)
class Result:
    """One row of the report: timing samples in milliseconds and what they are compared to."""

    name: str
    samples_ms: list[float]
    baseline: str | None = None
    statements: float | None = None
    per_second: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(samples)
    rank = max(math.ceil(pct / 100 * len(ordered)), 1)
    return ordered[rank - 1]


async def measure(
    action: Callable[[], Awaitable[object]], *, repeat: int, warmup: int
) -> list[float]:
    """Run ``action`` ``warmup`` times untimed, then ``repeat`` times timed, one at a time."""
    for _ in range(warmup):
        await action()
    samples: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        await action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


class StatementCounter:
    """Counts data statements (not BEGIN, PRAGMA or COMMIT) an engine executes."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.sync_engine
        self.count = 0

    def _on_execute(self, *args: Any, **_: Any) -> None:
        statement: str = args[2]
        if statement.lstrip().lower().startswith(_COUNTED):
            self.count += 1

    @contextmanager
    def counting(self) -> Iterator[StatementCounter]:
        self.count = 0
        event.listen(self._engine, "before_cursor_execute", self._on_execute)
        try:
            yield self
        finally:
            event.remove(self._engine, "before_cursor_execute", self._on_execute)


async def count_statements(engine: AsyncEngine, action: Callable[[], Awaitable[object]]) -> int:
    """How many statements one run of ``action`` sends."""
    with StatementCounter(engine).counting() as counter:
        await action()
    return counter.count
