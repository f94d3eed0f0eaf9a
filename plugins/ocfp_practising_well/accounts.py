"""Learner accounts (PW-ACCOUNT) and the lookups every part of the program shares."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.db import utcnow
from core.eligibility import Decision
from core.errors import Forbidden, NotFound, RuleViolation
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.locks import lock_row
from core.notifications import service as notifications
from core.people import roles
from core.people.models import Organization, Person, Role
from core.registry import Registry
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.models import (
    AccountStatus,
    Guide,
    Learner,
    ReportingPreference,
    Topic,
)
from plugins.ocfp_practising_well.surveys import schedule_survey

ACCOUNT = "PW-ACCOUNT"
INVALID = "INVALID"
REASON_LENGTH = 500


async def learner_of(session: AsyncSession, person_id: int) -> Learner | None:
    return await session.scalar(select(Learner).where(Learner.person_id == person_id))


async def guide_of(session: AsyncSession, person_id: int) -> Guide | None:
    return await session.scalar(select(Guide).where(Guide.person_id == person_id))


def account_decision(status: AccountStatus | None) -> Decision:
    """PW-ACCOUNT in words: what an account of this status (None: no account) may do."""
    if status == AccountStatus.APPROVED:
        return Decision.allow(ACCOUNT, "The learner account is approved.")
    if status is None:
        return Decision.deny(ACCOUNT, "Apply for a Practising Well learner account first.")
    if status == AccountStatus.WITHDRAWN:
        return Decision.deny(
            ACCOUNT, "The learner left the program; apply again and OCFP staff approve it."
        )
    return Decision.deny(
        ACCOUNT,
        f"The learner account is {status.value}; OCFP staff approve accounts, usually within "
        "1-2 business days.",
    )


async def require_approved_learner(session: AsyncSession, person_id: int) -> Learner:
    """The person's learner account, which staff must have approved (PW-ACCOUNT)."""
    learner = await learner_of(session, person_id)
    account_decision(learner.status if learner else None).raise_if_denied()
    assert learner is not None
    return learner


def require_program_staff(viewer: Viewer, organization_id: int) -> None:
    viewer.require_staff(organization_id, SLUG)


async def notify(session: AsyncSession, person_id: int, kind: str, message: str) -> None:
    """Tell the person something about their part in Practising Well (``kind``: what about)."""
    await notifications.notify(
        session, person_id=person_id, program=SLUG, kind=f"{SLUG}.{kind}", message=message
    )


def reason_text(reason: str | None) -> str | None:
    """A reason someone gave (for a decline, an ending, a withdrawal), trimmed; blank is none."""
    text = reason.strip() if reason else ""
    if len(text) > REASON_LENGTH:
        raise RuleViolation.single(
            INVALID, f"Keep the reason within {REASON_LENGTH} characters.", "reason"
        )
    return text or None


def topics(values: Iterable[str]) -> list[str]:
    """Topic areas as stored: known ones only, each once, in a stable order."""
    chosen = {Topic(v).value for v in values}
    return [t.value for t in Topic if t.value in chosen]


async def apply(
    session: AsyncSession,
    viewer: Viewer,
    *,
    organization_id: int,
    topic_areas: list[str],
    reporting: ReportingPreference,
) -> Learner:
    """A family physician applies for a learner account; staff decide later. A learner who
    left applies again on the same account (one per person), which keeps their history and
    their last withdrawal, and waits for staff again."""
    person_id = viewer.require_person()
    person = await session.get(Person, person_id)
    assert person is not None
    if await session.get(Organization, organization_id) is None:
        raise NotFound("No such organization.")
    if not person.profession.is_physician:
        raise RuleViolation.single(
            ACCOUNT, "Practising Well peer learners are family physicians.", "profession"
        )
    learner = await learner_of(session, person_id)
    if learner is None:
        learner = Learner(person_id=person_id)
        session.add(learner)
    elif learner.status != AccountStatus.WITHDRAWN:
        raise RuleViolation.single(ACCOUNT, "You have already applied.")
    learner.organization_id = organization_id
    learner.status = AccountStatus.PENDING
    learner.topics = topics(topic_areas)
    learner.reporting = reporting
    learner.applied_at = utcnow()
    learner.decided_at = learner.decided_by_id = learner.decision_note = None
    await session.flush()
    return learner


async def decide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    learner_id: int,
    approve: bool,
    note: str | None,
    survey_interval_days: int,
) -> Learner:
    """Staff approve or decline an application; the learner is notified either way, and an
    approved learner's first progress survey falls due (PW-PROGRESS)."""
    learner = await lock_row(session, Learner, learner_id)
    if learner is None:
        viewer.require_person()
        raise hidden(viewer, "learner account")
    require_program_staff(viewer, learner.organization_id)
    if learner.status != AccountStatus.PENDING:
        raise RuleViolation.single(ACCOUNT, f"This application was {learner.status.value} already.")
    learner.status = AccountStatus.APPROVED if approve else AccountStatus.DECLINED
    learner.decided_at = utcnow()
    learner.decided_by_id = viewer.person_id
    learner.decision_note = note
    message = (
        "Your Practising Well learner account is approved: browse the Peer Guide directory "
        "to request a guide."
        if approve
        else "Your Practising Well learner account was not approved." + (f" {note}" if note else "")
    )
    await notify(session, learner.person_id, "account", message)
    if approve:
        # A member of the program from now on: on its staff's roster, in its groups (staff
        # who registered the person for the program, or an earlier approval, may have granted
        # it already).
        await roles.grant_program_role(
            session,
            viewer,
            person_id=learner.person_id,
            organization_id=learner.organization_id,
            program=SLUG,
            role=Role.MEMBER,
        )
        await schedule_survey(
            session, registry, learner, survey_interval_days, learner.decided_at.date()
        )
    await session.flush()
    return learner


async def set_reporting(
    session: AsyncSession, viewer: Viewer, reporting: ReportingPreference
) -> Learner:
    learner = await learner_of(session, viewer.require_person())
    if learner is None:
        raise RuleViolation.single(ACCOUNT, "Apply for a Practising Well learner account first.")
    learner.reporting = reporting
    await session.flush()
    return learner


async def require_follower(session: AsyncSession, viewer: Viewer, learner: Learner) -> None:
    """A learner's goals, surveys and logs are theirs, their program staff's, and their guides'
    (a guide sees only the learners matched with them or in a group they facilitate)."""
    person_id = viewer.require_person()
    if person_id == learner.person_id or viewer.is_staff(learner.organization_id, SLUG):
        return
    if not await guides_learner(session, person_id, learner.person_id):
        raise Forbidden()


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


async def learner_by_person(session: AsyncSession, viewer: Viewer, person_id: int) -> Learner:
    """The learner account of a person the viewer follows (FORBIDDEN otherwise)."""
    viewer.require_person()
    learner = await learner_of(session, person_id)
    if learner is None:
        if viewer.is_platform_admin or viewer.person_id == person_id:
            raise NotFound("No learner account for this person.")
        raise Forbidden()
    await require_follower(session, viewer, learner)
    return learner
