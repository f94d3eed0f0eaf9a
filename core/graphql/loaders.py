"""Batch functions behind the core DataLoaders: one query per relation per request.

Each takes a read session and keys (plus any extra arguments given to ``Context.loaders``)
and returns results in key order (``None`` or ``[]`` for keys with nothing). They read plain
rows from the model's table, not ORM instances: the API only reads them, and building an ORM
object per row costs several times the query on a roster of a thousand people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import VISIBILITY, Viewer
from core.activities.models import Activity
from core.groups.models import Membership, MembershipRole, MembershipStatus
from core.people.models import Organization, Person, RoleAssignment


async def by_id(session: AsyncSession, ids: Sequence[int], model: Any) -> list[Any]:
    """Rows by primary key, unfiltered: for relations of an object already shown."""
    rows = (await session.execute(select(model.__table__).where(model.id.in_(ids)))).all()
    found = {row.id: row for row in rows}
    return [found.get(pk) for pk in ids]


async def visible_by_id(
    session: AsyncSession, ids: Sequence[int], model: Any, viewer: Viewer
) -> list[Any]:
    """Rows by primary key that the viewer may see; ``None`` for the others."""
    condition = VISIBILITY[model](viewer)
    statement = select(model.__table__).where(model.id.in_(ids), condition)
    found = {row.id: row for row in (await session.execute(statement)).all()}
    return [found.get(pk) for pk in ids]


async def _grouped(
    session: AsyncSession, model: Any, column: Any, keys: Sequence[int]
) -> list[list[Any]]:
    statement = select(model.__table__).where(column.in_(keys)).order_by(model.id)
    rows = (await session.execute(statement)).all()
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, column.key)].append(row)
    return [grouped[key] for key in keys]


async def organizations_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Organization)


async def people_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Person)


async def activities_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Activity)


async def memberships_by_group(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await _grouped(session, Membership, Membership.group_id, ids)


async def members_by_group(
    session: AsyncSession, ids: Sequence[int]
) -> list[list[tuple[Any, Any]]]:
    """Each group's memberships with their people, in two queries for all the groups: one
    load per group instead of one per member (the roster's hot path)."""
    grouped = await _grouped(session, Membership, Membership.group_id, ids)
    person_ids = sorted({m.person_id for group in grouped for m in group})
    people = dict(zip(person_ids, await by_id(session, person_ids, Person), strict=True))
    return [[(m, people[m.person_id]) for m in group] for group in grouped]


async def memberships_by_person(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await _grouped(session, Membership, Membership.person_id, ids)


async def roles_by_person(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await _grouped(session, RoleAssignment, RoleAssignment.person_id, ids)


async def active_counts_by_group(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    rows = await session.execute(
        select(Membership.group_id, func.count())
        .where(
            Membership.group_id.in_(ids),
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role == MembershipRole.MEMBER,
        )
        .group_by(Membership.group_id)
    )
    counts = {group_id: count for group_id, count in rows.all()}
    return [counts.get(pk, 0) for pk in ids]
