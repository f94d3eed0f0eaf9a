"""The bench's data set, bulk-inserted with plain SQLAlchemy Core (executemany): one
organization per roster size, each with its people, a coordinator over every program, groups
of twelve and about twenty ledger entries a person across the enabled programs.

Ids come back through ``RETURNING`` rather than being chosen here, so PostgreSQL's sequences
stay right for the rows the API inserts later. Ledger rows are inserted directly, as an import
would write them: the roster reads sums, not how each entry was earned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, insert, literal, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.credits.models import CreditEntry
from core.db import Hundredths, UTCDateTime, utcnow
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.people.models import Organization, Person, Profession, Role, RoleAssignment

GROUP_KIND = "core.group"
GROUP_PROGRAM = "core"
MEMBERS_PER_GROUP = 12
ROSTER_CAPACITY = 15
ENTRIES_PER_PERSON = 20
# Every fourth entry is self-directed (not certified), every fifth certified with assessment.
CREDIT_TYPES = ("certified", "certified", "certified-assessment", "non-certified")
_GIVEN = ("Amira", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jon")
_FAMILY = ("Nguyen", "Okafor", "Patel", "Quinn", "Roy", "Singh", "Tremblay", "Ueda", "Vega")


@dataclass(frozen=True)
class Roster:
    """One organization of the data set; its first person is its coordinator."""

    organization_id: int
    person_ids: list[int]
    group_ids: list[int]

    @property
    def size(self) -> int:
        return len(self.person_ids)

    @property
    def coordinator(self) -> int:
        return self.person_ids[0]


def _person(label: str, i: int) -> dict[str, Any]:
    return {
        "given_name": _GIVEN[i % len(_GIVEN)],
        "family_name": f"{_FAMILY[i % len(_FAMILY)]}-{i}",
        "email": f"physician{i}@{label}.bench.example.org",
        "profession": Profession.FAMILY_PHYSICIAN,
        "licence_number": f"CPSO-{100000 + i}",
        "licence_province": "ON",
    }


def _typed(value: object) -> ColumnElement[Any]:
    """A bound value as its column stores it: credits and hours in whole hundredths."""
    return literal(value, Hundredths()) if isinstance(value, Decimal) else literal(value)


def _entry_columns(i: int, today: date) -> dict[str, Any]:
    """What a person's ``i``-th entry holds whoever they are: an amount of 0.5 to 2.5, a
    type from ``CREDIT_TYPES``, a month further back than the last."""
    amount = Decimal(i % 5 + 1) / 2
    return {
        "i": i,
        "credit_type": CREDIT_TYPES[i % len(CREDIT_TYPES)],
        "amount": amount,
        "explanation": f"{amount} hour(s) x 1 credit per hour = {amount}",
        "earned_on": today - timedelta(days=30 * i),
    }


async def insert_returning_ids(
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
            "program": GROUP_PROGRAM,
            "kind": GROUP_KIND,
            "name": f"{label} {i + 1}",
            "capacity": capacity,
        }
        for i in range(count)
    ]
    return await insert_returning_ids(conn, Group, rows)


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
    """Everyone a member of the organization; the first person its coordinator for every
    program (a grant without a program), so the roster shows every program's credits."""
    rows = [
        {"person_id": pk, "organization_id": organization_id, "program": None, "role": Role.MEMBER}
        for pk in people
    ]
    rows.append(
        {
            "person_id": people[0],
            "organization_id": organization_id,
            "program": None,
            "role": Role.COORDINATOR,
        }
    )
    await conn.execute(insert(RoleAssignment), rows)


def roster_pairs(groups: list[int], people: list[int]) -> list[tuple[int, int]]:
    """Twelve members per group, people taken in turn (wrapping if there are too few)."""
    return [
        (group_id, people[(g * MEMBERS_PER_GROUP + k) % len(people)])
        for g, group_id in enumerate(groups)
        for k in range(MEMBERS_PER_GROUP)
    ]


async def _insert_credits(
    conn: AsyncConnection, organization_id: int, people: list[int], programs: Sequence[str]
) -> None:
    """Twenty entries a person in one ``INSERT ... SELECT``: the people crossed with twenty
    entry templates, each entry's program taken in turn from ``programs``. The database
    writes the rows; Python never builds them one by one."""
    today = utcnow().date()
    templates = union_all(
        *(
            select(*(_typed(v).label(k) for k, v in _entry_columns(i, today).items()))
            for i in range(ENTRIES_PER_PERSON)
        )
    ).subquery("templates")
    turn = (Person.id + templates.c.i) % len(programs)
    program = case(*((turn == n, literal(p)) for n, p in enumerate(programs)))
    rows = (
        select(
            Person.id,
            program,
            literal("mainpro+"),
            templates.c.credit_type,
            program.concat(".bench"),
            literal("BENCH"),
            templates.c.amount,
            literal("hour"),
            _typed(Decimal(1)),
            literal([], CreditEntry.caps_applied.type),
            templates.c.amount,
            templates.c.explanation,
            templates.c.earned_on,
            literal(organization_id),
            literal(utcnow(), UTCDateTime()),
        )
        .join_from(Person, templates, true())
        .where(Person.id.between(people[0], people[-1]))
    )
    columns = [
        "person_id",
        "program",
        "credit_system",
        "credit_type",
        "scope",
        "formula",
        "quantity",
        "unit",
        "rate",
        "caps_applied",
        "amount",
        "explanation",
        "earned_on",
        "organization_id",
        "created_at",
    ]
    await conn.execute(insert(CreditEntry).from_select(columns, rows))


async def load_roster(
    engine: AsyncEngine, people: int, programs: Sequence[str], label: str
) -> Roster:
    """An organization of ``people`` with groups covering 96% of them and their credits."""
    async with engine.begin() as conn:
        (organization_id,) = await insert_returning_ids(
            conn, Organization, [{"name": f"Bench division {label}", "kind": "division"}]
        )
        person_ids = await insert_returning_ids(
            conn, Person, [_person(label, i) for i in range(people)]
        )
        await _insert_roles(conn, organization_id, person_ids)
        groups = max(people * 8 // 100, 1)
        group_ids = await insert_groups(conn, organization_id, groups, ROSTER_CAPACITY, "Group")
        await insert_memberships(conn, roster_pairs(group_ids, person_ids))
        await _insert_credits(conn, organization_id, person_ids, programs)
    return Roster(organization_id, person_ids, group_ids)
