"""Tasks (issue 9, primitive 10): reminders of what falls due are sent from the clock, each
once, also by many runs at once on both databases; on the embedded SQLite default the server
runs them itself. The procrastinate worker path is in tests/test_core_tasks_worker.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from core.app import create_app
from core.db import Database, utcnow
from core.due_items import service as due_items
from core.graphql.relay import from_global_id
from core.settings import Settings
from core.tasks.jobs import continue_series, send_reminders
from core.tasks.spec import TaskFunction
from tests.core_service_support import registry_of
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.tasks_support import DAY, MONTHLY, READING, Owner, noon, owner  # noqa: F401

RUNS = 24
WORKERS = 4  # engines, as if this many processes ran the task


@pytest.fixture
def owners(
    make: Factory, gql: GraphQLClient, client_for: Callable[[str], GraphQLClient]
) -> Callable[[], Awaitable[Owner]]:
    return lambda: Owner.new(make, gql, client_for)


async def _remind(database: Database, settings: Settings, day_offset: int) -> int:
    return await send_reminders(database, registry_of(settings), noon(DAY + timedelta(day_offset)))


async def _many_workers(settings: Settings, task: TaskFunction) -> None:
    """Run ``task`` RUNS times at once, spread over WORKERS engines of their own."""
    databases = [Database.from_settings(settings) for _ in range(WORKERS)]
    registry = registry_of(settings)
    try:
        await asyncio.gather(
            *(task(databases[i % WORKERS], registry, noon(DAY)) for i in range(RUNS))
        )
    finally:
        for database in databases:
            await database.dispose()


async def test_core_tasks_reminder_sent_once_under_24_concurrent_runs(
    settings: Settings, owners: Callable[[], Awaitable[Owner]]
) -> None:
    people = [await owners() for _ in range(3)]
    items = [await person.owe(DAY) for person in people for _ in range(2)]

    await _many_workers(settings, send_reminders)

    sent = [reminder for person in people for reminder in await person.reminders()]
    assert sorted(sent) == sorted((item, 0) for item in items)


async def test_lc_monthly_next_item_set_once_under_24_concurrent_runs(
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    first = await owner.owe(DAY, MONTHLY)

    await _many_workers(settings, continue_series)

    items = await owner.items()
    assert [(i["dueOn"], i["followsId"]) for i in items if i["followsId"]] == [
        ("2001-02-28", first)
    ]


async def test_core_tasks_reminders_come_on_the_kinds_days_each_once(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    """The monthly report is reminded three days ahead, on the day and the day after; no
    run sends a reminder twice, and none comes after the last."""
    item = await owner.owe(DAY, MONTHLY)

    seen = []
    for day in (-5, -3, -2, 0, 0, 1, 9):
        await _remind(database, settings, day)
        seen.append([d for i, d in await owner.reminders() if i == item])

    assert seen == [[], [-3], [-3], [-3, 0], [-3, 0], [-3, 0, 1], [-3, 0, 1]]


async def test_core_tasks_a_late_run_sends_only_the_latest_reminder(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    """A server down over the due date does not send "due today" a week late."""
    item = await owner.owe(DAY)

    await _remind(database, settings, 7)

    assert await owner.reminders() == [(item, 1)]


async def test_core_tasks_no_reminder_of_an_item_completed_or_closed(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    done = await owner.owe(DAY)
    await owner.owe(DAY, MONTHLY)
    await owner.complete(done)
    async with database.write() as session:
        await due_items.close_open(session, from_global_id(owner.person)[1], MONTHLY, utcnow())

    await _remind(database, settings, 0)

    assert await owner.reminders() == []


async def test_core_tasks_reminder_reads_as_a_message_to_the_person(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    item = await owner.owe(DAY, READING)

    await _remind(database, settings, 1)

    notes = await owner.client.data("{ me { notifications { nodes { kind message dueItemId } } } }")
    (note,) = notes["me"]["notifications"]["nodes"]
    assert note["kind"] == "example.due_item_reminder"
    assert note["dueItemId"] == item
    assert "was due on January 31, 2001 and is overdue" in note["message"]


async def test_core_tasks_run_in_process_beside_serve_when_turned_on(
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    """The server's lifespan starts the runner (by default on SQLite; a test turns it on),
    which runs the tasks at once and then every interval, for the clock it is given."""
    item = await owner.owe(DAY)
    serving = Settings(
        database_url=settings.database_url,
        programs=settings.programs,
        token_secret=settings.token_secret,
        tasks_in_process=True,
        task_interval_seconds=3600,
        environ={},
    )
    app = create_app(serving, database=Database.from_settings(serving), clock=lambda: noon(DAY))

    async with app.router.lifespan_context(app):
        await asyncio.wait_for(app.state.tasks.rounds_done(1), timeout=30)

    assert await owner.reminders() == [(item, 0)]


async def test_core_tasks_a_programs_own_task_runs_for_the_time_it_is_given(
    database: Database,
    settings: Settings,
    owner: Owner,  # noqa: F811
) -> None:
    """The example program's nightly task (``register_tasks``) retires readings three months
    overdue through core's ``close_overdue``; a second run finds nothing left to do."""
    old, recent = await owner.owe(DAY), await owner.owe(DAY + timedelta(days=60))
    registry = registry_of(settings)
    task = registry.tasks["example.retire_readings"]

    runs = [await task.run(database, registry, noon(DAY + timedelta(days=91))) for _ in range(2)]

    states = {i["id"]: i["state"] for i in await owner.items()}
    assert (states[old], states[recent]) == ("CLOSED", "OVERDUE")
    assert runs[0] >= 1
    assert runs[1] == 0


@pytest.mark.parametrize(
    ("url", "in_process", "runs"),
    [
        ("sqlite+aiosqlite:///x.db", None, True),
        ("postgresql+asyncpg://db/x", None, False),
        ("postgresql+asyncpg://db/x", True, True),
        ("sqlite+aiosqlite:///x.db", False, False),
    ],
)
def test_core_tasks_run_in_process_by_default_on_sqlite_only(
    url: str, in_process: bool | None, runs: bool
) -> None:
    """On PostgreSQL ``peerlearn worker`` runs them, unless the server is told to."""
    assert Settings(database_url=url, tasks_in_process=in_process).runs_tasks_in_process is runs
