"""``record_self_reported``: a program records time a person spent on something it runs
itself. Core makes the activity for that one attendance and awards its credit the way every
attendance is awarded (certification, formula, caps), for the program's own managed kinds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from core.activities.models import Activity, Participation
from core.activities.service import ActivityInput, record_participation, record_self_reported
from core.credits.service import AwardResult
from core.db import Database
from core.errors import NotFound, RuleViolation
from core.settings import Settings
from tests.core_service_support import organization_and_person, refusal_codes, registry_of, staff
from tests.factories import Factory

PW = "ocfp_practising_well"
PEER_CONNECT = f"{PW}.peer_connect"
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def _report(
    database: Database,
    settings: Settings,
    organization: int,
    person: int,
    hours: float = 2,
    program: str = PW,
    starts: datetime = NOON,
    **fields: Any,
) -> tuple[Participation, AwardResult]:
    data = {
        "organization_id": organization,
        "kind": PEER_CONNECT,
        "title": "Peer Connect with a guide",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
    }
    async with database.write() as session:
        return await record_self_reported(
            session,
            registry_of(settings),
            program=program,
            data=ActivityInput(**(data | fields)),
            person_id=person,
            recorded_by_id=person,
        )


async def test_record_self_reported_makes_the_activity_and_awards_its_credit(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization, person = await organization_and_person(make)

    participation, award = await _report(database, settings, organization, person, 1.5)

    async with database.read() as session:
        activity = await session.get(Activity, participation.activity_id)
    assert activity is not None
    assert (activity.program, activity.kind, activity.organization_id) == (
        PW,
        PEER_CONNECT,
        organization,
    )
    assert (activity.held_on, activity.hours) == (NOON.date(), Decimal("1.5"))
    assert (participation.person_id, participation.hours) == (person, Decimal("1.5"))
    assert award.decision.allowed
    assert award.entry is not None
    assert (award.entry.amount, award.entry.formula) == (Decimal("4.5"), "PW-CREDIT-PEER")
    assert (award.entry.activity_id, award.entry.created_by_id) == (activity.id, person)


async def test_record_self_reported_credit_is_held_to_the_programs_cap(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization, person = await organization_and_person(make)
    for day in range(4):
        await _report(database, settings, organization, person, 3, PW, NOON + timedelta(days=day))

    _, capped = await _report(database, settings, organization, person, 3)

    assert capped.entry is not None
    assert capped.entry.amount == Decimal(0)
    assert [c["code"] for c in capped.entry.caps_applied] == ["PW-CREDIT-PEER"]


async def test_record_self_reported_activity_takes_no_one_elses_attendance(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization, person = await organization_and_person(make)
    _, other = await organization_and_person(make)
    participation, _ = await _report(database, settings, organization, person)

    with pytest.raises(RuleViolation) as refused:
        async with database.write() as session:
            await record_participation(
                session,
                registry_of(settings),
                staff(person, organization),
                activity_id=participation.activity_id,
                person_id=other,
                hours=Decimal(1),
            )

    assert [r.code for r in refused.value.reasons] == ["CORE-ACTIVITY-PROGRAM-MANAGED"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"program": "example"}, "CORE-UNKNOWN-KIND"),
        ({"kind": "example.workshop"}, "CORE-UNKNOWN-KIND"),
        ({"program": "example", "kind": "example.workshop"}, "CORE-ACTIVITY-SELF-REPORTED"),
        ({"group_id": 1}, "INVALID"),
        ({"ends_at": NOON}, "INVALID"),
        ({"title": " "}, "INVALID"),
    ],
)
async def test_record_self_reported_refuses_what_is_not_the_programs_own_time(
    database: Database, settings: Settings, make: Factory, fields: dict[str, Any], code: str
) -> None:
    organization, person = await organization_and_person(make)

    refused = _report(database, settings, organization, person, 1, **fields)

    assert await refusal_codes(refused) == [code]


async def test_record_self_reported_needs_a_person_and_an_organization(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization, person = await organization_and_person(make)

    with pytest.raises(NotFound, match="No such organization"):
        await _report(database, settings, 2_000_000_000, person)
    with pytest.raises(NotFound, match="No such person"):
        await _report(database, settings, organization, 2_000_000_000)
