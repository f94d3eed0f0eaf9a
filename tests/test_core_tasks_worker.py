"""Tasks on PostgreSQL: procrastinate's workers (``peerlearn worker``) run core's tasks from
the queue in the test database, each tick deferred once however many workers schedule it."""

from __future__ import annotations

import asyncio

import procrastinate
import pytest
from procrastinate.periodic import PeriodicDeferrer

from core.cli import main
from core.db import Database
from core.settings import Settings
from core.tasks.worker import Runtime, build_app
from tests.core_service_support import registry_of
from tests.tasks_support import DAY, Owner, noon, owner  # noqa: F401

SEND = "core.send_reminders"
WORKERS = 3


@pytest.fixture
def postgres(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("procrastinate's queue lives in PostgreSQL; SQLite runs tasks in process")


def _app(database: Database, settings: Settings, schedule: bool) -> procrastinate.App:
    return build_app(
        Runtime(database, registry_of(settings)), settings.database_url, schedule=schedule
    )


async def _work(app: procrastinate.App) -> None:
    """Workers that stop once the queue is empty, each on its own name, as processes would."""
    workers = (
        app.run_worker_async(
            wait=False, install_signal_handlers=False, listen_notify=False, name=f"w{n}"
        )
        for n in range(WORKERS)
    )
    await asyncio.wait_for(asyncio.gather(*workers), timeout=60)


@pytest.mark.usefixtures("postgres")
async def test_core_tasks_worker_runs_a_reminder_job_once_with_several_workers(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    item = await owner.owe(DAY)
    app = _app(database, settings, schedule=False)

    async with app.open_async():
        job_id = await app.configure_task(SEND).defer_async(timestamp=int(noon(DAY).timestamp()))
        await _work(app)
        (job,) = await app.job_manager.list_jobs_async(id=job_id)

    assert job.status == "succeeded"
    assert await owner.reminders() == [(item, 0)]


@pytest.mark.usefixtures("postgres")
async def test_core_tasks_each_tick_is_deferred_once_however_many_workers_schedule_it(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    """Every worker runs procrastinate's periodic deferrer; the database keeps one job per
    task and tick. The job then runs for the tick's time, retried if it fails."""
    item = await owner.owe(DAY)
    scheduled = _app(database, settings, schedule=True)
    (periodic,) = [
        p for p in scheduled.periodic_registry.periodic_tasks.values() if p.task.name == SEND
    ]
    tick = int(noon(DAY).timestamp()) + 300

    async with scheduled.open_async():
        for _ in range(WORKERS):
            await PeriodicDeferrer(scheduled.periodic_registry).defer_jobs([(periodic, tick)])
        todo = list(await scheduled.job_manager.list_jobs_async(task=SEND, status="todo"))
    # Run without schedules, so the workers defer nothing for the real clock's ticks.
    running = _app(database, settings, schedule=False)
    async with running.open_async():
        await _work(running)

    assert (periodic.cron, periodic.task.retry_strategy.max_attempts) == ("*/5 * * * *", 5)
    assert [job.task_kwargs for job in todo] == [{"timestamp": tick}]
    assert await owner.reminders() == [(item, 0)]


def test_core_tasks_worker_command_needs_postgresql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEERLEARN_DATABASE_URL", "sqlite+aiosqlite:///unused.db")

    assert main(["worker"]) == 2
    assert "needs PostgreSQL" in capsys.readouterr().err
