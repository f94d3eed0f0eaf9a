"""Timing: variants run interleaved (A, B, A, B ...) so drift of a shared machine falls on
both alike; their statistics; a counter of SQL statements; peak memory of a run, in this
process (``tracemalloc``) or in a server's (``/proc/<pid>/status``)."""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

Action = Callable[[], Awaitable[object]]
_COUNTED = ("select", "insert", "update", "delete", "with")


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(samples)
    rank = max(math.ceil(pct / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


async def interleaved(variants: Mapping[str, Action], *, rounds: int) -> dict[str, list[float]]:
    """Milliseconds of each variant over ``rounds`` rounds in which every variant runs once,
    in turn (warm them first: see ``observed``)."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, action in variants.items():
            started = time.perf_counter()
            await action()
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


@dataclass(frozen=True)
class Observed:
    """A first run: what it answered, the statements it sent, its peak memory and, when it
    was timed, how long it took."""

    result: Any
    statements: int
    peak_mb: float
    elapsed_ms: float | None = None


async def observed(action: Action, engine: AsyncEngine) -> Observed:
    """One untimed run (it also warms up the timed ones) that counts the statements sent and
    the peak of Python's heap above where it stood (``tracemalloc``, started for this run
    only: every object the run allocates, whether or not the allocator had room for it)."""
    gc.collect()
    tracemalloc.start()
    try:
        with StatementCounter(engine).counting() as counter:
            result = await action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Observed(result, counter.count, peak / 2**20)


async def observed_timed(action: Action, engine: AsyncEngine) -> Observed:
    """A first run that also counts as a timed one, for a scenario too slow to run once more
    under ``tracemalloc`` (which slows it several times): memory is this process's resident
    growth instead, its high-water mark reset first (``/proc/self/clear_refs``) minus where it
    stood. Memory freed earlier but kept by the allocator is reused first, so it can read
    low."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # noqa: ASYNC240 (procfs, never blocks)
    before = status_kb("self", "VmRSS")
    with StatementCounter(engine).counting() as counter:
        started = time.perf_counter()
        result = await action()
        elapsed = (time.perf_counter() - started) * 1000
    growth = max(status_kb("self", "VmHWM") - before, 0) / 1024
    return Observed(result, counter.count, growth, elapsed)


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


def status_kb(pid: int | str, field: str) -> int:
    """A ``VmRSS``/``VmHWM`` line of ``/proc/<pid>/status``, in kB (0 where there is none)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0
