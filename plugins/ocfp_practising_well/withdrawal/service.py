"""A learner leaves the program (PW-ACCOUNT, PW-PROGRESS): by themselves, or staff record it.

Leaving has to undo everything the account keeps going, or the learner would go on holding a
guide's place and owing surveys forever: open requests are cancelled, every match ends the
one way matches end (so the freed place is offered to the guide's waitlist), places in
learner groups are left, and open progress surveys are closed unanswered, so none falls due
and none is scheduled again (only approved learners answer surveys). With no survey overdue
any more, the certificates one held back are issued now: nothing else would ever release
them, since releasing waits for an answer a learner who left no longer gives. Goals,
sessions, credits and certificates stay: they are the learner's record. The account is kept,
WITHDRAWN with when, by whom and why, and its person may apply again (staff approve again).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.certificates.models import Certificate
from core.db import utcnow
from core.errors import RuleViolation
from core.groups import capacity
from core.registry import Registry
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    ACCOUNT,
    close_open_surveys,
    notify,
    reason_text,
    require_program_staff,
)
from plugins.ocfp_practising_well.matching.service import CASELOAD, OPEN
from plugins.ocfp_practising_well.matching.waitlist import cancel_requests, close_match
from plugins.ocfp_practising_well.models import AccountStatus, Learner
from plugins.ocfp_practising_well.reporting.service import release_withheld
from plugins.ocfp_practising_well.withdrawal import repository

# What the guide reads on the request: the learner's own reason stays on their account.
LEFT_PROGRAM = "The learner left the program."


async def withdraw(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    account_id: int | None,
    reason: str | None,
) -> Learner:
    """The learner (``account_id`` None: the caller's own account) or their program staff
    withdraw a pending or approved account, with all that follows from it."""
    learner = await _account(session, viewer, account_id)
    if learner.status not in (AccountStatus.PENDING, AccountStatus.APPROVED):
        raise RuleViolation.single(
            ACCOUNT,
            f"Only a pending or approved account is withdrawn; this one is {learner.status.value}.",
        )
    now = utcnow()
    learner.status = AccountStatus.WITHDRAWN
    learner.withdrawn_at = now
    learner.withdrawn_by_id = viewer.person_id
    learner.withdrawal_reason = reason_text(reason)
    requests = await repository.requests_in(session, learner.id, OPEN)
    await cancel_requests(session, requests, LEFT_PROGRAM)
    for group_id, kind in await repository.places_of(session, learner.person_id):
        if kind == CASELOAD:
            guide = await repository.guide_of_caseload(session, group_id)
            assert guide is not None
            await close_match(session, registry, viewer, guide, learner.person_id, LEFT_PROGRAM)
        else:
            await capacity.leave_group(session, registry, group_id, learner.person_id)
    await close_open_surveys(session, learner.person_id, now)
    released = await release_withheld(session, registry, learner)
    by_self = viewer.person_id == learner.person_id
    await notify(
        session,
        learner.person_id,
        "account",
        f"{'You left' if by_self else 'OCFP staff recorded that you left'} Practising Well: "
        f"your matches ended and no more progress surveys are due.{_issued(released)} "
        "Apply again at any time.",
    )
    await session.flush()
    return learner


def _issued(released: list[Certificate]) -> str:
    """The certificates a survey had held back, issued on leaving, named so the learner
    knows they have them."""
    if not released:
        return ""
    return (
        " Certificates issued now: " + "; ".join(f"{c.title} ({c.number})" for c in released) + "."
    )


async def _account(session: AsyncSession, viewer: Viewer, learner_id: int | None) -> Learner:
    """The account to withdraw, locked: the caller's own, or one their program staff run."""
    person_id = viewer.require_person()
    if learner_id is None:
        own = await accounts.learner_of(session, person_id)
        if own is None:
            raise RuleViolation.single(ACCOUNT, "You have no learner account to withdraw.")
        learner_id = own.id
    learner = await accounts.lock_learner(session, learner_id)
    if learner is None:
        raise hidden(viewer, "learner account")
    if learner.person_id != person_id:
        require_program_staff(viewer, learner.organization_id)
    return learner
