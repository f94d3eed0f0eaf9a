"""Credits: Peer Connect time (PW-CREDIT-PEER), Community of Practice calls (PW-CREDIT-COP),
and how they reach Mainpro+ (PW-REPORTING).

Each Peer Connect log is a core activity with the learner's participation, so the core ledger
awards it under the program's certification and cap (the person's row is locked while the cap
is read, so concurrent logs never pass 36). Certificates need the progress surveys to be up to
date (PW-PROGRESS).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import utcnow
from core.eligibility import Decision, EligibilityCheck, decide, require
from core.errors import Forbidden, NotFound, RuleViolation
from core.models import (
    Activity,
    Certificate,
    CertifiedEntry,
    CreditEntry,
    Participation,
    Person,
)
from core.plugin_host import Registry
from core.services import activities, certificates
from core.services.credits import AwardResult, award_for_participation
from plugins.ocfp_practising_well import SLUG
from plugins.ocfp_practising_well.accounts import (
    INVALID,
    guides_learner,
    learner_of,
    require_approved_learner,
    require_program_staff,
)
from plugins.ocfp_practising_well.models import (
    CreditReport,
    Goal,
    Guide,
    Learner,
    PeerSession,
    ReportingPreference,
)

PEER_CONNECT = f"{SLUG}.peer_connect"
COP_CALL = f"{SLUG}.cop_call"
CREDIT_PEER = "PW-CREDIT-PEER"
CREDIT_COP = "PW-CREDIT-COP"
REPORTING = "PW-REPORTING"
LOG_ACTION = f"{SLUG}.log_session"
CERTIFICATE_ACTION = f"{SLUG}.certificate"
MAX_SESSION_HOURS = Decimal(8)
CENT = Decimal("0.01")


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
    await require(
        EligibilityCheck(
            session=session,
            registry=registry,
            action=LOG_ACTION,
            person_id=learner_person_id,
            subject_id=guide_id,
            program=SLUG,
        )
    )
    learner = await require_approved_learner(session, learner_person_id)
    if not await guides_learner(session, guide.person_id, learner_person_id):
        raise RuleViolation.single(
            CREDIT_PEER, "Peer Connect time counts with a guide you are matched with.", "guideId"
        )
    if not (0 < hours <= MAX_SESSION_HOURS) or hours != hours.quantize(CENT):
        raise RuleViolation.single(
            INVALID, f"Hours are positive, at most {MAX_SESSION_HOURS}, in hundredths.", "hours"
        )
    if held_on > utcnow().date():
        raise RuleViolation.single(INVALID, "Log sessions that have happened.", "heldOn")
    if goal_id is not None:
        goal = await session.get(Goal, goal_id)
        if goal is None or goal.learner_id != learner.id:
            raise RuleViolation.single(INVALID, "Log time on one of the learner's goals.", "goalId")
    starts = datetime.combine(held_on, time(12, 0), tzinfo=UTC)
    guide_person = await session.get(Person, guide.person_id)
    assert guide_person is not None
    activity = Activity(
        organization_id=learner.organization_id,
        program=SLUG,
        kind=PEER_CONNECT,
        title=f"Peer Connect with {guide_person.name}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=float(hours)),
        held_on=held_on,
        hours=hours,
    )
    session.add(activity)
    await session.flush()
    participation = Participation(activity_id=activity.id, person_id=learner_person_id, hours=hours)
    session.add(participation)
    await session.flush()
    award = await award_for_participation(session, registry, participation, activity, person_id)
    logged = PeerSession(
        learner_id=learner.id,
        guide_id=guide.id,
        goal_id=goal_id,
        activity_id=activity.id,
        held_on=held_on,
        hours=hours,
        logged_by_id=person_id,
    )
    session.add(logged)
    await session.flush()
    return LoggedSession(logged, award)


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
        certificate, decision = await _certify(
            session,
            registry,
            learner,
            call.organization_id,
            COP_CALL,
            day,
            day,
            f"Practising Well Community of Practice: {call.title}",
        )
    return Attendance(participation, award, certificate, decision)


async def _certify(
    session: AsyncSession,
    registry: Registry,
    learner: Learner,
    organization_id: int,
    scope: str,
    start: date,
    end: date,
    title: str,
) -> tuple[Certificate | None, Decision]:
    decision = await decide(
        EligibilityCheck(
            session=session,
            registry=registry,
            action=CERTIFICATE_ACTION,
            person_id=learner.person_id,
            program=SLUG,
        )
    )
    if not decision.allowed:
        return None, decision
    certificate = await certificates.certify(
        session,
        person_id=learner.person_id,
        organization_id=organization_id,
        program=SLUG,
        title=title,
        period_start=start,
        period_end=end,
        scope=scope,
        # Credits OCFP already entered into Mainpro+ are not certified again.
        exclude=CreditEntry.id.in_(select(CreditReport.credit_entry_id)),
    )
    return certificate, decision


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + 3
    end = (
        date(day.year + 1, 1, 1) if end_month > 12 else date(day.year, end_month, 1)
    ) - timedelta(days=1)
    return start, end


@dataclass(frozen=True)
class QuarterOutcome:
    learner: Learner
    certificate: Certificate | None
    decision: Decision


async def issue_quarterly_certificates(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    organization_id: int,
    day_in_quarter: date,
) -> list[QuarterOutcome]:
    """Staff issue the quarter's Peer Connect certificates to learners who chose certificates
    and earned credits in it; learners with overdue surveys are listed with the reason."""
    require_program_staff(viewer, organization_id)
    start, end = quarter_of(day_in_quarter)
    if end >= utcnow().date():
        raise RuleViolation.single(REPORTING, "Certify a quarter once it has ended.", "quarter")
    learners = (
        await session.scalars(
            select(Learner)
            .where(
                Learner.organization_id == organization_id,
                Learner.reporting == ReportingPreference.CERTIFICATE,
                # Learners with Peer Connect credits of the quarter on no certificate yet.
                Learner.person_id.in_(
                    select(CreditEntry.person_id).where(
                        CreditEntry.scope == PEER_CONNECT,
                        CreditEntry.earned_on.between(start, end),
                        CreditEntry.id.not_in(select(CertifiedEntry.credit_entry_id)),
                        CreditEntry.id.not_in(select(CreditReport.credit_entry_id)),
                    )
                ),
            )
            .order_by(Learner.id)
        )
    ).all()
    outcomes = []
    for learner in learners:
        try:
            certificate, decision = await _certify(
                session,
                registry,
                learner,
                organization_id,
                PEER_CONNECT,
                start,
                end,
                f"Practising Well Peer Connect {start:%Y} Q{(start.month - 1) // 3 + 1}",
            )
        except RuleViolation as nothing:  # credits reversed to zero: nothing to certify
            certificate, decision = None, Decision(False, nothing.reasons)
        outcomes.append(QuarterOutcome(learner, certificate, decision))
    return outcomes


async def pending_report(
    session: AsyncSession, viewer: Viewer, organization_id: int
) -> list[tuple[CreditEntry, Person]]:
    """Credits OCFP still has to enter into Mainpro+ for learners who asked it to: neither
    entered yet nor already on a certificate (a learner may switch preference)."""
    require_program_staff(viewer, organization_id)
    rows = await session.execute(
        select(CreditEntry, Person)
        .join(Person, Person.id == CreditEntry.person_id)
        .join(Learner, Learner.person_id == CreditEntry.person_id)
        .where(
            CreditEntry.program == SLUG,
            CreditEntry.amount != 0,
            Learner.organization_id == organization_id,
            Learner.reporting == ReportingPreference.OCFP_ENTERS,
            CreditEntry.id.not_in(select(CreditReport.credit_entry_id)),
            # A credit already on a certificate reaches Mainpro+ that way, not twice.
            CreditEntry.id.not_in(select(CertifiedEntry.credit_entry_id)),
        )
        .order_by(CreditEntry.earned_on, CreditEntry.id)
    )
    return [(entry, person) for entry, person in rows.all()]


async def mark_reported(
    session: AsyncSession, viewer: Viewer, organization_id: int, entry_ids: list[int]
) -> int:
    """Record that OCFP entered these credits; each is exported once."""
    pending = {entry.id for entry, _ in await pending_report(session, viewer, organization_id)}
    unknown = [pk for pk in entry_ids if pk not in pending]
    if unknown:
        raise RuleViolation.single(
            REPORTING,
            f"{len(unknown)} of these entries are not pending for this organization.",
            "entryIds",
        )
    for pk in entry_ids:
        session.add(CreditReport(credit_entry_id=pk, reported_by_id=viewer.person_id))
    await session.flush()
    return len(entry_ids)
