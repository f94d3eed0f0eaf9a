"""Batch functions behind the core DataLoaders: one query per relation per request.

Each takes a read session and keys (plus any extra arguments given to ``Context.loaders``)
and returns results in key order (``None`` or ``[]`` for keys with nothing)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import VISIBILITY, Viewer
from core.models import (
    Activity,
    Group,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    Person,
    RoleAssignment,
)


async def by_id(session: AsyncSession, ids: Sequence[int], model: Any) -> list[Any]:
    """Rows by primary key, unfiltered: for relations of an object already shown."""
    rows = (await session.scalars(select(model).where(model.id.in_(ids)))).all()
    found = {row.id: row for row in rows}
    return [found.get(pk) for pk in ids]


async def visible_by_id(
    session: AsyncSession, ids: Sequence[int], model: Any, viewer: Viewer
) -> list[Any]:
    """Rows by primary key that the viewer may see; ``None`` for the others."""
    condition = VISIBILITY[model](viewer)
    rows = (await session.scalars(select(model).where(model.id.in_(ids), condition))).all()
    found = {row.id: row for row in rows}
    return [found.get(pk) for pk in ids]


async def _grouped(
    session: AsyncSession, model: Any, column: Any, keys: Sequence[int]
) -> list[list[Any]]:
    rows = (await session.scalars(select(model).where(column.in_(keys)).order_by(model.id))).all()
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, column.key)].append(row)
    return [grouped[key] for key in keys]


async def organizations_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Organization)


async def people_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Person)


async def groups_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Group)


async def activities_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Activity)


async def memberships_by_group(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await _grouped(session, Membership, Membership.group_id, ids)


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
