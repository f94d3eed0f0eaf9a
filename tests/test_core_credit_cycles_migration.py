"""Migration ``core_0020``: a person's one ``cycle_start`` becomes their first recorded
cycle, the five Mainpro+ years from the 1 July on or before it, as the transcript counted them;
a downgrade gives the column back its cycle's start. On both databases."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import command

from core.db import Database
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.migration_support import _step, round_trip, tables_among
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

TABLES = {"core_credit_cycles", "core_external_credits"}
PERSON = (
    "INSERT INTO core_people (id, given_name, family_name, email, profession, cycle_start, "
    "created_at) VALUES (:id, 'A', 'B', :email, 'family_physician', :start, CURRENT_TIMESTAMP)"
)


async def test_core_0020_adds_and_removes_the_cycles_and_external_credits(
    fresh_url: str,  # noqa: F811
) -> None:
    assert await round_trip(fresh_url, "core_0020", tables_among(TABLES)) == [TABLES, set(), TABLES]


async def test_core_0020_moves_a_cycle_start_into_a_recorded_cycle_and_back(
    fresh_url: str,  # noqa: F811
) -> None:
    settings = Settings(database_url=fresh_url, programs=(), token_secret=TOKEN_SECRET, environ={})
    database = Database.from_settings(settings)
    config = alembic_config(load_registry(settings))
    try:
        await _step(database, config, command.upgrade, "core_0019")
        async with database.engine.begin() as connection:
            for pk, start in ((1, date(2023, 1, 15)), (2, None)):
                await connection.execute(
                    sa.text(PERSON), {"id": pk, "email": f"{pk}@example.org", "start": start}
                )
        await _step(database, config, command.upgrade, "core_0020")
        async with database.engine.connect() as connection:
            cycles = await connection.execute(
                sa.text(
                    "SELECT person_id, credit_system, kind, starts_on, ends_on, source, "
                    "set_by_id FROM core_credit_cycles"
                )
            )
            assert [tuple(str(v) if v is not None else None for v in r) for r in cycles] == [
                ("1", "mainpro+", "regular", "2022-07-01", "2027-06-30", "staff", None)
            ]
        await _step(database, config, command.downgrade, "core_0019")
        async with database.engine.connect() as connection:
            starts = await connection.execute(
                sa.text("SELECT id, cycle_start FROM core_people ORDER BY id")
            )
            assert [(r[0], str(r[1]) if r[1] else None) for r in starts] == [
                (1, "2022-07-01"),
                (2, None),
            ]
    finally:
        await database.dispose()
