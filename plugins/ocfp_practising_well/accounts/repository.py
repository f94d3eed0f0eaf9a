"""Statements about learner accounts and guide profiles, the ones every other domain of the
program reads to decide who may act: the only accounts module that builds SQL."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.db import Base
from core.enrolments.models import Enrolment, EnrolmentState
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.locks import lock_row
from core.people.models import Organization, Person
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.models import AccountStatus, Guide, Learner

R = TypeVar("R", bound=Base)

STATUS = {
    EnrolmentState.REQUESTED: AccountStatus.PENDING,
    EnrolmentState.APPROVED: AccountStatus.APPROVED,
    EnrolmentState.DECLINED: AccountStatus.DECLINED,
    EnrolmentState.WITHDRAWN: AccountStatus.WITHDRAWN,
    EnrolmentState.CLOSED: AccountStatus.CLOSED,
}
"""An account's status is its core enrolment's state, named as the program always named it."""
STATE = {status: state for state, status in STATUS.items()}
_current = aliased(Enrolment, name="current_enrolment")
_ended = aliased(Enrolment, name="ended_enrolment")


def _latest_enrolment(*conditions: Any) -> ScalarSelect[Any]:
    """The key of the learner's latest enrolment in the program (meeting ``conditions``):
    enrolments of a person follow one another, each ended before the next is asked for."""
    return (
        select(func.max(Enrolment.id))
        .where(Enrolment.person_id == Learner.person_id, Enrolment.program == SLUG, *conditions)
        .correlate(Learner)
        .scalar_subquery()
    )


def _with_status(*columns: Any) -> Select[Any]:
    """Learners with their latest enrolment (as ``_current``): one statement, as reading the
    account alone was before approval moved to core."""
    return (
        select(*columns, _current.state)
        .select_from(Learner)
        .join(_current, _current.id == _latest_enrolment())
    )


def _accounts() -> Select[Any]:
    """Learner accounts as the API shows them: the profile, the latest enrolment's state and
    decision, and the last withdrawal (kept when the learner applies again)."""
    return _with_status(
        Learner.id,
        Learner.person_id,
        Learner.organization_id,
        Learner.topics,
        Learner.reporting,
        _current.requested_at.label("applied_at"),
        _current.decided_at,
        _current.decision_reason.label("decision_note"),
        _ended.ended_at.label("withdrawn_at"),
        _ended.ended_by_id.label("withdrawn_by_id"),
        _ended.end_reason.label("withdrawal_reason"),
    ).outerjoin(_ended, _ended.id == _latest_enrolment(Enrolment.ended_at.is_not(None)))


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


async def learner_with_status(
    session: AsyncSession, person_id: int
) -> tuple[Learner, AccountStatus] | None:
    """The person's learner account and its status, in one statement."""
    row = (
        await session.execute(_with_status(Learner).where(Learner.person_id == person_id))
    ).first()
    return None if row is None else (row[0], STATUS[row[1]])


async def learner_status(session: AsyncSession, person_id: int) -> AccountStatus | None:
    return await learner_status_in(session, person_id, None)


async def learner_status_in(
    session: AsyncSession, person_id: int, organization_id: int | None
) -> AccountStatus | None:
    """The status of the person's account (in that organization, if given; none without)."""
    statement = _with_status().where(Learner.person_id == person_id)
    if organization_id is not None:
        statement = statement.where(Learner.organization_id == organization_id)
    state = await session.scalar(statement)
    return None if state is None else STATUS[state]


async def current_enrolment(session: AsyncSession, learner: Learner) -> Enrolment | None:
    """The learner's latest enrolment in the program, the one staff decide or it ends."""
    return await session.scalar(
        select(Enrolment)
        .where(Enrolment.person_id == learner.person_id, Enrolment.program == SLUG)
        .order_by(Enrolment.id.desc())
        .limit(1)
    )


async def account(session: AsyncSession, learner_id: int) -> Any:
    """One account as the API shows it."""
    return (await session.execute(_accounts().where(Learner.id == learner_id))).one()


async def account_of(session: AsyncSession, person_id: int) -> Any | None:
    return (await session.execute(_accounts().where(Learner.person_id == person_id))).first()


async def person(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def organization_exists(session: AsyncSession, organization_id: int) -> bool:
    return await session.get(Organization, organization_id) is not None


async def learners(
    session: AsyncSession, organization_id: int, status: AccountStatus | None
) -> list[Any]:
    """An organization's learner accounts, oldest application first."""
    statement = (
        _accounts()
        .where(Learner.organization_id == organization_id)
        .order_by(_current.requested_at, Learner.id)
    )
    if status is not None:
        statement = statement.where(_current.state == STATE[status])
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
