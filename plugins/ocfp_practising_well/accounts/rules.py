"""PW-ACCOUNT as eligibility rules core consults: before a place in a program group is
taken, a guide is requested or Peer Connect time is logged, and before core enrols anyone in
the program."""

from __future__ import annotations

from core.eligibility import Decision, EligibilityCheck
from core.enrolments.service import REQUEST_ACTION as ENROL_ACTION
from core.groups.models import MembershipRole
from plugins.ocfp_practising_well import LOG_ACTION, REQUEST_ACTION
from plugins.ocfp_practising_well.accounts import repository
from plugins.ocfp_practising_well.accounts.service import ACCOUNT, account_decision
from plugins.ocfp_practising_well.i18n import _


class ApprovedAccount:
    """PW-ACCOUNT: only learners whose account staff approved request guides, browse the
    directory, take a place in a guide's caseload or learner group, or log Peer Connect time."""

    code = ACCOUNT
    applies_to = frozenset({"core.group.join", REQUEST_ACTION, LOG_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        if check.params.get("role") == MembershipRole.FACILITATOR.value:
            return Decision.allow(self.code, _("Guides facilitate without a learner account."))
        return account_decision(await repository.learner_status(check.session, check.person_id))


class ApplicationFirst:
    """PW-ACCOUNT: an enrolment in Practising Well comes with a learner's application (topic
    areas, how credits are reported), so core enrols only a person whose profile was made
    through ``pwApply`` in that organization; a learner who left may ask core again."""

    code = ACCOUNT
    applies_to = frozenset({ENROL_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        learner = await repository.learner_of(check.session, check.person_id)
        if learner is not None and learner.organization_id == check.subject_id:
            return Decision.allow(self.code, _("The learner applied to this organization."))
        return Decision.deny(
            self.code,
            _("Apply for a Practising Well learner account (pwApply) in this organization."),
            "organizationId",
        )
