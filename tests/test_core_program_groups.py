"""Groups a program runs through core: ``create_program_group`` makes one of the program's own
kinds with its facilitator placed the way every place is taken, and ``resize_group`` changes a
group's places without taking any from its members."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from core.db import Database
from core.errors import Forbidden, NotFound, RuleViolation
from core.groups import capacity
from core.groups import repository as groups_repository
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.groups.service import create_program_group
from core.settings import Settings
from tests.core_service_support import (
    organization_and_person,
    pk,
    refusal_codes,
    registry_of,
    staff,
)
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

EXAMPLE = "example"
CIRCLE = "example.circle"


async def _create(
    database: Database, settings: Settings, organization: int, facilitator: int, **fields: Any
) -> Group:
    viewer = fields.pop("viewer", staff(facilitator, organization, EXAMPLE))
    values: dict[str, Any] = {
        "program": EXAMPLE,
        "organization_id": organization,
        "kind": CIRCLE,
        "name": " Tuesday circle ",
        "capacity": 6,
        "facilitator_id": facilitator,
    }
    async with database.write() as session:
        return await create_program_group(
            session, registry_of(settings), viewer, **(values | fields)
        )


async def _places(database: Database, group_id: int) -> list[tuple[int, str, str]]:
    async with database.read() as session:
        rows = await session.scalars(
            select(Membership).where(Membership.group_id == group_id).order_by(Membership.id)
        )
        return [(m.person_id, m.role.value, m.status.value) for m in rows]


async def test_create_program_group_places_its_facilitator_outside_its_capacity(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization, facilitator = await organization_and_person(make)

    group = await _create(database, settings, organization, facilitator)

    assert (group.program, group.kind, group.name, group.capacity) == (
        EXAMPLE,
        CIRCLE,
        "Tuesday circle",
        6,
    )
    assert await _places(database, group.id) == [(facilitator, "facilitator", "active")]
    async with database.read() as session:
        assert await groups_repository.active_count(session, group.id) == 0


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"program": "ocfp_practising_well"}, "CORE-UNKNOWN-KIND"),
        ({"kind": "ocfp_practising_well.learner_group"}, "CORE-UNKNOWN-KIND"),
        ({"capacity": 13}, "EX-CAPACITY"),
        ({"capacity": 0}, "INVALID"),
        ({"name": "  "}, "INVALID"),
    ],
)
async def test_create_program_group_refuses_another_programs_kind_and_a_bad_size_or_name(
    database: Database, settings: Settings, make: Factory, fields: dict[str, Any], code: str
) -> None:
    organization, facilitator = await organization_and_person(make)

    refused = _create(database, settings, organization, facilitator, **fields)

    assert await refusal_codes(refused) == [code]


async def test_create_program_group_asks_the_programs_rules_about_the_facilitator(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization = await make.organization()
    manager = pk(await make.person("MOA", organization=organization))

    refused = _create(database, settings, pk(organization), manager)

    assert await refusal_codes(refused) == ["EX-PHYSICIAN"]


async def test_create_program_group_is_for_the_programs_staff_and_a_real_facilitator(
    database: Database, settings: Settings, make: Factory
) -> None:
    organization, facilitator = await organization_and_person(make)
    other_program = staff(facilitator, organization, "ocfp_practising_well")

    with pytest.raises(Forbidden):
        await _create(database, settings, organization, facilitator, viewer=other_program)
    with pytest.raises(NotFound, match="No such person"):
        await _create(
            database,
            settings,
            organization,
            2_000_000_000,
            viewer=staff(facilitator, organization, EXAMPLE),
        )


async def _circle_with_waitlist(gql: GraphQLClient, make: Factory, members: int) -> str:
    """A circle of one place, taken, and ``members - 1`` people waiting for it."""
    group = await make.group(capacity=1)
    for _ in range(members):
        await gql.mutate(JOIN_GROUP, groupId=group, personId=await make.person(), waitlist=True)
    return group


async def test_resize_group_gives_new_places_to_the_waitlist_in_order(
    database: Database, settings: Settings, gql: GraphQLClient, make: Factory
) -> None:
    group = pk(await _circle_with_waitlist(gql, make, 3))
    waiting = [p for p, _, status in await _places(database, group) if status == "waitlisted"]

    async with database.write() as session:
        resized, promoted = await capacity.resize_group(session, registry_of(settings), group, 2)

    assert resized.capacity == 2
    assert [m.person_id for m in promoted] == waiting[:1]
    assert [m.status for m in promoted] == [MembershipStatus.ACTIVE]
    assert [m.role for m in promoted] == [MembershipRole.MEMBER]


@pytest.mark.parametrize("size", [0, 13])
async def test_resize_group_stays_within_its_kinds_bounds(
    database: Database, settings: Settings, make: Factory, size: int
) -> None:
    group = pk(await make.group(capacity=3))

    with pytest.raises(RuleViolation) as refused:
        async with database.write() as session:
            await capacity.resize_group(session, registry_of(settings), group, size)

    (reason,) = refused.value.reasons
    assert (reason.code, reason.field) == ("EX-CAPACITY", "capacity")
    assert "between 1 and 12" in reason.message


async def test_resize_group_never_takes_a_place_from_a_member(
    database: Database, settings: Settings, gql: GraphQLClient, make: Factory
) -> None:
    group = await make.group(capacity=3)
    for _ in range(2):
        await gql.mutate(JOIN_GROUP, groupId=group, personId=await make.person())

    with pytest.raises(RuleViolation) as refused:
        async with database.write() as session:
            await capacity.resize_group(session, registry_of(settings), pk(group), 1)

    assert "between 2 and 12" in refused.value.reasons[0].message
