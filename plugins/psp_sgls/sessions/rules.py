"""SGLS-PARTICIPANTS: doctors, MOAs and allied health professionals take part; only physicians
are credited (and paid: ``followup``)."""

from __future__ import annotations

from core.activities import repository
from core.activities.models import Activity
from core.eligibility import Decision, EligibilityCheck
from core.people.models import Person, Profession
from plugins.psp_sgls.i18n import _

PARTICIPANTS = "SGLS-PARTICIPANTS"
CAPACITY = "SGLS-CAPACITY"
REGISTER = "core.activity.register"
AWARD = "core.credit.award"
TAKE_PART = frozenset(
    {
        Profession.FAMILY_PHYSICIAN,
        Profession.SPECIALIST,
        Profession.RESIDENT,
        Profession.MOA,
        Profession.NURSE,
        Profession.ALLIED_HEALTH,
    }
)


class Participants:
    """SGLS-PARTICIPANTS: who may hold a seat (physicians, MOAs, allied health) and who earns
    credit (physicians only). MOAs and allied health attend and count in the aggregates."""

    code = PARTICIPANTS
    applies_to = frozenset({REGISTER, AWARD})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        person = await check.session.get(Person, check.person_id)
        if person is None:
            return Decision.deny(self.code, _("No such person takes part in sessions."))
        if check.action == AWARD:
            if person.profession.is_physician:
                return Decision.allow(self.code, _("Physicians earn Mainpro+ credit for sessions."))
            return Decision.deny(
                self.code,
                _("Only physicians are credited; MOAs and allied health attend uncredited."),
            )
        if person.profession in TAKE_PART:
            return Decision.allow(
                self.code, _("Physicians, MOAs and allied health professionals take part.")
            )
        return Decision.deny(
            self.code, _("Sessions are for physicians, MOAs and allied health professionals.")
        )


class SeatsLeft:
    """SGLS-CAPACITY, as the ``eligibility`` query reads it: how many seats are left, or that
    registering now joins the waitlist. Never a refusal: a full session waitlists."""

    code = CAPACITY
    applies_to = frozenset({REGISTER})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        activity = None
        if check.subject_id is not None:
            activity = await check.session.get(Activity, check.subject_id)
        if activity is None or activity.capacity is None:
            return Decision.allow(self.code, _("Registering takes a seat while one is left."))
        left = activity.capacity - await repository.places_taken(check.session, activity.id)
        if left > 0:
            return Decision.allow(
                self.code,
                _("{left} of {capacity} seats are left.", left=left, capacity=activity.capacity),
            )
        return Decision.allow(
            self.code,
            _(
                "All {capacity} seats are taken: registering joins the waitlist.",
                capacity=activity.capacity,
            ),
        )
