"""How Practising Well credits reach Mainpro+ (PW-REPORTING), held back by PW-PROGRESS.

A learner chooses: OCFP enters the credits (the pending report, then marked reported), or
the learner receives certificates (after each Community of Practice call, quarterly for Peer
Connect). A credit goes one way, never both. Either way an overdue progress survey holds it
back, and answering the survey releases what was held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer
from core.activities.models import Activity
from core.certificates import service as certificates
from core.certificates.models import Certificate
from core.db import utcnow
from core.eligibility import Decision
from core.errors import RuleViolation
from core.registry import Registry
from plugins.ocfp_practising_well import CERTIFICATE_ACTION, COP_CALL, PEER_CONNECT, SLUG
from plugins.ocfp_practising_well.accounts.service import require_program_staff
from plugins.ocfp_practising_well.i18n import _, _n
from plugins.ocfp_practising_well.models import Learner, ReportingPreference
from plugins.ocfp_practising_well.reporting import repository

REPORTING = "PW-REPORTING"
PROGRESS = "PW-PROGRESS"


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + 3
    end = (
        date(day.year + 1, 1, 1) if end_month > 12 else date(day.year, end_month, 1)
    ) - timedelta(days=1)
    return start, end


def quarter_title(start: date) -> str:
    return f"Practising Well Peer Connect {start:%Y} Q{(start.month - 1) // 3 + 1}"


def call_title(call: Activity) -> str:
    return f"Practising Well Community of Practice: {call.title}"


async def certify(
    session: AsyncSession,
    registry: Registry,
    learner: Learner,
    organization_id: int,
    scope: str,
    start: date,
    end: date,
    title: str,
) -> tuple[Certificate | None, Decision]:
    """A certificate of the learner's credits in ``scope`` over the period, if the program's
    rules (PW-PROGRESS) allow it now; otherwise the decision saying why not."""
    decision = await eligibility.check(
        session, registry, CERTIFICATE_ACTION, learner.person_id, program=SLUG
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
    )
    return certificate, decision


@dataclass(frozen=True)
class QuarterOutcome:
    learner: Learner
    certificate: Certificate | None
    decision: Decision


async def issue_quarterly_certificates(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    quarter: date,
) -> list[QuarterOutcome]:
    """Staff issue the quarter's Peer Connect certificates to learners who chose certificates
    and earned credits in it; learners with overdue surveys are listed with the reason."""
    require_program_staff(viewer, organization_id)
    day_in_quarter, today = quarter, utcnow().date()
    # A quarter still running (or at the calendar's end, where it has no end) is refused
    # before its end is computed.
    if day_in_quarter >= today or quarter_of(day_in_quarter)[1] >= today:
        raise RuleViolation.single(REPORTING, _("Certify a quarter once it has ended."), "quarter")
    start, end = quarter_of(day_in_quarter)
    learners = await repository.learners_to_certify(session, organization_id, start, end)
    outcomes = []
    for learner in learners:
        try:
            certificate, decision = await certify(
                session,
                registry,
                learner,
                organization_id,
                PEER_CONNECT,
                start,
                end,
                quarter_title(start),
            )
        except RuleViolation as nothing:  # credits reversed to zero: nothing to certify
            certificate, decision = None, Decision(False, nothing.reasons)
        outcomes.append(QuarterOutcome(learner, certificate, decision))
    return outcomes


async def release_withheld(
    session: AsyncSession, registry: Registry, learner: Learner
) -> list[Certificate]:
    """PW-PROGRESS cleared: the certificates an overdue survey held back are issued, one per
    Community of Practice call and one per ended quarter of Peer Connect, as they would have
    been. Learners whose credits OCFP enters need nothing: the pending report shows them again."""
    if learner.reporting != ReportingPreference.CERTIFICATE:
        return []
    held = await repository.uncertified_calls(session, learner.person_id, COP_CALL)
    periods = [
        (COP_CALL, call.organization_id, call.held_on, call.held_on, call_title(call))
        for call in held
    ]
    today = utcnow().date()
    peer = await repository.uncertified_days(session, learner.person_id, PEER_CONNECT)
    for start, end in sorted({quarter_of(day) for day in peer}):
        if end < today:
            periods.append(
                (PEER_CONNECT, learner.organization_id, start, end, quarter_title(start))
            )
    released = []
    for scope, organization_id, start, end, title in periods:
        try:
            certificate, _ = await certify(
                session, registry, learner, organization_id, scope, start, end, title
            )
        except RuleViolation:  # nothing left to certify there (reversed, or capped to 0)
            continue
        if certificate is not None:
            released.append(certificate)
    return released


async def pending_report(session: AsyncSession, viewer: Viewer, organization_id: int) -> list[Any]:
    """Credits OCFP still has to enter into Mainpro+ for learners who asked it to: neither
    entered yet nor already on a certificate (a learner may switch preference), and held back
    while the learner's progress survey is overdue (PW-PROGRESS, as for certificates)."""
    require_program_staff(viewer, organization_id)
    return await repository.pending_credits(session, organization_id, utcnow().date())


async def mark_reported(
    session: AsyncSession, viewer: Viewer, *, organization_id: int, credit_entry_ids: list[int]
) -> int:
    """Record that OCFP entered these credits; each is exported once."""
    pending = {row.id for row in await pending_report(session, viewer, organization_id)}
    unknown = [pk for pk in credit_entry_ids if pk not in pending]
    if unknown:
        if await repository.any_held_back(session, unknown, utcnow().date()):
            raise RuleViolation.single(
                PROGRESS,
                _(
                    "Some of these credits belong to learners with an overdue progress survey; "
                    "they are reported once the survey is answered."
                ),
                "entryIds",
            )
        raise RuleViolation.single(
            REPORTING,
            _n(
                "{n} of these entries is not pending for this organization.",
                "{n} of these entries are not pending for this organization.",
                len(unknown),
                n=len(unknown),
            ),
            "entryIds",
        )
    reports = await certificates.report_entries(
        session,
        program=SLUG,
        entry_ids=credit_entry_ids,
        reported_by_id=viewer.require_person(),
    )
    return len(reports)
