"""Migration ``core_0006``: credit entries learn their organization from their activity (the
ledger stays append-only afterwards), and the revision goes down and up again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError

from core.activities.models import Activity
from core.credits.models import CreditEntry
from core.db import Database
from core.migrate import alembic_config
from core.people.models import Organization, Person, Profession
from core.plugin_host import load_registry
from tests.migration_support import round_trip
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.test_credit_reports_migration import PW, _alembic, _settings

HELD = datetime(2026, 1, 10, 17, tzinfo=UTC)


async def _entry_at_an_activity(database: Database) -> tuple[int, int]:
    """An organization and an entry earned at its activity, written before core_0006."""
    async with database.write() as session:
        # Core inserts name only this revision's columns: the models have grown since.
        organization = await session.scalar(
            insert(Organization.__table__)
            .values(name="Migrating", kind="association")
            .returning(Organization.__table__.c.id)
        )
        person = await session.scalar(
            insert(Person.__table__)
            .values(
                given_name="Mig",
                family_name="Ration",
                email="migration-0006@example.org",
                profession=Profession.FAMILY_PHYSICIAN,
            )
            .returning(Person.__table__.c.id)
        )
        activity = await session.scalar(
            insert(Activity.__table__)
            .values(
                organization_id=organization,
                program=PW,
                kind=f"{PW}.cop_call",
                title="A call",
                starts_at=HELD,
                ends_at=HELD,
                held_on=HELD.date(),
                hours=Decimal(1),
            )
            .returning(Activity.__table__.c.id)
        )
        entry = await session.scalar(
            insert(CreditEntry.__table__)
            .values(
                person_id=person,
                program=PW,
                activity_id=activity,
                credit_system="mainpro+",
                credit_type="certified",
                scope=f"{PW}.cop_call",
                formula="PW-CREDIT-COP",
                quantity=Decimal(1),
                unit="hour",
                rate=Decimal(1),
                amount=Decimal(1),
                explanation="1 hour(s) x 1",
                earned_on=date(2026, 1, 10),
            )
            .returning(CreditEntry.__table__.c.id)
        )
        assert entry is not None
        assert organization is not None
        return organization, entry


async def _organization_of(database: Database, entry: int) -> int | None:
    async with database.read() as session:
        return await session.scalar(
            text("SELECT organization_id FROM core_credit_entries WHERE id = :id"), {"id": entry}
        )


async def test_core_certifications_migration_backfills_entries_organization(
    fresh_url: str,  # noqa: F811
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    config = alembic_config(load_registry(_settings(fresh_url)))
    try:
        await _alembic(database, config, command.upgrade, "core_0006-1")
        organization, entry = await _entry_at_an_activity(database)
        await _alembic(database, config, command.upgrade, "heads")
        filled = await _organization_of(database, entry)
        with pytest.raises(DBAPIError, match="append-only"):
            async with database.write() as session:
                await session.execute(sa.update(CreditEntry.__table__).values(amount=Decimal(9)))
    finally:
        await database.dispose()

    assert filled == organization


def _entry_columns(connection: sa.Connection) -> set[str]:
    columns = {c["name"] for c in sa.inspect(connection).get_columns("core_credit_entries")}
    tables = set(sa.inspect(connection).get_table_names())
    return (NEW_COLUMNS & columns) | ({"core_achievements"} & tables)


NEW_COLUMNS = {"organization_id", "achievement_id", "award_key"}


async def test_core_0006_adds_and_removes_entry_columns_and_achievements(
    fresh_url: str,  # noqa: F811
) -> None:
    added = NEW_COLUMNS | {"core_achievements"}
    assert await round_trip(fresh_url, "core_0006", _entry_columns) == [added, set(), added]
