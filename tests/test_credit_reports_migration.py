"""Migrations ``core_0003`` and ``ocfp_practising_well_0004``: the credits OCFP entered into
Mainpro+ move from Practising Well's table into core's, kept as they were, and a downgrade
moves Practising Well's back without touching another program's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, insert

from core.credits.models import CreditEntry
from core.db import Database, UTCDateTime
from core.migrate import alembic_config
from core.people.models import Person, Profession
from core.plugin_host import load_registry
from core.settings import Settings
from tests.conftest import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

PW = "ocfp_practising_well"
PW_TABLE = "ocfp_practising_well_credit_reports"
CORE_TABLE = "core_credit_reports"
REPORTED_AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def _settings(url: str) -> Settings:
    return Settings(database_url=url, programs=(PW,), token_secret=TOKEN_SECRET, environ={})


async def _alembic(
    database: Database, config: Config, step: Callable[..., None], *targets: str
) -> None:
    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        for target in targets:
            step(config, target)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


def _reports(table: str) -> sa.TableClause:
    return sa.table(
        table,
        sa.column("credit_entry_id", sa.Integer),
        sa.column("reported_at", UTCDateTime(timezone=True)),
        sa.column("reported_by_id", sa.Integer),
    )


async def _add_report(database: Database, table: str, entry: int, by: int) -> None:
    async with database.write() as session:
        await session.execute(
            _reports(table).insert(),
            [{"credit_entry_id": entry, "reported_at": REPORTED_AT, "reported_by_id": by}],
        )


async def _rows(database: Database, table: str) -> list[tuple[int, datetime, int]] | None:
    """The reports in the table, by entry; None when the table does not exist."""

    def read(connection: Connection) -> list[tuple[int, datetime, int]] | None:
        if not sa.inspect(connection).has_table(table):
            return None
        reports = _reports(table)
        rows = connection.execute(sa.select(reports).order_by(reports.c.credit_entry_id))
        return [(entry, at, by) for entry, at, by in rows]

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def _entries(database: Database, *programs: str) -> tuple[int, list[int]]:
    """A reporter, and one credit entry of each program for a person."""
    async with database.write() as session:
        # Only the columns of that revision: later ones add more to the models.
        people = [
            await session.scalar(
                insert(Person.__table__)
                .values(
                    given_name="Mig",
                    family_name=f"Ration {n}",
                    email=f"migration-{n}@example.org",
                    profession=Profession.FAMILY_PHYSICIAN,
                )
                .returning(Person.__table__.c.id)
            )
            for n in range(2)
        ]
        ids = [
            await session.scalar(
                insert(CreditEntry.__table__)
                .values(
                    person_id=people[1],
                    program=program,
                    credit_system="mainpro+",
                    credit_type="certified",
                    scope=f"{program}.peer_connect",
                    formula="PW-CREDIT-PEER",
                    quantity=Decimal(1),
                    unit="hour",
                    rate=Decimal(3),
                    amount=Decimal(3),
                    explanation="1 hour(s) x 3",
                    earned_on=date(2026, 1, 10),
                )
                .returning(CreditEntry.__table__.c.id)
            )
            for program in programs
        ]
        assert people[0] is not None
        return people[0], [pk for pk in ids if pk is not None]


async def test_credit_reports_move_to_core_and_back_with_their_data(
    fresh_url: str,  # noqa: F811
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    config = alembic_config(load_registry(_settings(fresh_url)))
    try:
        await _alembic(database, config, command.upgrade, "core_0002", f"{PW}_0003")
        reporter, (pw_entry, other_entry) = await _entries(database, PW, "other")
        await _add_report(database, PW_TABLE, pw_entry, reporter)

        await _alembic(database, config, command.upgrade, "core@head", f"{PW}@head")
        moved = await _rows(database, CORE_TABLE)
        gone = await _rows(database, PW_TABLE)
        await _add_report(database, CORE_TABLE, other_entry, reporter)  # another program's
        await _alembic(database, config, command.downgrade, f"{PW}@{PW}_0003")
        back = await _rows(database, PW_TABLE)
        left = await _rows(database, CORE_TABLE)
        await _alembic(database, config, command.upgrade, f"{PW}@head")
        again = await _rows(database, CORE_TABLE)
    finally:
        await database.dispose()

    kept, others = [(pw_entry, REPORTED_AT, reporter)], [(other_entry, REPORTED_AT, reporter)]
    assert (moved, gone) == (kept, None)
    assert (back, left) == (kept, others)
    assert again == kept + others
