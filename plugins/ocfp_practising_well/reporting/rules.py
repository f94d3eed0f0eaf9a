"""PW-PROGRESS and PW-REPORTING as eligibility rules core consults before a certificate."""

from __future__ import annotations

from core.certificates.service import ISSUE_ACTION
from core.db import utcnow
from core.eligibility import Decision, EligibilityCheck
from core.i18n import date_text
from plugins.ocfp_practising_well import CERTIFICATE_ACTION
from plugins.ocfp_practising_well.i18n import _, _n
from plugins.ocfp_practising_well.reporting import repository
from plugins.ocfp_practising_well.reporting.service import PROGRESS, REPORTING


class ProgressUpToDate:
    """PW-PROGRESS: periodic progress surveys are required for certification."""

    code = PROGRESS
    applies_to = frozenset({CERTIFICATE_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        overdue = await repository.overdue_surveys(check.session, check.person_id, utcnow().date())
        if not overdue:
            return Decision.allow(self.code, _("Progress surveys are up to date."))
        first = min(item.due_on for item in overdue)
        return Decision.deny(
            self.code,
            _n(
                "{n} progress survey overdue since {since}: certificates wait for it.",
                "{n} progress surveys overdue since {since}: certificates wait for them.",
                len(overdue),
                n=len(overdue),
                since=date_text(first),
            ),
        )


class ProgramCertificates:
    """PW-REPORTING: Practising Well issues its own certificates (after each call, quarterly
    for Peer Connect), never credits OCFP already entered; core's issueCertificate does not."""

    code = REPORTING
    applies_to = frozenset({ISSUE_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        return Decision.deny(
            self.code,
            _(
                "Practising Well certificates are issued by the program: after each Community "
                "of Practice call, and quarterly for Peer Connect."
            ),
        )
