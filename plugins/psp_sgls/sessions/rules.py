"""SGLS-PARTICIPANTS: doctors, MOAs and allied health professionals take part; only physicians
are credited (and paid: ``followup``)."""

from __future__ import annotations

from core.eligibility import Decision, EligibilityCheck
from core.people.models import Person, Profession

PARTICIPANTS = "SGLS-PARTICIPANTS"
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
            return Decision.deny(self.code, "No such person takes part in sessions.")
        if check.action == AWARD:
            if person.profession.is_physician:
                return Decision.allow(self.code, "Physicians earn Mainpro+ credit for sessions.")
            return Decision.deny(
                self.code, "Only physicians are credited; MOAs and allied health attend uncredited."
            )
        if person.profession in TAKE_PART:
            return Decision.allow(
                self.code, "Physicians, MOAs and allied health professionals take part."
            )
        return Decision.deny(
            self.code, "Sessions are for physicians, MOAs and allied health professionals."
        )
