"""Statements about groups and the places in them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, groups_visible
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.people.models import Person
from core.repository import by_id, grouped_by, visible_by_id


def groups(viewer: Viewer, organization_id: int | None, program: str | None) -> Select[Any]:
    """The groups the viewer may see, of one organization or program when given."""
    statement = select(Group).where(groups_visible(viewer))
    if organization_id is not None:
        statement = statement.where(Group.organization_id == organization_id)
    if program is not None:
        statement = statement.where(Group.program == program)
    return statement


async def groups_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Group)


async def memberships_by_group(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await grouped_by(session, Membership, Membership.group_id, ids)


async def members_by_group(
    session: AsyncSession, ids: Sequence[int]
) -> list[list[tuple[Any, Any]]]:
    """Each group's memberships with their people, in two queries for all the groups: one
    load per group instead of one per member (the roster's hot path)."""
    found = await grouped_by(session, Membership, Membership.group_id, ids)
    person_ids = sorted({m.person_id for group in found for m in group})
    people = dict(zip(person_ids, await by_id(session, person_ids, Person), strict=True))
    return [[(m, people[m.person_id]) for m in group] for group in found]


async def memberships_in_visible_groups(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[list[tuple[Any, Any]]]:
    """Each person's places, with their groups, in the groups the viewer may see."""
    found = await grouped_by(session, Membership, Membership.person_id, ids)
    group_ids = sorted({m.group_id for places in found for m in places})
    shown = await visible_by_id(session, group_ids, Group, viewer)
    groups_by_id = dict(zip(group_ids, shown, strict=True))
    return [
        [(m, groups_by_id[m.group_id]) for m in places if groups_by_id[m.group_id] is not None]
        for places in found
    ]


def _taken() -> ColumnElement[bool]:
    """A member's place that counts against capacity: active, and not a facilitator's."""
    return and_(
        Membership.status == MembershipStatus.ACTIVE, Membership.role == MembershipRole.MEMBER
    )


async def active_counts_by_group(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    rows = await session.execute(
        select(Membership.group_id, func.count())
        .where(Membership.group_id.in_(ids), _taken())
        .group_by(Membership.group_id)
    )
    counts = {group_id: count for group_id, count in rows.all()}
    return [counts.get(pk, 0) for pk in ids]


async def active_count(session: AsyncSession, group_id: int) -> int:
    """The members' places taken (a facilitator's place is not one of them)."""
    return await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == group_id, _taken())
    )  # type: ignore[return-value]


async def membership(session: AsyncSession, group_id: int, person_id: int) -> Membership | None:
    """The person's place in the group, in whatever state, left included: a person has one."""
    return await session.scalar(
        select(Membership).where(Membership.group_id == group_id, Membership.person_id == person_id)
    )


async def current_membership(
    session: AsyncSession, group_id: int, person_id: int
) -> Membership | None:
    return await session.scalar(
        select(Membership).where(
            Membership.group_id == group_id,
            Membership.person_id == person_id,
            Membership.status != MembershipStatus.LEFT,
        )
    )


async def waitlisted(session: AsyncSession, group_id: int, first: int) -> list[Membership]:
    """The first ``first`` places on the waitlist, first come first served."""
    waiting = await session.scalars(
        select(Membership)
        .where(Membership.group_id == group_id, Membership.status == MembershipStatus.WAITLISTED)
        .order_by(Membership.waitlisted_at, Membership.id)
        .limit(first)
    )
    return list(waiting.all())
