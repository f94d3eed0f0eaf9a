"""SGLS-ACTION-PLAN (paid only after the action plan), SGLS-QUESTIONNAIRE (asked two months
after the session, of those who attended) and SGLS-CERTIFICATE (issued only once the
questionnaire is in): the same rules answer the ``eligibility`` query and refuse the action."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.activities.models import Activity
from core.due_items.calendar import add_months
from core.eligibility import Decision, EligibilityCheck, EligibilityRule
from core.i18n import date_text
from core.people.models import Person
from core.plans.models import Plan
from core.questionnaires.service import has_answered
from core.repository import find
from plugins.psp_sgls import (
    CERTIFICATE_ACTION,
    PAY_ACTION,
    QUESTIONNAIRE_KEY,
    SLUG,
    clock,
    settings,
)
from plugins.psp_sgls.followup import repository
from plugins.psp_sgls.i18n import _
from plugins.psp_sgls.models import Session
from plugins.psp_sgls.visits.service import supports

ACTION_PLAN_RULE = "SGLS-ACTION-PLAN"
QUESTIONNAIRE_RULE = "SGLS-QUESTIONNAIRE"
CERTIFICATE_RULE = "SGLS-CERTIFICATE"
SUBMIT = "core.questionnaire.submit"


async def _session(check: EligibilityCheck) -> Session | None:
    if check.subject_id is None:
        return None
    return await check.session.get(Session, check.subject_id)


class ActionPlanFirst:
    """SGLS-ACTION-PLAN: a physician who attended is paid once their action plan linking the
    session's learnings to a QI activity is submitted."""

    code = ACTION_PLAN_RULE
    applies_to = frozenset({PAY_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        session = await _session(check)
        if session is None:
            return Decision.deny(self.code, _("Name the session the payment is for."))
        person = await check.session.get(Person, check.person_id)
        if person is None or not person.profession.is_physician:
            return Decision.deny(self.code, _("Only physicians are paid for participating."))
        if await repository.attended(check.session, session.activity_id, check.person_id) is None:
            return Decision.deny(self.code, _("Only attendance at the session is paid."))
        if await repository.submitted_plan(check.session, session.id, check.person_id) is None:
            return Decision.deny(
                self.code, _("The physician is paid once their action plan for it is submitted.")
            )
        if await repository.payment(check.session, session.id, check.person_id) is not None:
            return Decision.deny(
                self.code, _("This participation is already paid; it is paid once.")
            )
        return Decision.allow(self.code, _("The action plan is in: the participation may be paid."))


class QuestionnaireDue:
    """SGLS-QUESTIONNAIRE: the self-reflective questionnaire is answered by those who attended,
    from two months (a setting) after the session."""

    code = QUESTIONNAIRE_RULE
    applies_to = frozenset({SUBMIT})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        if check.params.get("questionnaire") not in (None, QUESTIONNAIRE_KEY):
            return Decision.allow(self.code, _("Not the session questionnaire."))
        session = await _session(check)
        if session is None or check.params.get("subject_type") not in (None, "PspSession"):
            return Decision.deny(self.code, _("The questionnaire is about a session."))
        if await repository.attended(check.session, session.activity_id, check.person_id) is None:
            return Decision.deny(self.code, _("Only those who attended the session answer it."))
        activity_day = await _day(check, session)
        due = add_months(activity_day, settings.integer(check.registry, "questionnaire_months"))
        if clock.today() < due:
            return Decision.deny(
                self.code, _("The questionnaire is asked from {due}.", due=date_text(due))
            )
        return Decision.allow(
            self.code, _("The session was two months ago: the questionnaire is due.")
        )


class CertificateAfterQuestionnaire:
    """SGLS-CERTIFICATE: the accreditation certificate only once the questionnaire is in."""

    code = CERTIFICATE_RULE
    applies_to = frozenset({CERTIFICATE_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        session = await _session(check)
        if session is None:
            return Decision.deny(self.code, _("Name the session the certificate is for."))
        answered = await has_answered(
            check.session,
            program=SLUG,
            key=QUESTIONNAIRE_KEY,
            person_id=check.person_id,
            subject=("PspSession", session.id),
        )
        if not answered:
            return Decision.deny(
                self.code,
                _("The certificate is issued once the completed questionnaire is received."),
            )
        return Decision.allow(
            self.code, _("The questionnaire is in: the certificate may be issued.")
        )


async def _day(check: EligibilityCheck, session: Session) -> date:
    activity = await find(check.session, Activity, session.activity_id, missing="activity")
    return activity.starts_at.date()


RULES: list[EligibilityRule] = [
    ActionPlanFirst(),
    QuestionnaireDue(),
    CertificateAfterQuestionnaire(),
]


async def action_plan_helpers(db: AsyncSession, viewer: Viewer, plan: Plan) -> bool:
    """SGLS-ACTION-PLAN: the session's division's coordinators (its staff) and peer mentors
    (guides reaching it) may draft a physician's action plan with them; the physician submits
    it themselves, since the payment that follows is theirs."""
    if plan.subject_id is None:
        return False
    row = await db.get(Session, plan.subject_id)
    return row is not None and supports(viewer, row.division_id)
