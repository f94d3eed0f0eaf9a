"""Retroactive credit is awarded once under concurrent requests, on both databases: 24 staff
adding a certification of one activity at once (one wins, the rest are refused as overlapping),
and 24 asking to award what a certification covers at once; and beneath the services, the
database itself refuses a second retroactive award."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError

from core.activities.models import Participation
from core.credits.models import CreditEntry
from core.db import Database
from core.graphql.relay import from_global_id
from tests.certification_support import ADD, AWARD, attend, code, codes, held_in, ledger
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

CONCURRENT = 24


async def test_core_certification_overlap_holds_under_24_concurrent_adds(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = await held_in(make, 2011)
    people = [await make.person() for _ in range(3)]
    for person in people:
        await attend(gql, activity, person)

    payloads = await asyncio.gather(
        *(
            gql.payload(
                ADD,
                activityId=activity,
                code=code(),
                title="Raced",
                rate="1",
                effectiveFrom="2011-01-01",
            )
            for _ in range(CONCURRENT)
        )
    )

    won = [p for p in payloads if not p["errors"]]
    assert len(won) == 1
    assert {c for p in payloads if p["errors"] for c in codes(p)} == {"CORE-CERTIFICATION-OVERLAP"}
    assert len(won[0]["awarded"]) == len(people)
    for person in people:
        assert [e["amount"] for e in await ledger(gql, person, "2010-07-01")] == ["2.00"]


async def test_core_certification_retroactive_award_once_under_24_concurrent_requests(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    activity = await held_in(make, 2010)
    certification = (
        await gql.mutate(
            ADD,
            activityId=activity,
            code=code(),
            title="Certified while people attended",
            rate="1",
            effectiveFrom="2010-01-01",
        )
    )["certification"]
    # Attendance that was being recorded while the certification was added: kept, not credited.
    people = [await make.person() for _ in range(4)]
    async with database.write() as session:
        for person in people:
            session.add(
                Participation(
                    activity_id=from_global_id(activity)[1],
                    person_id=from_global_id(person)[1],
                    hours=2,
                )
            )

    payloads = await asyncio.gather(
        *(gql.payload(AWARD, certificationId=certification["id"]) for _ in range(CONCURRENT))
    )

    assert all(p["errors"] == [] for p in payloads)
    assert sum(len(p["awarded"]) for p in payloads) == len(people)
    for person in people:
        (entry,) = await ledger(gql, person, "2009-07-01")
        assert entry["explanation"].startswith("Awarded retroactively")


async def test_core_certification_database_refuses_a_second_retroactive_award(
    database: Database,
) -> None:
    async with database.read() as session:
        first = await session.scalar(
            CreditEntry.__table__.select()
            .where(CreditEntry.award_key.is_not(None))
            .limit(1)
            .with_only_columns(CreditEntry.id)
        )
    assert first is not None
    async with database.read() as session:
        original = await session.get(CreditEntry, first)
    assert original is not None
    copy = {c.key: getattr(original, c.key) for c in CreditEntry.__table__.columns if c.key != "id"}

    with pytest.raises(IntegrityError):
        await _insert(database, CreditEntry(**copy))


async def _insert(database: Database, entry: CreditEntry) -> None:
    async with database.write() as session:
        session.add(entry)
