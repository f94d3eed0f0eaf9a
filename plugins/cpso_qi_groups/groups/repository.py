"""Statements of selections, QI groups and their members."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.groups.models import Group, Membership, MembershipStatus
from core.repository import insert_if_absent
from plugins.cpso_qi_groups import QI_GROUP
from plugins.cpso_qi_groups.models import GroupBasis, Selection


async def select_person(
    session: AsyncSession, organization_id: int, cycle: str, person_id: int, by_id_: int | None
) -> None:
    """Record the selection once, however often (or concurrently) staff record it."""
    await insert_if_absent(
        session,
        Selection,
        {
            "organization_id": organization_id,
            "cycle": cycle,
            "person_id": person_id,
            "selected_by_id": by_id_,
        },
        ("organization_id", "cycle", "person_id"),
    )


async def selections(session: AsyncSession, organization_id: int, cycle: str) -> list[Selection]:
    rows = await session.scalars(
        select(Selection)
        .where(Selection.organization_id == organization_id, Selection.cycle == cycle)
        .order_by(Selection.id)
    )
    return list(rows.all())


async def is_selected(session: AsyncSession, person_id: int) -> bool:
    found = await session.scalar(select(Selection.id).where(Selection.person_id == person_id))
    return found is not None


async def qi_groups(session: AsyncSession, organization_id: int) -> list[Group]:
    rows = await session.scalars(
        select(Group)
        .where(Group.organization_id == organization_id, Group.kind == QI_GROUP)
        .order_by(Group.id)
    )
    return list(rows.all())


async def bases_by_group(session: AsyncSession, ids: Sequence[int]) -> list[GroupBasis | None]:
    """Each group's basis, in the order of ``ids`` (None for a group formed without one)."""
    rows = await session.scalars(select(GroupBasis).where(GroupBasis.group_id.in_(ids)))
    found = {b.group_id: b for b in rows.all()}
    return [found.get(i) for i in ids]


async def active_members(session: AsyncSession, group_ids: Sequence[int]) -> list[Membership]:
    """The active places of the groups (leads and members), in the order taken."""
    rows = await session.scalars(
        select(Membership)
        .where(Membership.group_id.in_(group_ids), Membership.status == MembershipStatus.ACTIVE)
        .order_by(Membership.group_id, Membership.id)
    )
    return list(rows.all())
