"""The coordinator-roster dataset, bulk-inserted with plain SQLAlchemy Core (executemany).

Ids come back through ``RETURNING`` rather than being chosen here, so PostgreSQL's sequences
stay right for the rows the API inserts later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.db import utcnow
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.people.models import Organization, Person, Profession, Role, RoleAssignment

GROUP_KIND = "core.group"
PROGRAM = "core"
MEMBERS_PER_GROUP = 12
ROSTER_CAPACITY = 15
COORDINATORS = 5
_GIVEN = ("Amira", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jon")
_FAMILY = ("Nguyen", "Okafor", "Patel", "Quinn", "Roy", "Singh", "Tremblay", "Ueda", "Vega")


@dataclass(frozen=True)
class Roster:
    organization_id: int
    person_ids: list[int]
    group_ids: list[int]


def _person(i: int) -> dict[str, Any]:
    return {
        "given_name": _GIVEN[i % len(_GIVEN)],
        "family_name": f"{_FAMILY[i % len(_FAMILY)]}-{i}",
        "email": f"physician{i}@bench.example.org",
        "profession": Profession.FAMILY_PHYSICIAN,
        "licence_number": f"CPSO-{100000 + i}",
        "licence_province": "ON",
    }


async def _insert_returning_ids(
    conn: AsyncConnection, model: type[Any], rows: list[dict[str, Any]]
) -> list[int]:
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list((await conn.execute(statement, rows)).scalars().all())


async def insert_groups(
    conn: AsyncConnection, organization_id: int, count: int, capacity: int, label: str
) -> list[int]:
    rows = [
        {
            "organization_id": organization_id,
            "program": PROGRAM,
            "kind": GROUP_KIND,
            "name": f"{label} {i + 1}",
            "capacity": capacity,
        }
        for i in range(count)
    ]
    return await _insert_returning_ids(conn, Group, rows)


async def insert_memberships(conn: AsyncConnection, pairs: Sequence[tuple[int, int]]) -> None:
    """Active member places, one per ``(group_id, person_id)``."""
    if not pairs:
        return
    joined = utcnow()
    rows = [
        {
            "group_id": group_id,
            "person_id": person_id,
            "role": MembershipRole.MEMBER,
            "status": MembershipStatus.ACTIVE,
            "joined_at": joined,
        }
        for group_id, person_id in pairs
    ]
    await conn.execute(insert(Membership), rows)


async def _insert_roles(conn: AsyncConnection, organization_id: int, people: list[int]) -> None:
    rows: list[dict[str, Any]] = [
        {"person_id": pk, "organization_id": organization_id, "program": None, "role": Role.MEMBER}
        for pk in people
    ]
    rows += [
        {"person_id": pk, "organization_id": organization_id, "program": PROGRAM, "role": role}
        for pk in people[:COORDINATORS]
        for role in (Role.COORDINATOR, Role.GUIDE)
    ]
    await conn.execute(insert(RoleAssignment), rows)


def roster_pairs(groups: list[int], people: list[int]) -> list[tuple[int, int]]:
    """Twelve members per group, people taken in turn (wrapping if there are too few)."""
    return [
        (group_id, people[(g * MEMBERS_PER_GROUP + k) % len(people)])
        for g, group_id in enumerate(groups)
        for k in range(MEMBERS_PER_GROUP)
    ]


async def load_roster(engine: AsyncEngine, people: int, groups: int) -> Roster:
    async with engine.begin() as conn:
        (organization_id,) = await _insert_returning_ids(
            conn, Organization, [{"name": "Bench Division of Family Practice", "kind": "division"}]
        )
        person_ids = await _insert_returning_ids(conn, Person, [_person(i) for i in range(people)])
        await _insert_roles(conn, organization_id, person_ids)
        group_ids = await insert_groups(
            conn, organization_id, groups, ROSTER_CAPACITY, "Roster group"
        )
        await insert_memberships(conn, roster_pairs(group_ids, person_ids))
    return Roster(organization_id, person_ids, group_ids)
