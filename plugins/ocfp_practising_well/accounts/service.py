"""Learner accounts (PW-ACCOUNT), and the account checks every part of the program shares.

An account is applied for, then approved or declined by program staff; approval makes the
person a member of the program and starts their progress surveys (PW-PROGRESS). The checks
here (an approved account, who follows a learner) are the ones the other domains ask before
they act, so they live on the floor below all of them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.db import utcnow
from core.due_items import service as due_items
from core.due_items.models import DueItem
from core.eligibility import Decision
from core.errors import Forbidden, NotFound, RuleViolation
from core.notifications import service as notifications
from core.people import roles
from core.people.models import Role
from core.registry import Registry
from plugins.ocfp_practising_well import SLUG, SURVEY
from plugins.ocfp_practising_well.accounts import repository
from plugins.ocfp_practising_well.models import (
    AccountStatus,
    Learner,
    ReportingPreference,
    Topic,
)

ACCOUNT = "PW-ACCOUNT"
INVALID = "INVALID"
REASON_LENGTH = 500


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
    learner = await repository.learner_of(session, person_id)
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


def setting(registry: Registry, name: str) -> int:
    """A whole-number setting of the program (intervals, capacities), as staff configured it."""
    return registry.program(SLUG).settings.integer(name)


async def schedule_survey(
    session: AsyncSession, registry: Registry, learner: Learner, today: date
) -> DueItem:
    """The learner's next progress survey (PW-PROGRESS), due one interval from ``today``."""
    return await due_items.schedule_due_item(
        session,
        registry,
        program=SLUG,
        person_id=learner.person_id,
        kind=SURVEY,
        title="Practising Well progress survey",
        due_on=today + timedelta(days=setting(registry, "progress_survey_days")),
        subject_id=learner.id,
    )


async def close_open_surveys(session: AsyncSession, person_id: int, when: datetime) -> None:
    """A learner who left owes no more surveys: their open ones are closed as of ``when``,
    unanswered (closed, not completed, so the record never shows an answer they did not
    give), and none falls due or withholds a certificate any longer."""
    await due_items.close_open(session, person_id, SURVEY, when)


async def my_account(session: AsyncSession, viewer: Viewer) -> Learner | None:
    """Anyone may ask: an anonymous caller or a person who never applied has none."""
    if viewer.person_id is None:
        return None
    return await repository.learner_of(session, viewer.person_id)


async def learners(
    session: AsyncSession, viewer: Viewer, organization_id: int, status: AccountStatus | None
) -> list[Any]:
    require_program_staff(viewer, organization_id)
    return await repository.learners(session, organization_id, status)


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
    person = await repository.person(session, person_id)
    assert person is not None
    if not await repository.organization_exists(session, organization_id):
        raise NotFound("No such organization.")
    if not person.profession.is_physician:
        raise RuleViolation.single(
            ACCOUNT, "Practising Well peer learners are family physicians.", "profession"
        )
    learner = await repository.learner_of(session, person_id)
    if learner is None:
        learner = Learner(person_id=person_id)
    elif learner.status != AccountStatus.WITHDRAWN:
        raise RuleViolation.single(ACCOUNT, "You have already applied.")
    learner.organization_id = organization_id
    learner.status = AccountStatus.PENDING
    learner.topics = topics(topic_areas)
    learner.reporting = reporting
    learner.applied_at = utcnow()
    learner.decided_at = learner.decided_by_id = learner.decision_note = None
    return await repository.add(session, learner)


async def decide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    account_id: int,
    approve: bool,
    note: str | None,
) -> Learner:
    """Staff approve or decline an application; the learner is notified either way, and an
    approved learner's first progress survey falls due (PW-PROGRESS)."""
    learner = await repository.lock_learner(session, account_id)
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
        await schedule_survey(session, registry, learner, learner.decided_at.date())
    await session.flush()
    return learner


async def set_reporting(
    session: AsyncSession, viewer: Viewer, *, reporting: ReportingPreference
) -> Learner:
    learner = await repository.learner_of(session, viewer.require_person())
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
    if not await repository.guides_learner(session, person_id, learner.person_id):
        raise Forbidden()


async def learner_by_person(session: AsyncSession, viewer: Viewer, person_id: int) -> Learner:
    """The learner account of a person the viewer follows (FORBIDDEN otherwise)."""
    viewer.require_person()
    learner = await repository.learner_of(session, person_id)
    if learner is None:
        if viewer.is_platform_admin or viewer.person_id == person_id:
            raise NotFound("No learner account for this person.")
        raise Forbidden()
    await require_follower(session, viewer, learner)
    return learner
