"""Migration ``core_0018``: the outbox columns of notifications and a person's email
preference come with an upgrade and go with a downgrade, on both databases; notifications
recorded before it are never emailed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.migration_support import _step, round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

COLUMNS = {
    "required",
    "email_state",
    "email_attempts",
    "email_next_attempt_at",
    "email_claimed_at",
    "email_claimed_by",
    "email_sent_at",
    "email_error",
    "email_preference",
}


def _read(connection: Connection) -> set[str]:
    inspector = sa.inspect(connection)
    columns = {
        c["name"]
        for table in ("core_notifications", "core_people")
        for c in inspector.get_columns(table)
    }
    return COLUMNS & columns


async def test_core_0018_adds_and_removes_the_outbox_and_the_preference(
    fresh_url: str,  # noqa: F811
) -> None:
    assert await round_trip(fresh_url, "core_0018", _read) == [COLUMNS, set(), COLUMNS]


async def test_core_0018_skips_the_email_of_notifications_recorded_before_it(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, "core_0017")
        async with database.engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO core_people (id, given_name, family_name, email, profession, "
                    "created_at) VALUES (1, 'A', 'B', 'a@example.org', 'other', CURRENT_TIMESTAMP)"
                )
            )
            await connection.execute(
                sa.text(
                    "INSERT INTO core_notifications (person_id, program, kind, message, "
                    "created_at) VALUES (1, 'core', 'core.x', 'Old news.', CURRENT_TIMESTAMP)"
                )
            )
        await _step(database, config, command.upgrade, "core_0018")
        async with database.engine.connect() as connection:
            rows = await connection.execute(
                sa.text("SELECT email_state, email_error FROM core_notifications")
            )
            people = await connection.execute(sa.text("SELECT email_preference FROM core_people"))
            assert [tuple(r) for r in rows] == [("skipped", "recorded before email delivery")]
            assert [tuple(r) for r in people] == [("all",)]
    finally:
        await database.dispose()
