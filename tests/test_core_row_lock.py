"""One row-lock helper: a row is read as locked, locked once per transaction, and a second
transaction waits for the first to finish before it reads the row."""

from __future__ import annotations

import asyncio
import gc

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import NotFound
from core.locks import lock_row
from core.people.models import Organization, Person
from tests.core_service_support import organization_and_person
from tests.factories import Factory
from tests.statement_counting import counting_statements


async def test_lock_row_reads_the_row_as_locked_not_the_sessions_copy(
    database: Database, make: Factory
) -> None:
    organization, _ = await organization_and_person(make)
    async with database.write() as session:
        stale = await session.get(Organization, organization)
        assert stale is not None
        await session.execute(
            update(Organization)
            .where(Organization.id == organization)
            .values(kind="renamed")
            .execution_options(synchronize_session=False)
        )
        assert stale.kind != "renamed"

        locked = await lock_row(session, Organization, organization)

    assert locked is stale
    assert locked.kind == "renamed"


async def test_lock_row_locks_a_row_once_per_transaction(database: Database, make: Factory) -> None:
    _, person = await organization_and_person(make)
    async with database.write() as session:
        with counting_statements(database) as statements:
            first_id = id(await lock_row(session, Person, person))
            gc.collect()  # no one holds the row now: the session's identity map alone would not
            again = await lock_row(session, Person, person)

    assert again is not None
    assert id(again) == first_id
    assert len(statements) == 1


async def test_lock_row_locks_again_in_the_next_transaction(
    database: Database, make: Factory
) -> None:
    _, person = await organization_and_person(make)
    async with AsyncSession(database.engine, expire_on_commit=False) as session:
        with counting_statements(database) as statements:
            async with session.begin():
                await lock_row(session, Person, person)
            async with session.begin():
                await lock_row(session, Person, person)

    assert len([s for s in statements if "FROM core_people" in s]) == 2


async def test_lock_row_without_the_row_is_none_or_not_found_when_named(
    database: Database,
) -> None:
    async with database.write() as session:
        assert await lock_row(session, Person, 2_000_000_000) is None
        with pytest.raises(NotFound, match="No such person"):
            await lock_row(session, Person, 2_000_000_000, missing="person")


async def test_lock_row_makes_a_second_transaction_read_what_the_first_wrote(
    database: Database, make: Factory
) -> None:
    organization, _ = await organization_and_person(make)
    first_locked = asyncio.Event()

    async def first() -> None:
        async with database.write() as session:
            row = await lock_row(session, Organization, organization, missing="organization")
            first_locked.set()
            await asyncio.sleep(0.2)  # the second transaction is waiting for the lock by now
            row.kind = "first"

    async def second() -> str:
        await first_locked.wait()
        async with database.write() as session:
            row = await lock_row(session, Organization, organization, missing="organization")
            return row.kind

    _, seen = await asyncio.gather(first(), second())

    assert seen == "first"
