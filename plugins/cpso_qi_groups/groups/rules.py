"""QIG-FORM: only a member CPSO invited to "QI for Individuals" forms a QI group."""

from __future__ import annotations

from core.eligibility import Decision, EligibilityCheck
from core.groups.invitations import FORM_ACTION
from plugins.cpso_qi_groups.groups import repository
from plugins.cpso_qi_groups.i18n import _


class InvitedMembersForm:
    """QIG-FORM, asked by core's ``formGroup`` (and so by ``qigFormGroup``)."""

    code = "QIG-FORM"
    applies_to = frozenset({FORM_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        if check.person_id is not None and await repository.is_selected(
            check.session, check.person_id
        ):
            return Decision.allow(self.code, _("CPSO invited this member to QI for Individuals."))
        return Decision.deny(
            self.code,
            _(
                "Only a member CPSO invited to QI for Individuals forms a QI Group; "
                "peers join by invitation."
            ),
        )
