"""Statements about learner accounts and guide profiles, the ones every other domain of the
program reads to decide who may act: the only accounts module that builds SQL."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.locks import lock_row
from core.people.models import Organization, Person
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.models import AccountStatus, Guide, Learner

R = TypeVar("R", bound=Base)


async def add(session: AsyncSession, row: R) -> R:
    """Insert now, so the caller's payload carries the row's key and defaults (every domain
    of the program inserts its rows through here)."""
    session.add(row)
    await session.flush()
    return row


async def learner_of(session: AsyncSession, person_id: int) -> Learner | None:
    return await session.scalar(select(Learner).where(Learner.person_id == person_id))


async def guide_of(session: AsyncSession, person_id: int) -> Guide | None:
    return await session.scalar(select(Guide).where(Guide.person_id == person_id))


async def learner(session: AsyncSession, learner_id: int) -> Learner | None:
    return await session.get(Learner, learner_id)


async def lock_learner(session: AsyncSession, learner_id: int) -> Learner | None:
    """Locked, so two staff deciding or withdrawing the same account take turns."""
    return await lock_row(session, Learner, learner_id)


async def learner_status(session: AsyncSession, person_id: int) -> AccountStatus | None:
    return await session.scalar(select(Learner.status).where(Learner.person_id == person_id))


async def learner_status_in(
    session: AsyncSession, person_id: int, organization_id: int | None
) -> AccountStatus | None:
    """The status of the person's account in that organization (none without one)."""
    return await session.scalar(
        select(Learner.status).where(
            Learner.person_id == person_id, Learner.organization_id == organization_id
        )
    )


async def person(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def organization_exists(session: AsyncSession, organization_id: int) -> bool:
    return await session.get(Organization, organization_id) is not None


async def learners(
    session: AsyncSession, organization_id: int, status: AccountStatus | None
) -> list[Any]:
    """An organization's learner accounts, oldest application first."""
    statement = (
        select(Learner.__table__)
        .where(Learner.organization_id == organization_id)
        .order_by(Learner.applied_at, Learner.id)
    )
    if status is not None:
        statement = statement.where(Learner.status == status)
    return list((await session.execute(statement)).all())


async def guides_learner(
    session: AsyncSession, guide_person_id: int, learner_person_id: int
) -> bool:
    """Whether the person facilitates a Practising Well group the learner is active in."""
    facilitated = select(Membership.group_id).where(
        Membership.person_id == guide_person_id,
        Membership.role == MembershipRole.FACILITATOR,
        Membership.status == MembershipStatus.ACTIVE,
    )
    found = await session.scalar(
        select(Membership.id)
        .join(Group, Group.id == Membership.group_id)
        .where(
            Group.program == SLUG,
            Membership.group_id.in_(facilitated),
            Membership.person_id == learner_person_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .limit(1)
    )
    return found is not None


async def guide(session: AsyncSession, guide_id: int) -> Guide | None:
    return await session.get(Guide, guide_id)
