"""The in-process runner: on the embedded SQLite default there is no worker process, so the
server runs the tasks of core and the enabled programs itself, every ``interval`` seconds,
from its lifespan.

Several server processes (``serve --workers``) each run their own: the tasks are idempotent,
so the second run of a minute finds the work done. A task that fails is logged and tried
again on the next round, as procrastinate's retries would."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from core.db import Database, utcnow
from core.registry import Registry

logger = logging.getLogger("peerlearn.tasks")

Clock = Callable[[], datetime]


class InProcessRunner:
    def __init__(
        self,
        database: Database,
        registry: Registry,
        *,
        interval: float,
        clock: Clock = utcnow,
    ) -> None:
        self._database = database
        self._registry = registry
        self._interval = interval
        self._clock = clock
        self._tasks = tuple(registry.tasks.values())
        self._loop: asyncio.Task[None] | None = None
        self._rounds = 0
        self._round_done = asyncio.Condition()

    async def run_once(self) -> dict[str, int]:
        """Run every task once for the clock's time now; what each did (-1: it failed)."""
        now, done = self._clock(), {}
        for task in self._tasks:
            try:
                done[task.name] = await task.run(self._database, self._registry, now)
            except Exception:
                logger.exception("task %s failed; it runs again next round", task.name)
                done[task.name] = -1
        async with self._round_done:
            self._rounds += 1
            self._round_done.notify_all()
        return done

    async def rounds_done(self, at_least: int) -> None:
        """Return once ``at_least`` rounds ran since start: a test waits for the work, not for
        the clock."""
        async with self._round_done:
            await self._round_done.wait_for(lambda: self._rounds >= at_least)

    def start(self) -> None:
        self._loop = asyncio.create_task(self._forever(), name="peerlearn tasks")

    async def stop(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None

    async def _forever(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self._interval)
