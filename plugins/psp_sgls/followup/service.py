"""After the session: the questionnaire falling due, payment after the action plan, and the
certificate after the questionnaire (SGLS-ACTION-PLAN, SGLS-QUESTIONNAIRE, SGLS-CERTIFICATE).

Payments are the program's own rows, one per session and physician (a unique constraint, with
the session's activity locked first, so concurrent requests record one). Optionally a payment
is spent from a division's core budget (SGLS-FUNDING), in the same transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer
from core.activities.models import Activity, Participation
from core.budgets import service as budgets
from core.certificates import service as certificates
from core.certificates.models import Certificate
from core.due_items.calendar import Interval
from core.due_items.service import schedule_due_item
from core.errors import Forbidden, RuleViolation
from core.events import Event
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry
from core.repository import add, find
from plugins.psp_sgls import (
    CERTIFICATE_ACTION,
    PAY_ACTION,
    QUESTIONNAIRE_DUE,
    SESSION,
    SLUG,
    clock,
    settings,
)
from plugins.psp_sgls.followup import repository
from plugins.psp_sgls.followup.rules import ACTION_PLAN_RULE
from plugins.psp_sgls.i18n import _
from plugins.psp_sgls.models import Payment, Session
from plugins.psp_sgls.sessions import repository as sessions

PAYMENT_CATEGORY = "participant payment"


async def ask_for_questionnaire(db: AsyncSession, registry: Registry, event: Event) -> None:
    """SGLS-QUESTIONNAIRE: a physician who attended owes the self-reflective questionnaire two
    months (the setting) after the session, a due item about the session."""
    participation = await find(db, Participation, event.subject_id, missing="participation")
    activity = await find(db, Activity, participation.activity_id, missing="activity")
    person = await find(db, Person, participation.person_id, missing="person")
    row = await sessions.session_of_activity(db, activity.id)
    if row is None or activity.kind != SESSION or not person.profession.is_physician:
        return
    await schedule_due_item(
        db,
        registry,
        program=SLUG,
        person_id=person.id,
        kind=QUESTIONNAIRE_DUE,
        title=f"Self-reflective questionnaire: {activity.title}"[:200],
        after=activity.starts_at.date(),
        offset=Interval(months=settings.integer(registry, "questionnaire_months")),
        subject_id=row.id,
    )


async def _division_session(db: AsyncSession, viewer: Viewer, session_id: int) -> Session:
    row = await find(db, Session, session_id, missing="session")
    viewer.require_staff(row.division_id, SLUG)
    return row


async def record_payment(
    db: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    session_id: int,
    person_id: int,
    amount: Decimal,
    allocation_id: int | None = None,
) -> Payment:
    """The division's staff record a physician's participation payment: once, and only after
    their action plan (SGLS-ACTION-PLAN); spent from the division's allocation when named."""
    row = await _division_session(db, viewer, session_id)
    await lock_row(db, Activity, row.activity_id, missing="activity")
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise RuleViolation.single(
            ACTION_PLAN_RULE, _("A payment is a positive amount in cents."), "amount"
        )
    decision = await eligibility.check(
        db, registry, PAY_ACTION, person_id, subject_id=row.id, program=SLUG
    )
    decision.raise_if_denied()
    plan = await repository.submitted_plan(db, row.id, person_id)
    assert plan is not None  # the rule above required it
    payment = await add(
        db,
        Payment(
            session_id=row.id,
            person_id=person_id,
            plan_id=plan.id,
            amount=amount,
            recorded_by_id=viewer.person_id,
        ),
    )
    if allocation_id is not None:
        await budgets.record_spending(
            db,
            registry,
            viewer,
            allocation_id=allocation_id,
            category=PAYMENT_CATEGORY,
            amount=amount,
            currency="CAD",
            note=f"Participation payment, session {row.id}",
            spent_on=clock.today(),
        )
    return payment


async def issue_certificate(
    db: AsyncSession, registry: Registry, viewer: Viewer, *, session_id: int, person_id: int
) -> Certificate:
    """The accreditation certificate of a session: the physician asks for their own, or the
    division's staff issue it; only once the questionnaire is in (SGLS-CERTIFICATE), and core
    certifies each credit once."""
    viewer.require_person()
    row = await find(db, Session, session_id, missing="session")
    if person_id != viewer.person_id and not viewer.is_staff(row.division_id, SLUG):
        raise Forbidden(_("Only the physician or the division's staff ask for the certificate."))
    decision = await eligibility.check(
        db, registry, CERTIFICATE_ACTION, person_id, subject_id=row.id, program=SLUG
    )
    decision.raise_if_denied()
    activity = await find(db, Activity, row.activity_id, missing="activity")
    day: date = activity.starts_at.date()
    return await certificates.certify(
        db,
        person_id=person_id,
        organization_id=row.division_id,
        program=SLUG,
        title=f"Small group learning session: {activity.title}"[:200],
        period_start=day,
        period_end=activity.ends_at.date(),
        scope=SESSION,
    )
