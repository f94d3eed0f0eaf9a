"""PW-ACCOUNT as an eligibility rule core consults: before a place in a program group is
taken, a guide is requested or Peer Connect time is logged."""

from __future__ import annotations

from core.eligibility import Decision, EligibilityCheck
from core.groups.models import MembershipRole
from plugins.ocfp_practising_well import LOG_ACTION, REQUEST_ACTION
from plugins.ocfp_practising_well.accounts import repository
from plugins.ocfp_practising_well.accounts.service import ACCOUNT, account_decision


class ApprovedAccount:
    """PW-ACCOUNT: only learners whose account staff approved request guides, browse the
    directory, take a place in a guide's caseload or learner group, or log Peer Connect time."""

    code = ACCOUNT
    applies_to = frozenset({"core.group.join", REQUEST_ACTION, LOG_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        if check.params.get("role") == MembershipRole.FACILITATOR.value:
            return Decision.allow(self.code, "Guides facilitate without a learner account.")
        return account_decision(await repository.learner_status(check.session, check.person_id))
