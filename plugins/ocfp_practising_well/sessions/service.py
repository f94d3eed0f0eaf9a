"""Credits: Peer Connect time (PW-CREDIT-PEER) and Community of Practice calls (PW-CREDIT-COP).

Each Peer Connect log is a core activity with the learner's participation, so the core ledger
awards it under the program's certification and cap (the learner's row is locked first, so
concurrent logs never pass 36 and one session is never logged twice). How the credits then
reach Mainpro+ is ``reporting``'s business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer
from core.activities import service as activities
from core.activities.models import Activity, Participation
from core.certificates.models import Certificate
from core.credits.service import AwardResult
from core.db import utcnow
from core.eligibility import Decision
from core.errors import Forbidden, NotFound, RuleViolation
from core.i18n import date_text, number_text
from core.registry import Registry
from plugins.ocfp_practising_well import COP_CALL, LOG_ACTION, PEER_CONNECT, SLUG
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    INVALID,
    learner_by_person,
    require_approved_learner,
)
from plugins.ocfp_practising_well.goals.service import learners_goal
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.matching.service import NO_SUCH_GUIDE
from plugins.ocfp_practising_well.models import PeerSession, ReportingPreference
from plugins.ocfp_practising_well.reporting.service import call_title, certify
from plugins.ocfp_practising_well.sessions import repository

CREDIT_PEER = "PW-CREDIT-PEER"
CREDIT_COP = "PW-CREDIT-COP"
MAX_SESSION_HOURS = Decimal(8)
CENT = Decimal("0.01")


def session_hours(hours: Decimal) -> Decimal:
    """The hours of one Peer Connect session, logged or corrected: positive, at most 8, in
    hundredths."""
    if not (0 < hours <= MAX_SESSION_HOURS) or hours != hours.quantize(CENT):
        raise RuleViolation.single(
            INVALID,
            _(
                "Hours are positive, at most {most}, in hundredths.",
                most=number_text(MAX_SESSION_HOURS),
            ),
            "hours",
        )
    return hours.quantize(CENT)


@dataclass(frozen=True)
class LoggedSession:
    session: PeerSession
    award: AwardResult


async def log_session(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    guide_id: int,
    learner_id: int,
    held_on: date,
    hours: Decimal,
    goal_id: int | None,
) -> LoggedSession:
    """Log time a learner spent with a guide they are matched with (by the learner or the
    guide); it earns 3 credits an hour up to 36 (PW-CREDIT-PEER). ``learner_id`` names the
    learner's person."""
    learner_person_id = learner_id
    person_id = viewer.require_person()
    guide = await accounts.guide(session, guide_id)
    if guide is None:
        raise NotFound(_(NO_SUCH_GUIDE))
    if person_id not in (learner_person_id, guide.person_id):
        raise Forbidden()
    decision = await eligibility.check(
        session, registry, LOG_ACTION, learner_person_id, subject_id=guide_id, program=SLUG
    )
    decision.raise_if_denied()
    learner = await require_approved_learner(session, learner_person_id)
    if not await accounts.guides_learner(session, guide.person_id, learner_person_id):
        raise RuleViolation.single(
            CREDIT_PEER,
            _("Peer Connect time counts with a guide you are matched with."),
            "guideId",
        )
    hours = session_hours(hours)
    if held_on > utcnow().date():
        raise RuleViolation.single(INVALID, _("Log sessions that have happened."), "heldOn")
    if goal_id is not None and await learners_goal(session, learner, goal_id) is None:
        raise RuleViolation.single(INVALID, _("Log time on one of the learner's goals."), "goalId")
    # One at a time: no session logged twice.
    await repository.lock_person(session, learner_person_id)
    await _refuse_second_log(session, learner.id, guide.id, held_on)
    starts = datetime.combine(held_on, time(12, 0), tzinfo=UTC)
    guide_person = await accounts.person(session, guide.person_id)
    assert guide_person is not None
    participation, award = await activities.record_self_reported(
        session,
        registry,
        program=SLUG,
        data=activities.ActivityInput(
            organization_id=learner.organization_id,
            kind=PEER_CONNECT,
            title=f"Peer Connect with {guide_person.name}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=float(hours)),
        ),
        person_id=learner_person_id,
        recorded_by_id=person_id,
    )
    logged = PeerSession(
        learner_id=learner.id,
        guide_id=guide.id,
        goal_id=goal_id,
        activity_id=participation.activity_id,
        held_on=held_on,
        hours=hours,
        logged_by_id=person_id,
    )
    await accounts.add(session, logged)
    return LoggedSession(logged, award)


async def _refuse_second_log(
    session: AsyncSession, learner_id: int, guide_id: int, held_on: date
) -> None:
    """One session, one credit: the learner and the guide may each log a meeting, so a pair's
    day holds one session; more time that day is a correction of its hours."""
    logged = await repository.logged_on(session, learner_id, guide_id, held_on)
    if logged is None:
        return
    by = await accounts.person(session, logged.logged_by_id)
    hours, day = number_text(logged.hours), date_text(held_on)
    if by is None:
        message = _(
            "Someone already logged {hours} hours of Peer Connect with this guide on {day}; "
            "correct that session's hours instead of logging it again.",
            hours=hours,
            day=day,
        )
    else:
        message = _(
            "{name} already logged {hours} hours of Peer Connect with this guide on {day}; "
            "correct that session's hours instead of logging it again.",
            name=by.name,
            hours=hours,
            day=day,
        )
    raise RuleViolation.single(CREDIT_PEER, message, "heldOn")


async def sessions(session: AsyncSession, viewer: Viewer, person_id: int) -> list[Any]:
    """A learner's Peer Connect sessions, newest first, for whoever follows the learner;
    withdrawn ones are gone from the list (their attendance and reversed credits stay in
    core's records)."""
    learner = await learner_by_person(session, viewer, person_id)
    return await repository.sessions_of(session, learner.id)


async def schedule_call(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
) -> Activity:
    """Staff schedule a monthly Community of Practice call."""
    data = activities.ActivityInput(
        organization_id=organization_id,
        kind=COP_CALL,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    return await activities.add_activity(session, registry, viewer, data)


@dataclass(frozen=True)
class Attendance:
    participation: Participation
    award: AwardResult
    certificate: Certificate | None
    certificate_decision: Decision | None


async def record_call_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    call_id: int,
    learner_id: int,
    hours: Decimal,
) -> Attendance:
    """Staff record who attended a call; it earns up to 12 credits in all (PW-CREDIT-COP). A
    learner who chose certificates receives one for the call at once (PW-REPORTING).
    ``learner_id`` names the attendee's person."""
    person_id = learner_id
    call = await repository.activity(session, call_id)
    if call is None or call.kind != COP_CALL:
        viewer.require_person()
        raise NotFound(_("No such call."))
    participation, award = await activities.add_participation(
        session, registry, viewer, call, person_id, hours
    )
    learner = await accounts.learner_of(session, person_id)
    certificate, decision = None, None
    if (
        award.entry is not None
        and award.entry.amount > 0
        and learner is not None
        and learner.reporting == ReportingPreference.CERTIFICATE
    ):
        day = call.held_on
        certificate, decision = await certify(
            session, registry, learner, call.organization_id, COP_CALL, day, day, call_title(call)
        )
    return Attendance(participation, award, certificate, decision)
