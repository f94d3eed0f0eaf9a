"""Batch functions behind the core DataLoaders: one query per relation per request.

Each takes a read session and keys and returns results in key order (``None`` or ``[]`` for
keys with nothing), which is the contract ``Context.loaders`` expects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import (
    Activity,
    Certificate,
    CreditEntry,
    DueItem,
    Group,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    Person,
    RoleAssignment,
)

M = TypeVar("M")


async def by_id(session: AsyncSession, model: type[M], ids: Sequence[int]) -> list[M | None]:
    rows = (await session.scalars(select(model).where(model.id.in_(ids)))).all()  # type: ignore[attr-defined]
    found = {row.id: row for row in rows}  # type: ignore[attr-defined]
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
    return await by_id(session, Organization, ids)


async def people_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, Person, ids)


async def groups_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, Group, ids)


async def activities_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, Activity, ids)


async def credit_entries_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, CreditEntry, ids)


async def due_items_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, DueItem, ids)


async def certificates_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, Certificate, ids)


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
