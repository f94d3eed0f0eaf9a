"""Correcting what was logged in error (PW-CREDIT-PEER, PW-CREDIT-COP).

A Peer Connect session is corrected or withdrawn by whoever may log it, on the terms logging
sets: the learner while their account is approved, the guide while still matched with the
learner; program staff always (they correct what the others no longer may). Call attendance
is corrected by program staff, who record it. Core's corrections do the ledger work: the
credits are reversed, awarded again for corrected hours, and what the cap had cut from the
learner's other entries is given back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.activities import service as activities
from core.credits.corrections import Amendment, amend_participation
from core.errors import RuleViolation
from core.registry import Registry
from plugins.ocfp_practising_well import COP_CALL, SLUG
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import STATUS_WORDS, require_program_staff
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.models import AccountStatus, Guide, Learner, PeerSession
from plugins.ocfp_practising_well.sessions import repository
from plugins.ocfp_practising_well.sessions.service import CREDIT_PEER, session_hours


@dataclass(frozen=True)
class SessionAmendment:
    session: PeerSession
    amendment: Amendment


async def correct_session(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    session_id: int,
    hours: Decimal | None,
    reason: str,
) -> SessionAmendment:
    """Correct a Peer Connect session's hours, or withdraw it (``hours`` None)."""
    person_id = viewer.require_person()
    logged = await repository.peer_session(session, session_id)
    learner = await accounts.learner(session, logged.learner_id) if logged else None
    guide = await accounts.guide(session, logged.guide_id) if logged else None
    if logged is None or learner is None or guide is None:
        raise hidden(viewer, "session")
    if not viewer.is_staff(learner.organization_id, SLUG):
        await _require_corrector(session, viewer, person_id, learner, guide)
    if hours is not None:
        hours = session_hours(hours)
    activity = await repository.activity(session, logged.activity_id)
    participation = await repository.attendance(session, logged.activity_id, learner.person_id)
    assert activity is not None, "a session is made with its activity"
    assert participation is not None, "and with the learner's attendance"
    if hours is not None:
        activities.set_duration(activity, hours)
        logged.hours = hours
    amendment = await amend_participation(
        session, registry, participation, activity, hours=hours, reason=reason, by_id=person_id
    )
    return SessionAmendment(logged, amendment)


async def _require_corrector(
    session: AsyncSession, viewer: Viewer, person_id: int, learner: Learner, guide: Guide
) -> None:
    """Outside program staff, the learner while approved and the guide while matched.

    A guide whose match ended no longer follows the learner (pwSessions refuses them), so
    they get the stranger's answer, which says nothing about the session. The learner still
    sees their own sessions, so a learner who left is told why, and who corrects it now."""
    if person_id == learner.person_id:
        status = await accounts.learner_status(session, person_id)
        if status != AccountStatus.APPROVED:
            assert status is not None
            raise RuleViolation.single(
                CREDIT_PEER,
                _(
                    "Your learner account is {status}: sessions are corrected by the learner "
                    "while their account is approved. Ask OCFP staff to correct it.",
                    status=_(STATUS_WORDS[status]),
                ),
                "sessionId",
            )
        return
    if person_id != guide.person_id or not await accounts.guides_learner(
        session, person_id, learner.person_id
    ):
        raise hidden(viewer, "session")


async def correct_call_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    participation_id: int,
    hours: Decimal | None,
    reason: str,
) -> Amendment:
    """Program staff correct or withdraw attendance at a Community of Practice call."""
    viewer.require_person()
    participation = await repository.participation(session, participation_id)
    activity = (
        await repository.activity(session, participation.activity_id) if participation else None
    )
    if participation is None or activity is None or activity.kind != COP_CALL:
        raise hidden(viewer, "attendance")
    require_program_staff(viewer, activity.organization_id)
    return await amend_participation(
        session,
        registry,
        participation,
        activity,
        hours=hours,
        reason=reason,
        by_id=viewer.person_id,
    )
