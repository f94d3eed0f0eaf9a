"""Practising Well's eligibility rules and its widening of who sees whom."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from core.access import STAFF_ROLES, AccessRule, Viewer, group_companions
from core.certificates.service import ISSUE_ACTION
from core.db import utcnow
from core.eligibility import Decision, EligibilityCheck
from core.groups.models import Group, MembershipRole
from core.people.models import Role, RoleAssignment
from plugins.ocfp_practising_well import CERTIFICATE_ACTION, DIRECTORY_ACTION, SLUG
from plugins.ocfp_practising_well.accounts.rules import ApprovedAccount
from plugins.ocfp_practising_well.models import AccountStatus, Learner
from plugins.ocfp_practising_well.surveys import overdue_surveys


class DirectoryAccess:
    """PW-DIRECTORY: approved learners browse the Peer Guide profiles (so do guides and the
    program's staff)."""

    code = "PW-DIRECTORY"
    applies_to = frozenset({DIRECTORY_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        """``subject_id`` is the organization whose directory is asked for."""
        status = await check.session.scalar(
            select(Learner.status).where(
                Learner.person_id == check.person_id, Learner.organization_id == check.subject_id
            )
        )
        if status == AccountStatus.APPROVED:
            return Decision.allow(self.code, "Approved learners browse the guide directory.")
        insider = await check.session.scalar(
            select(RoleAssignment.id)
            .where(
                RoleAssignment.person_id == check.person_id,
                RoleAssignment.role.in_([*STAFF_ROLES, Role.GUIDE]),
                or_(RoleAssignment.program.is_(None), RoleAssignment.program == SLUG),
                or_(
                    RoleAssignment.organization_id == check.subject_id,
                    and_(
                        RoleAssignment.organization_id.is_(None),
                        RoleAssignment.role == Role.ADMIN,
                    ),
                ),
            )
            .limit(1)
        )
        if insider is not None:
            return Decision.allow(self.code, "Guides and program staff see the directory.")
        return Decision.deny(
            self.code, "The Peer Guide directory opens once your learner account is approved."
        )


class ProgressUpToDate:
    """PW-PROGRESS: periodic progress surveys are required for certification."""

    code = "PW-PROGRESS"
    applies_to = frozenset({CERTIFICATE_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        overdue = await overdue_surveys(check.session, check.person_id, utcnow().date())
        if not overdue:
            return Decision.allow(self.code, "Progress surveys are up to date.")
        first = min(item.due_on for item in overdue)
        return Decision.deny(
            self.code,
            f"{len(overdue)} progress survey(s) overdue since {first}: certificates wait for them.",
        )


class ProgramCertificates:
    """PW-REPORTING: Practising Well issues its own certificates (after each call, quarterly
    for Peer Connect), never credits OCFP already entered; core's issueCertificate does not."""

    code = "PW-REPORTING"
    applies_to = frozenset({ISSUE_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        return Decision.deny(
            self.code,
            "Practising Well certificates are issued by the program: after each Community of "
            "Practice call, and quarterly for Peer Connect.",
        )


def learners_see_their_guides(viewer: Viewer) -> ColumnElement[bool] | None:
    """A learner sees the guides who facilitate the Practising Well groups they are in."""
    return group_companions(viewer, Group.program == SLUG, MembershipRole.FACILITATOR)


ACCESS_RULES = [AccessRule(f"{SLUG}.learners-see-their-guides", learners_see_their_guides)]
RULES = [ApprovedAccount(), DirectoryAccess(), ProgressUpToDate(), ProgramCertificates()]
