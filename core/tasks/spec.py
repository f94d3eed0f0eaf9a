"""What a task is, as core and programs declare it (``register_tasks``): plain data, so the
declarations import nothing that runs them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.db import Database
    from core.registry import Registry

# ``run(database, registry, now) -> how much it did``: the time it runs for is an argument, so
# a retry works for the time it was scheduled for and a test gives the time it needs.
TaskFunction = Callable[["Database", "Registry", datetime], Awaitable[int]]


@dataclass(frozen=True)
class PeriodicTask:
    """Work that must happen at a time, named ``<slug>.<task>``: ``cron`` schedules it on
    procrastinate's workers (PostgreSQL); the in-process runner (SQLite) runs every task on
    its one interval. ``run`` must be idempotent: it may run twice for one time, or on two
    workers at once, so its writes are keyed (insert-if-absent, a unique key, a state checked
    under a row lock) and a second run finds its work done."""

    name: str
    run: TaskFunction
    cron: str = "*/5 * * * *"
