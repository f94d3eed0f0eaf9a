"""Migrations ``core_0015`` and ``psp_sgls_0002``: the sessions' waitlist moves into core's
activity waitlist, each line in the order the program served it (ticket by ticket), cancelled
entries as left and promoted ones as promoted, the program's table dropped; a downgrade gives
the program its table back without touching another activity's line. ``core_0015`` alone comes
and goes with a round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection

from core.db import Database, Hundredths, UTCDateTime
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from plugins.psp_sgls.migrations import psp_sgls_0002_waitlist_to_core as waitlist_to_core
from tests.conftest import TOKEN_SECRET
from tests.migration_support import round_trip, tables_among
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.test_pw_accounts_migration import _alembic, _people, _write

PSP = "psp_sgls"
BEFORE = waitlist_to_core.down_revision
PROGRAM_TABLE = "psp_sgls_waitlist"
CORE_TABLE = "core_activity_waitlist"
HELD = datetime(2026, 3, 5, 17, 0, tzinfo=UTC)
JOINED = [HELD - timedelta(days=d) for d in (9, 8, 7, 6)]
PROGRAM_ROW = ("session_id", "person_id", "waitlisted_at", "promoted_at", "cancelled_at")
CORE_ROW = ("activity_id", "person_id", "ticket", "waitlisted_at", "promoted_at", "left_at")
WHEN = UTCDateTime(timezone=True)


TYPES: dict[str, Any] = dict.fromkeys(
    ("waitlisted_at", "promoted_at", "cancelled_at", "left_at", "created_at", "starts_at"), WHEN
) | {"ends_at": WHEN, "held_on": sa.Date(), "hours": Hundredths()}
ACTIVITIES = sa.table(
    "core_activities",
    *(
        sa.column(c, TYPES.get(c))
        for c in ("id", "organization_id", "program", "kind", "title", "starts_at", "ends_at")
    ),
    *(sa.column(c, TYPES[c]) for c in ("held_on", "hours", "created_at")),
)


def _typed(name: str, columns: tuple[str, ...]) -> sa.TableClause:
    return sa.table(name, *(sa.column(c, TYPES.get(c)) for c in columns))


async def _activity(session: Any, organization: int, program: str, kind: str) -> int:
    """An activity as the table stood at ``core_0013``."""
    return await session.scalar(
        ACTIVITIES.insert()
        .values(
            organization_id=organization,
            program=program,
            kind=kind,
            title="Held",
            starts_at=HELD,
            ends_at=HELD + timedelta(hours=3),
            held_on=date(2026, 3, 5),
            hours=Decimal(3),
            created_at=HELD,
        )
        .returning(ACTIVITIES.c.id)
    )


async def _sessions(database: Database, organization: int, count: int) -> list[tuple[int, int]]:
    """Sessions of a series, as the tables stood at ``psp_sgls_0001``: (session, activity)."""
    series = _typed(
        "psp_sgls_series", ("id", "organization_id", "title", "theme", "content", "created_at")
    )
    sessions = _typed(
        "psp_sgls_sessions",
        ("id", "activity_id", "series_id", "division_id", "objectives", "created_at"),
    )
    made = []
    async with database.write() as session:
        of_series = await session.scalar(
            series.insert()
            .values(organization_id=organization, title="QI", theme="", content="", created_at=HELD)
            .returning(series.c.id)
        )
        for _ in range(count):
            activity = await _activity(session, organization, PSP, f"{PSP}.session")
            made.append(
                (
                    await session.scalar(
                        sessions.insert()
                        .values(
                            activity_id=activity,
                            series_id=of_series,
                            division_id=organization,
                            objectives="Recall.",
                            created_at=HELD,
                        )
                        .returning(sessions.c.id)
                    ),
                    activity,
                )
            )
    return made


def _settings(url: str) -> Settings:
    return Settings(database_url=url, programs=(PSP,), token_secret=TOKEN_SECRET, environ={})


async def _read(database: Database, table: str, columns: tuple[str, ...]) -> list[tuple]:
    """The table's rows (those columns), sorted."""
    rows = _typed(table, columns)
    async with database.engine.connect() as connection:
        found = await connection.execute(sa.select(rows))
        return sorted(tuple(row) for row in found)


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return await connection.run_sync(tables_among({PROGRAM_TABLE}))


async def test_sgls_capacity_waitlist_moves_to_core_in_order_and_back(
    fresh_url: str,  # noqa: F811
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    config = alembic_config(load_registry(_settings(fresh_url)))
    try:
        await _alembic(database, config, command.upgrade, f"{PSP}@{BEFORE}")
        organization, (a, b, c, d, e, _) = await _people(database)
        (one, first_activity), (two, second_activity) = await _sessions(database, organization, 2)
        program_rows: list[dict[str, Any]] = [
            # session one: d joined first, then b (promoted), then a (left), then c, waiting
            _waiting(one, a, JOINED[2], cancelled_at=HELD),
            _waiting(one, b, JOINED[1], promoted_at=HELD),
            _waiting(one, c, JOINED[3]),
            _waiting(one, d, JOINED[0]),
            _waiting(two, e, JOINED[0]),
        ]
        await _write(database, _typed(PROGRAM_TABLE, PROGRAM_ROW), program_rows)

        await _alembic(database, config, command.upgrade, "heads")
        moved = await _read(database, CORE_TABLE, CORE_ROW)
        gone = await _tables(database)
        elsewhere = await _write_elsewhere(database, organization, a)
        await _alembic(database, config, command.downgrade, f"{PSP}@{BEFORE}")
        back = await _read(database, PROGRAM_TABLE, PROGRAM_ROW)
        kept = await _read(database, CORE_TABLE, CORE_ROW)
    finally:
        await database.dispose()

    assert moved == sorted(
        [
            (first_activity, a, 3, JOINED[2], None, HELD),
            (first_activity, b, 2, JOINED[1], HELD, None),
            (first_activity, c, 4, JOINED[3], None, None),
            (first_activity, d, 1, JOINED[0], None, None),
            (second_activity, e, 1, JOINED[0], None, None),
        ]
    )
    assert gone == set()
    assert back == sorted(tuple(r[k] for k in PROGRAM_ROW) for r in program_rows)
    assert kept == [elsewhere]


def _waiting(session: int, person: int, joined: datetime, **closed: datetime) -> dict[str, Any]:
    return {
        "session_id": session,
        "person_id": person,
        "waitlisted_at": joined,
        "promoted_at": None,
        "cancelled_at": None,
    } | closed


async def _write_elsewhere(database: Database, organization: int, person: int) -> tuple:
    """A place in line at an activity that is no session: the downgrade leaves it."""
    async with database.write() as session:
        activity = await _activity(session, organization, "example", "example.workshop")
    row = (activity, person, 1, HELD, None, None)
    await _write(database, _typed(CORE_TABLE, CORE_ROW), [dict(zip(CORE_ROW, row, strict=True))])
    return row


def _has_editor_and_waitlist(connection: Connection) -> tuple[bool, bool]:
    inspector = sa.inspect(connection)
    editor = "updated_by_id" in {c["name"] for c in inspector.get_columns("core_plans")}
    return editor, CORE_TABLE in inspector.get_table_names()


async def test_core_0015_adds_and_removes_the_waitlist_and_plan_editor(
    fresh_url: str,  # noqa: F811
) -> None:
    seen = await round_trip(fresh_url, "core_0015", _has_editor_and_waitlist)
    assert seen == [(True, True), (False, False), (True, True)]
