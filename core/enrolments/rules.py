"""An approved enrolment as an eligibility rule any program can require of its actions.

A program lists ``EnrolmentRequired(program, actions)`` among its eligibility rules (or asks
``approved_enrolment`` in a rule of its own, under its own rule ID), and the person is told
where their enrolment stands: not asked for, waiting for staff, declined, or ended."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.eligibility import Decision, EligibilityCheck
from core.enrolments import repository
from core.enrolments.models import EnrolmentState
from core.enrolments.service import REQUIRED
from core.i18n import N_, _

_WAITING = {
    None: N_("Ask to join the program first: its staff approve enrolments."),
    EnrolmentState.REQUESTED: N_(
        "Your enrolment is waiting for the program's staff to approve it."
    ),
    EnrolmentState.DECLINED: N_("Your enrolment was declined; ask the program's staff why."),
    EnrolmentState.WITHDRAWN: N_("You left the program; ask to join again."),
    EnrolmentState.CLOSED: N_("Your enrolment was closed; ask to join again."),
}


async def approved_enrolment(
    session: AsyncSession,
    *,
    program: str,
    person_id: int,
    organization_id: int | None = None,
    code: str = REQUIRED,
) -> Decision:
    """Whether the person's latest enrolment in the program (in that organization, if given)
    is approved, under ``code`` (CORE-ENROLMENT-REQUIRED unless the program names its own)."""
    latest = await repository.latest(session, person_id, program, organization_id)
    state = latest.state if latest is not None else None
    if state == EnrolmentState.APPROVED:
        return Decision.allow(code, _("The enrolment is approved."))
    return Decision.deny(code, _(_WAITING[state]))


class EnrolmentRequired:
    """Only people the program's staff approved may take these actions of the program."""

    code = REQUIRED

    def __init__(self, program: str, actions: frozenset[str]) -> None:
        self.program = program
        self.applies_to = actions

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        return await approved_enrolment(
            check.session, program=self.program, person_id=check.person_id
        )
