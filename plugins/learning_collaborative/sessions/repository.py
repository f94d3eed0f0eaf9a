"""Statements of learning sessions: which activity is which session, who may attend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity
from core.groups.models import Group, Membership, MembershipStatus
from plugins.learning_collaborative import TEAM
from plugins.learning_collaborative.models import LearningSession


async def sessions(session: AsyncSession, collaborative_id: int) -> Sequence[Any]:
    """The collaborative's sessions with their activity, by number."""
    statement = (
        select(LearningSession, Activity)
        .join(Activity, Activity.id == LearningSession.activity_id)
        .where(LearningSession.collaborative_id == collaborative_id)
        .order_by(LearningSession.number)
    )
    return (await session.execute(statement)).all()


async def team_of(
    session: AsyncSession, collaborative_id: int, person_id: int
) -> tuple[Group, Membership] | None:
    """The team of the collaborative on which the person holds an active place, if any."""
    statement = (
        select(Group, Membership)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Group.parent_id == collaborative_id,
            Group.kind == TEAM,
            Membership.person_id == person_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .order_by(Group.id)
    )
    row = (await session.execute(statement)).first()
    return None if row is None else (row[0], row[1])
