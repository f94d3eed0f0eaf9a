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

from sqlalchemy import ColumnElement, select
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
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry
from plugins.ocfp_practising_well import COP_CALL, LOG_ACTION, PEER_CONNECT, SLUG
from plugins.ocfp_practising_well.accounts.repository import guides_learner, learner_of
from plugins.ocfp_practising_well.accounts.service import INVALID, require_approved_learner
from plugins.ocfp_practising_well.models import Goal, Guide, PeerSession, ReportingPreference
from plugins.ocfp_practising_well.reporting import call_title, certify

CREDIT_PEER = "PW-CREDIT-PEER"
CREDIT_COP = "PW-CREDIT-COP"
MAX_SESSION_HOURS = Decimal(8)
CENT = Decimal("0.01")


def session_hours(hours: Decimal) -> Decimal:
    """The hours of one Peer Connect session, logged or corrected: positive, at most 8, in
    hundredths."""
    if not (0 < hours <= MAX_SESSION_HOURS) or hours != hours.quantize(CENT):
        raise RuleViolation.single(
            INVALID, f"Hours are positive, at most {MAX_SESSION_HOURS}, in hundredths.", "hours"
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
    learner_person_id: int,
    held_on: date,
    hours: Decimal,
    goal_id: int | None,
) -> LoggedSession:
    """Log time a learner spent with a guide they are matched with (by the learner or the
    guide); it earns 3 credits an hour up to 36 (PW-CREDIT-PEER)."""
    person_id = viewer.require_person()
    guide = await session.get(Guide, guide_id)
    if guide is None:
        raise NotFound("No such guide.")
    if person_id not in (learner_person_id, guide.person_id):
        raise Forbidden()
    decision = await eligibility.check(
        session, registry, LOG_ACTION, learner_person_id, subject_id=guide_id, program=SLUG
    )
    decision.raise_if_denied()
    learner = await require_approved_learner(session, learner_person_id)
    if not await guides_learner(session, guide.person_id, learner_person_id):
        raise RuleViolation.single(
            CREDIT_PEER, "Peer Connect time counts with a guide you are matched with.", "guideId"
        )
    hours = session_hours(hours)
    if held_on > utcnow().date():
        raise RuleViolation.single(INVALID, "Log sessions that have happened.", "heldOn")
    if goal_id is not None:
        goal = await session.get(Goal, goal_id)
        if goal is None or goal.learner_id != learner.id:
            raise RuleViolation.single(INVALID, "Log time on one of the learner's goals.", "goalId")
    # One at a time: no session logged twice.
    await lock_row(session, Person, learner_person_id, missing="person")
    await _refuse_second_log(session, learner.id, guide.id, held_on)
    starts = datetime.combine(held_on, time(12, 0), tzinfo=UTC)
    guide_person = await session.get(Person, guide.person_id)
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
    session.add(logged)
    await session.flush()
    return LoggedSession(logged, award)


def live_sessions() -> ColumnElement[bool]:
    """Sessions not withdrawn: a withdrawn session's attendance is marked so in core."""
    return PeerSession.activity_id.not_in(
        select(Participation.activity_id).where(Participation.withdrawn_at.is_not(None))
    )


async def _refuse_second_log(
    session: AsyncSession, learner_id: int, guide_id: int, held_on: date
) -> None:
    """One session, one credit: the learner and the guide may each log a meeting, so a pair's
    day holds one session; more time that day is a correction of its hours."""
    logged = await session.scalar(
        select(PeerSession).where(
            PeerSession.learner_id == learner_id,
            PeerSession.guide_id == guide_id,
            PeerSession.held_on == held_on,
            live_sessions(),
        )
    )
    if logged is None:
        return
    by = await session.get(Person, logged.logged_by_id)
    raise RuleViolation.single(
        CREDIT_PEER,
        f"{by.name if by else 'Someone'} already logged {logged.hours} hours of Peer Connect "
        f"with this guide on {held_on}; correct that session's hours instead of logging it "
        "again.",
        "heldOn",
    )


async def sessions_of(session: AsyncSession, learner_id: int) -> list[PeerSession]:
    """A learner's Peer Connect sessions, newest first; withdrawn ones are gone from the list
    (their attendance and reversed credits stay in core's records)."""
    rows = await session.scalars(
        select(PeerSession)
        .where(PeerSession.learner_id == learner_id, live_sessions())
        .order_by(PeerSession.held_on.desc(), PeerSession.id.desc())
    )
    return list(rows.all())


async def schedule_call(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    data: activities.ActivityInput,
) -> Activity:
    """Staff schedule a monthly Community of Practice call."""
    if data.kind != COP_CALL:
        raise RuleViolation.single(INVALID, f"A call is of kind {COP_CALL}.", "kind")
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
    person_id: int,
    hours: Decimal,
) -> Attendance:
    """Staff record who attended a call; it earns up to 12 credits in all (PW-CREDIT-COP). A
    learner who chose certificates receives one for the call at once (PW-REPORTING)."""
    call = await session.get(Activity, call_id)
    if call is None or call.kind != COP_CALL:
        viewer.require_person()
        raise NotFound("No such call.")
    participation, award = await activities.add_participation(
        session, registry, viewer, call, person_id, hours
    )
    learner = await learner_of(session, person_id)
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
