"""Migrations ``core_0012`` and ``ocfp_practising_well_0006``: learner accounts' approval moves
into core enrolments, each state, decision and last withdrawal kept (an account withdrawn and
applied for again becomes two enrolments), and a downgrade gives the accounts their columns
back without touching another program's enrolments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from core.db import Database, UTCDateTime
from core.migrate import alembic_config
from core.plugin_host import load_registry
from core.settings import Settings
from plugins.ocfp_practising_well.migrations import (
    ocfp_practising_well_0006_accounts_to_core as accounts_to_core,
)
from tests.conftest import TOKEN_SECRET
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)

PW = "ocfp_practising_well"
BEFORE = accounts_to_core.down_revision
LEARNERS = "ocfp_practising_well_learners"
ENROLMENTS = "core_enrolments"
WHEN = UTCDateTime(timezone=True)
APPLIED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DECIDED = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
LEFT = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
ACCOUNT = (
    "status",
    "applied_at",
    "decided_at",
    "decided_by_id",
    "decision_note",
    "withdrawn_at",
    "withdrawn_by_id",
    "withdrawal_reason",
)
ENROLMENT = (
    "person_id",
    "program",
    "organization_id",
    "state",
    "requested_at",
    "decided_at",
    "decided_by_id",
    "decision_reason",
    "ended_at",
    "ended_by_id",
    "end_reason",
)
DATES = {"applied_at", "decided_at", "withdrawn_at", "requested_at", "ended_at"}


def _settings(url: str) -> Settings:
    return Settings(database_url=url, programs=(PW,), token_secret=TOKEN_SECRET, environ={})


def _type(column: str) -> Any:
    return WHEN if column in DATES else sa.JSON() if column == "topics" else None


def _table(name: str, columns: tuple[str, ...]) -> sa.TableClause:
    return sa.table(name, *(sa.column(c, _type(c)) for c in columns))


async def _alembic(database: Database, config: Config, step: Callable[..., None], target: str):
    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        step(config, target)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def _people(database: Database) -> tuple[int, list[int]]:
    """An organization and six people of it: a staff member and five learners. Written as
    rows of the tables as they stood then: the models may have columns added since."""
    organizations = _table("core_organizations", ("id", "name", "kind", "created_at"))
    people = _table(
        "core_people",
        ("id", "given_name", "family_name", "email", "profession", "created_at"),
    )
    async with database.write() as session:
        organization = await session.scalar(
            organizations.insert()
            .values(name="Migration office", kind="association", created_at=APPLIED)
            .returning(organizations.c.id)
        )
        ids = [
            await session.scalar(
                people.insert()
                .values(
                    given_name="Mig",
                    family_name=f"Ration {n}",
                    email=f"accounts-migration-{n}@example.org",
                    profession="family_physician",
                    created_at=APPLIED,
                )
                .returning(people.c.id)
            )
            for n in range(6)
        ]
        return organization, ids


def _accounts(staff: int) -> list[dict[str, Any]]:
    """Pending; approved; declined with a note; withdrawn by staff; applied again after
    leaving by themselves."""
    decided = {"decided_at": DECIDED, "decided_by_id": staff}
    left = {"withdrawn_at": LEFT, "withdrawal_reason": "Moved away."}
    rows = [
        {"status": "pending"},
        {"status": "approved", **decided},
        {"status": "declined", **decided, "decision_note": "Not an Ontario licence."},
        {"status": "withdrawn", **decided, **left, "withdrawn_by_id": staff},
        {"status": "pending", **left},
    ]
    blank = dict.fromkeys(ACCOUNT) | {"applied_at": APPLIED}
    return [blank | row for row in rows]


async def _write(database: Database, table: sa.TableClause, rows: list[dict[str, Any]]) -> None:
    async with database.write() as session:
        await session.execute(table.insert(), rows)


async def _read(database: Database, table: str, columns: tuple[str, ...]) -> list[tuple] | None:
    """The table's rows (those columns, by id); None when it lacks the first column."""

    def read(connection: Connection) -> list[tuple] | None:
        present = {c["name"] for c in sa.inspect(connection).get_columns(table)}
        if columns[0] not in present:
            return None
        rows = _table(table, ("id", *columns))
        return [tuple(r)[1:] for r in connection.execute(sa.select(rows).order_by(rows.c.id))]

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def test_pw_accounts_move_to_core_enrolments_and_back(fresh_url: str) -> None:  # noqa: F811
    database = Database.from_settings(_settings(fresh_url))
    config = alembic_config(load_registry(_settings(fresh_url)))
    try:
        await _alembic(database, config, command.upgrade, BEFORE)
        organization, (staff, *learners) = await _people(database)
        accounts = _accounts(staff)
        rows = [
            {"person_id": person, "organization_id": organization, "topics": [], **account}
            for person, account in zip(learners, accounts, strict=True)
        ]
        await _write(
            database,
            _table(LEARNERS, ("person_id", "organization_id", "topics", "reporting", *ACCOUNT)),
            [row | {"reporting": "certificate"} for row in rows],
        )

        await _alembic(database, config, command.upgrade, "heads")
        moved = await _read(database, ENROLMENTS, ENROLMENT)
        gone = await _read(database, LEARNERS, ("status",))
        other = dict.fromkeys(ENROLMENT) | {
            "person_id": staff,
            "program": "other",
            "organization_id": organization,
            "state": "approved",
            "requested_at": APPLIED,
        }
        await _write(database, _table(ENROLMENTS, ENROLMENT), [other])
        await _alembic(database, config, command.downgrade, f"{PW}@{BEFORE}")
        back = await _read(database, LEARNERS, ACCOUNT)
        left = await _read(database, ENROLMENTS, ("program",))
        await _alembic(database, config, command.upgrade, "heads")
        again = await _read(database, ENROLMENTS, ENROLMENT)
    finally:
        await database.dispose()

    pending, approved, declined, withdrawn, returned = learners

    def enrolment(person: int, state: str, **fields: Any) -> tuple:
        values = dict.fromkeys(ENROLMENT) | fields
        values |= {"person_id": person, "program": PW, "organization_id": organization}
        values |= {"state": state}
        return tuple(values[c] for c in ENROLMENT)

    decided = {"decided_at": DECIDED, "decided_by_id": staff}
    ended = {"ended_at": LEFT, "end_reason": "Moved away."}
    expected = [
        enrolment(pending, "requested", requested_at=APPLIED),
        enrolment(approved, "approved", requested_at=APPLIED, **decided),
        enrolment(
            declined,
            "declined",
            requested_at=APPLIED,
            decision_reason="Not an Ontario licence.",
            **decided,
        ),
        enrolment(
            withdrawn, "withdrawn", requested_at=APPLIED, ended_by_id=staff, **decided, **ended
        ),
        enrolment(returned, "withdrawn", requested_at=LEFT, **ended),
        enrolment(returned, "requested", requested_at=APPLIED),
    ]
    assert moved == expected
    assert gone is None
    assert back == [tuple(a[c] for c in ACCOUNT) for a in accounts]
    assert left == [("other",)]
    assert sorted(again or [], key=str) == sorted([*expected, tuple(other.values())], key=str)
