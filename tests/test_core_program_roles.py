"""``grant_program_role``: the role a program's own decision calls for, granted through core.
No one grants more than they hold, the person need only exist (staff may not see them yet),
and a role held already is kept rather than granted twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.access import Viewer
from core.db import Database
from core.errors import Forbidden, NotFound
from core.people.models import Role, RoleAssignment
from core.people.roles import grant_program_role
from tests.core_service_support import organization_and_person, staff
from tests.factories import Factory

PW = "ocfp_practising_well"


async def _grant(
    database: Database, viewer: Viewer, person: int, organization: int, role: Role = Role.GUIDE
) -> RoleAssignment:
    async with database.write() as session:
        return await grant_program_role(
            session, viewer, person_id=person, organization_id=organization, program=PW, role=role
        )


async def _held(database: Database, person: int) -> int:
    async with database.read() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(RoleAssignment)
            .where(RoleAssignment.person_id == person, RoleAssignment.program == PW)
        )
        return int(count or 0)


async def test_grant_program_role_grants_a_stranger_once(database: Database, make: Factory) -> None:
    organization, granter = await organization_and_person(make)
    _, stranger = await organization_and_person(make)  # registered by another organization

    first = await _grant(database, staff(granter, organization), stranger, organization)
    again = await _grant(database, staff(granter, organization), stranger, organization)

    assert again.id == first.id
    assert (first.role, first.organization_id, first.program, first.granted_by_id) == (
        Role.GUIDE,
        organization,
        PW,
        granter,
    )
    assert await _held(database, stranger) == 1


@pytest.mark.parametrize("staff_of", [None, "example"], ids=["no staff role", "another program"])
async def test_grant_program_role_is_refused_to_who_does_not_hold_it(
    database: Database, make: Factory, staff_of: str | None
) -> None:
    organization, granter = await organization_and_person(make)
    _, person = await organization_and_person(make)
    viewer = Viewer(granter, ()) if staff_of is None else staff(granter, organization, staff_of)

    with pytest.raises(Forbidden):
        await _grant(database, viewer, person, organization, Role.MEMBER)

    assert await _held(database, person) == 0


async def test_grant_program_role_needs_a_person_and_an_organization(
    database: Database, make: Factory
) -> None:
    organization, granter = await organization_and_person(make)

    with pytest.raises(NotFound, match="No such person"):
        await _grant(database, staff(granter, organization), 2_000_000_000, organization)
    with pytest.raises(NotFound, match="No such organization"):
        await _grant(database, staff(granter, 2_000_000_000), granter, 2_000_000_000)
