"""The first organization and its first platform admin, made from the command line on a new
installation (``peerlearn bootstrap``), where no one could yet sign in to make them.

It runs once: while an active platform admin exists it changes nothing. Run again for the
same person it says so and succeeds (a deployment script may repeat it); for anyone else it
refuses, since from then on people are added through the API by those already signed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import RuleViolation
from core.i18n import _
from core.people import repository
from core.people.models import Organization, Person, Profession, Role, RoleAssignment
from core.people.service import INVALID, email_address
from core.repository import add

BOOTSTRAPPED = "CORE-PERSON-BOOTSTRAPPED"


@dataclass(frozen=True)
class Bootstrapped:
    person: Person
    organization: Organization
    created: bool


async def bootstrap(
    session: AsyncSession,
    *,
    organization: str,
    kind: str,
    email: str,
    given_name: str,
    family_name: str,
) -> Bootstrapped:
    """Make (or find by name) the organization, and the person as a platform admin who is also
    the organization's admin, so they both manage the platform and belong to it."""
    address = email_address(email)
    if address is None:
        raise RuleViolation.single(
            INVALID, _("{email!r} is not an email address.", email=email), "email"
        )
    if not (organization.strip() and given_name.strip() and family_name.strip()):
        raise RuleViolation.single(INVALID, _("An organization name and both names are needed."))
    admins = await repository.active_platform_admins(session)
    if admins:
        existing = next((p for p in admins if p.email == address), None)
        if existing is None:
            raise RuleViolation.single(
                BOOTSTRAPPED,
                _(
                    "A platform admin exists already ({email}); they add people through the API.",
                    email=admins[0].email,
                ),
            )
        first = await repository.first_organization_of(session, existing.id)
        if first is not None:
            return Bootstrapped(existing, first, created=False)
    org = await repository.organization_by_name(session, organization.strip())
    if org is None:
        org = await add(
            session, Organization(name=organization.strip(), kind=kind.strip() or "other")
        )
    person = await repository.person_by_email(session, address)
    if person is None:
        person = await add(
            session,
            Person(
                given_name=given_name.strip(),
                family_name=family_name.strip(),
                email=address,
                profession=Profession.OTHER,
            ),
        )
    person.deactivated_at = None
    for organization_id in (None, org.id):
        if await repository.role_assignment(session, person.id, organization_id, None, Role.ADMIN):
            continue
        await add(
            session,
            RoleAssignment(person_id=person.id, organization_id=organization_id, role=Role.ADMIN),
        )
    return Bootstrapped(person, org, created=True)
