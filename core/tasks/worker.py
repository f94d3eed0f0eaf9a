"""Tasks on PostgreSQL, run by procrastinate: ``peerlearn worker``, in as many
processes as the load needs.

procrastinate keeps its queue in the same database (its tables are created by ``peerlearn db
upgrade``, migration core_0011). Each periodic task is deferred once per cron tick however
many workers run (procrastinate records each tick), waits in the queue behind no copy of
itself (``queueing_lock``), runs on one worker at a time (``lock``) and is retried with a
growing wait when it fails. The task functions are the ones the in-process runner calls, with
the time of their tick as their clock, so a retry works for the time it was scheduled for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import procrastinate
from procrastinate import PsycopgConnector, RetryStrategy
from sqlalchemy.engine import make_url

from core.db import Database
from core.registry import Registry
from core.settings import Settings, SettingsError
from core.tasks.spec import PeriodicTask

# A failed run is tried again after 2, 4, 8, 16 and 32 seconds, then left to the next tick.
RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)


@dataclass(frozen=True)
class Runtime:
    """What a task needs that a job's arguments cannot carry."""

    database: Database
    registry: Registry


def conninfo(database_url: str) -> str:
    """The libpq connection string procrastinate's psycopg pool takes, from peerlearn's
    SQLAlchemy URL; only PostgreSQL has a worker."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise SettingsError(
            "`peerlearn worker` needs PostgreSQL; on SQLite the tasks run inside `peerlearn serve`"
        )
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(runtime: Runtime, database_url: str, *, schedule: bool = True) -> procrastinate.App:
    """A procrastinate app running the tasks of core and the enabled programs; ``schedule``
    registers their cron schedules (a test defers the jobs itself instead, for a time it
    chooses)."""
    connector = PsycopgConnector(conninfo=conninfo(database_url), min_size=1, max_size=4)
    app = procrastinate.App(connector=connector)
    for task in runtime.registry.tasks.values():
        _register(app, runtime, task, schedule)
    return app


def _register(app: procrastinate.App, runtime: Runtime, task: PeriodicTask, schedule: bool) -> None:
    async def run(timestamp: int) -> int:
        now = datetime.fromtimestamp(timestamp, UTC)
        return await task.run(runtime.database, runtime.registry, now)

    job = app.task(name=task.name, retry=RETRY, lock=task.name, queueing_lock=task.name)(run)
    if schedule:
        app.periodic(cron=task.cron, periodic_id=task.name)(job)


async def run_worker(settings: Settings, registry: Registry, concurrency: int) -> None:
    """Run jobs until stopped (SIGINT or SIGTERM finish the running ones first)."""
    database = Database.from_settings(settings)
    app = build_app(Runtime(database, registry), settings.database_url)
    try:
        async with app.open_async():
            if not await app.check_connection_async():
                raise SettingsError("the task queue has no tables: run `peerlearn db upgrade`")
            await app.run_worker_async(concurrency=concurrency, name="peerlearn")
    finally:
        await database.dispose()
