"""PW-DIRECTORY as an eligibility rule, and the program's widening of who sees whom."""

from __future__ import annotations

from core.access import AccessRule
from core.eligibility import Decision, EligibilityCheck
from plugins.ocfp_practising_well import DIRECTORY_ACTION, SLUG
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.matching import repository
from plugins.ocfp_practising_well.matching.service import DIRECTORY
from plugins.ocfp_practising_well.models import AccountStatus


class DirectoryAccess:
    """PW-DIRECTORY: approved learners browse the Peer Guide profiles (so do guides and the
    program's staff)."""

    code = DIRECTORY
    applies_to = frozenset({DIRECTORY_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        """``subject_id`` is the organization whose directory is asked for."""
        status = await accounts.learner_status_in(check.session, check.person_id, check.subject_id)
        if status == AccountStatus.APPROVED:
            return Decision.allow(self.code, _("Approved learners browse the guide directory."))
        if await repository.directory_insider(check.session, check.person_id, check.subject_id):
            return Decision.allow(self.code, _("Guides and program staff see the directory."))
        return Decision.deny(
            self.code, _("The Peer Guide directory opens once your learner account is approved.")
        )


ACCESS_RULES = [
    AccessRule(f"{SLUG}.learners-see-their-guides", repository.learners_see_their_guides)
]
