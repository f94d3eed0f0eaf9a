"""A learner leaves the program (PW-ACCOUNT, PW-PROGRESS): by themselves, or staff record it.

Leaving is core's enrolment withdrawal: ``pwWithdrawAccount`` withdraws the learner's
enrolment, which cancels their open progress surveys (so none falls due and none is
scheduled again: only approved learners answer surveys). Whatever ends the enrolment, this
withdrawal, core's ``withdrawEnrolment`` or staff closing it with ``closeEnrolment``, core
then raises an event and ``on_left`` undoes what the account kept going, or the learner would
go on holding a guide's place forever: open requests are cancelled, every match ends the one
way matches end (so the freed place is offered to the guide's waitlist), places in learner
groups are left. With no survey overdue any more, the certificates one held back are issued
now: nothing else would ever release them. Goals, sessions, credits and certificates stay:
they are the learner's record. The enrolment keeps when, by whom and why; its person may
apply again (staff approve again).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.certificates.models import Certificate
from core.enrolments import service as enrolments
from core.enrolments.models import Enrolment, EnrolmentState
from core.errors import RuleViolation
from core.events import Event
from core.groups import capacity
from core.i18n import Text
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import find
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    ACCOUNT,
    STATUS_WORDS,
    notify,
    reason_text,
    require_program_staff,
)
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.matching.service import CASELOAD, LEFT_PROGRAM, OPEN
from plugins.ocfp_practising_well.matching.waitlist import cancel_requests, close_match
from plugins.ocfp_practising_well.models import AccountStatus, Learner
from plugins.ocfp_practising_well.reporting.service import release_withheld
from plugins.ocfp_practising_well.withdrawal import repository


async def withdraw(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    account_id: int | None,
    reason: str | None,
) -> Any:
    """The learner (``account_id`` None: the caller's own account) or their program staff
    withdraw a pending or approved account: core withdraws its enrolment, ``on_left`` does
    the rest and tells the learner."""
    screen(reason=reason)
    learner = await _account(session, viewer, account_id)
    enrolment = await accounts.current_enrolment(session, learner)
    assert enrolment is not None
    status = accounts.STATUS[enrolment.state]
    if status not in (AccountStatus.PENDING, AccountStatus.APPROVED):
        raise RuleViolation.single(
            ACCOUNT,
            _(
                "Only a pending or approved account is withdrawn; this one is {status}.",
                status=_(STATUS_WORDS[status]),
            ),
        )
    await enrolments.withdraw(
        session,
        registry,
        viewer,
        enrolment_id=enrolment.id,
        reason=reason_text(reason),
        notice=None,
    )
    return await accounts.account(session, learner.id)


async def on_left(session: AsyncSession, registry: Registry, event: Event) -> None:
    """The learner's enrolment was withdrawn or closed: their requests, matches and places
    end as recorded by whoever ended it, and the learner is told what that meant."""
    enrolment = await find(session, Enrolment, event.subject_id, missing="enrolment")
    learner = await accounts.learner_of(session, enrolment.person_id)
    if learner is None:
        return
    # Matches record who ended them: the person who ended the enrolment.
    ender = Viewer(person_id=enrolment.ended_by_id)
    requests = await repository.requests_in(session, learner.id, OPEN)
    await cancel_requests(session, requests, LEFT_PROGRAM)
    for group_id, kind in await repository.places_of(session, learner.person_id):
        if kind == CASELOAD:
            guide = await repository.guide_of_caseload(session, group_id)
            assert guide is not None
            await close_match(session, registry, ender, guide, learner.person_id, LEFT_PROGRAM)
        else:
            await capacity.leave_group(session, registry, group_id, learner.person_id)
    released = await release_withheld(session, registry, learner)
    await notify(session, learner.person_id, "account", _told(enrolment, released))
    await session.flush()


def _told(enrolment: Enrolment, released: list[Certificate]) -> Text:
    """How the learner left, what that ended, and the certificates a survey had held back,
    issued on leaving (named, so the learner knows they have them): whole sentences, so a
    translation may order them as its language does."""
    issued = "; ".join(f"{c.title} ({c.number})" for c in released)
    if enrolment.state == EnrolmentState.CLOSED:
        if released:
            return _(
                "OCFP staff closed your Practising Well account: your matches ended and no "
                "more progress surveys are due. Certificates issued now: {certificates}. "
                "Apply again at any time.",
                certificates=issued,
            )
        return _(
            "OCFP staff closed your Practising Well account: your matches ended and no more "
            "progress surveys are due. Apply again at any time."
        )
    if enrolment.ended_by_id == enrolment.person_id:
        if released:
            return _(
                "You left Practising Well: your matches ended and no more progress surveys "
                "are due. Certificates issued now: {certificates}. Apply again at any time.",
                certificates=issued,
            )
        return _(
            "You left Practising Well: your matches ended and no more progress surveys are "
            "due. Apply again at any time."
        )
    if released:
        return _(
            "OCFP staff recorded that you left Practising Well: your matches ended and no "
            "more progress surveys are due. Certificates issued now: {certificates}. Apply "
            "again at any time.",
            certificates=issued,
        )
    return _(
        "OCFP staff recorded that you left Practising Well: your matches ended and no more "
        "progress surveys are due. Apply again at any time."
    )


async def _account(session: AsyncSession, viewer: Viewer, learner_id: int | None) -> Learner:
    """The account to withdraw, locked: the caller's own, or one their program staff run."""
    person_id = viewer.require_person()
    if learner_id is None:
        own = await accounts.learner_of(session, person_id)
        if own is None:
            raise RuleViolation.single(ACCOUNT, _("You have no learner account to withdraw."))
        learner_id = own.id
    learner = await accounts.lock_learner(session, learner_id)
    if learner is None:
        raise hidden(viewer, "learner account")
    if learner.person_id != person_id:
        require_program_staff(viewer, learner.organization_id)
    return learner
