"""Statements about a collaborative's teams and their coaches (read from core's groups)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from plugins.learning_collaborative import TEAM


async def teams(session: AsyncSession, collaborative_id: int) -> Sequence[Group]:
    statement = (
        select(Group)
        .where(Group.parent_id == collaborative_id, Group.kind == TEAM)
        .order_by(Group.id)
    )
    return (await session.scalars(statement)).all()


def _coaching() -> Any:
    return (Membership.role == MembershipRole.FACILITATOR) & (
        Membership.status == MembershipStatus.ACTIVE
    )


async def coaches(session: AsyncSession, team_ids: Sequence[int]) -> dict[int, int]:
    """Team id -> its coach (the team's active facilitator), for teams that have one."""
    if not team_ids:
        return {}
    statement = select(Membership.group_id, Membership.person_id).where(
        Membership.group_id.in_(team_ids), _coaching()
    )
    return {group: person for group, person in (await session.execute(statement)).all()}


async def active_people(session: AsyncSession, team_ids: Sequence[int]) -> dict[int, set[int]]:
    """Team id -> the people holding an active place (members, leads and the coach)."""
    found: dict[int, set[int]] = {pk: set() for pk in team_ids}
    if not team_ids:
        return found
    statement = select(Membership.group_id, Membership.person_id).where(
        Membership.group_id.in_(team_ids), Membership.status == MembershipStatus.ACTIVE
    )
    for group, person in (await session.execute(statement)).all():
        found[group].add(person)
    return found


async def leads(session: AsyncSession, team_ids: Sequence[int]) -> dict[int, int]:
    """Team id -> its lead, who owes the team's monthly report."""
    if not team_ids:
        return {}
    statement = select(Membership.group_id, Membership.person_id).where(
        Membership.group_id.in_(team_ids),
        Membership.role == MembershipRole.LEAD,
        Membership.status == MembershipStatus.ACTIVE,
    )
    return {group: person for group, person in (await session.execute(statement)).all()}
