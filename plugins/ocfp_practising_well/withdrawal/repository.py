"""Statements of what a leaving learner still holds: the only withdrawal module that builds
SQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.models import Guide, GuideRequest, RequestStatus


async def requests_in(
    session: AsyncSession, learner_id: int, statuses: Sequence[RequestStatus]
) -> list[GuideRequest]:
    rows = await session.scalars(
        select(GuideRequest).where(
            GuideRequest.learner_id == learner_id, GuideRequest.status.in_(statuses)
        )
    )
    return list(rows.all())


async def places_of(session: AsyncSession, person_id: int) -> list[tuple[int, str]]:
    """The Practising Well groups the person holds a member's place in, with their kind."""
    rows = await session.execute(
        select(Group.id, Group.kind)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Group.program == SLUG,
            Membership.person_id == person_id,
            Membership.role == MembershipRole.MEMBER,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )
    return list(rows.all())


async def guide_of_caseload(session: AsyncSession, group_id: int) -> Guide | None:
    return await session.scalar(select(Guide).where(Guide.caseload_group_id == group_id))
