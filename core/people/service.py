"""Organizations and people."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.errors import BadUserInput, RuleViolation
from core.i18n import _
from core.locks import lock_row
from core.people import repository
from core.people.hierarchy import lock_tree
from core.people.models import Organization, Person, Profession, Role, RoleAssignment
from core.repository import add, find
from core.transcripts.cycles import CycleInput, record_cycle, start_problem
from core.transcripts.models import CycleSource
from core.transcripts.systems import MAINPRO_PLUS, followed_by

INVALID = "INVALID"
TAKEN = "UNIQUE"
PHYSICIAN_LICENCE = "CORE-PHYSICIAN-LICENCE"
CYCLE = "CORE-ORGANIZATION-CYCLE"
PROVINCES = frozenset(
    {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_address(text: str) -> str | None:
    """The address as core keeps it (trimmed, lower case), or None when it is not one: every
    slice that takes an email (a person's, an invitation's) agrees on what one is."""
    address = text.strip().lower()
    return address if _EMAIL.match(address) else None


# Longer than any name or email address is worth searching by, and far below the pattern
# length SQLite refuses as "too complex" (which would otherwise read as the database being down).
MAX_SEARCH_LENGTH = 100


def search_text(search: str | None) -> str:
    """The text of a ``search`` argument, trimmed, or bad input when it is too long to be a
    search. Every list that searches with LIKE checks its argument here; the caller still
    escapes the wildcards, so ``%`` and ``_`` match themselves."""
    text = (search or "").strip()
    if len(text) > MAX_SEARCH_LENGTH:
        raise BadUserInput(_("search is at most {max} characters long.", max=MAX_SEARCH_LENGTH))
    return text


async def create_organization(
    session: AsyncSession, viewer: Viewer, name: str, kind: str, parent_id: int | None = None
) -> Organization:
    """A root organization is made by a platform admin; one under a parent also by staff
    whose role reaches the parent (a provincial office adds a division under its team)."""
    _require_tree_staff(viewer, parent_id)
    if parent_id is not None:
        await find(session, Organization, parent_id, missing="organization")
    name, kind = name.strip(), kind.strip()
    if not name:
        raise RuleViolation.single(INVALID, _("An organization needs a name."), "name")
    if await repository.organization_named(session, name):
        raise RuleViolation.single(
            TAKEN, _("An organization named {name!r} exists.", name=name), "name"
        )
    return await add(session, Organization(name=name, kind=kind or "other", parent_id=parent_id))


async def move_organization(
    session: AsyncSession, viewer: Viewer, organization_id: int, parent_id: int | None
) -> Organization:
    """Put an organization (with everything below it) under another parent, or at the root.
    The mover's role must reach both where it leaves and where it goes, from above: staff of
    the organization itself do not move it out from under its own parent. The tree is locked
    first, so concurrent moves are checked one after another and never close a loop."""
    viewer.require_person()
    await lock_tree(session)
    organization = await lock_row(session, Organization, organization_id, missing="organization")
    _require_tree_staff(viewer, organization.parent_id)
    _require_tree_staff(viewer, parent_id)
    if parent_id is not None:
        await find(session, Organization, parent_id, missing="organization")
        [above] = await repository.ancestor_ids(session, [parent_id])
        if organization_id in (parent_id, *above):
            raise RuleViolation.single(
                CYCLE,
                _("An organization cannot be placed under itself or an organization below it."),
                "parentId",
            )
    organization.parent_id = parent_id
    await session.flush()
    return organization


def _require_tree_staff(viewer: Viewer, parent_id: int | None) -> None:
    """Who may place an organization under ``parent_id``: staff whose organization-wide role
    reaches it (an organization belongs to no one program); only a platform admin places
    one at the root."""
    if parent_id is None:
        viewer.require_platform_admin()
    else:
        viewer.require_staff(parent_id)


@dataclass(frozen=True)
class PersonInput:
    organization_id: int
    given_name: str
    family_name: str
    email: str
    profession: Profession
    licence_number: str | None = None
    licence_province: str | None = None
    cycle_start: date | None = None
    program: str | None = None


async def create_person(session: AsyncSession, viewer: Viewer, data: PersonInput) -> Person:
    """Staff register people into their organization (and program): the new person holds a
    member role there, so they appear on that staff's roster and no one else's."""
    viewer.require_staff(data.organization_id, data.program)
    await find(session, Organization, data.organization_id, missing="organization")
    email = email_address(data.email)
    problems = []
    if not data.given_name.strip():
        problems.append(("givenName", _("A given name is required.")))
    if not data.family_name.strip():
        problems.append(("familyName", _("A family name is required.")))
    if email is None:
        problems.append(("email", _("{email!r} is not an email address.", email=data.email)))
    province = data.licence_province.upper() if data.licence_province else None
    if province is not None and province not in PROVINCES:
        problems.append(
            (
                "licenceProvince",
                _("{province!r} is not a Canadian province code.", province=province),
            )
        )
    if data.cycle_start is not None and (problem := start_problem(data.cycle_start)):
        problems.append(("cycleStart", problem))
    if problems or email is None:
        field, message = problems[0]
        raise RuleViolation.single(INVALID, message, field)
    if data.profession.is_physician and not (data.licence_number and province):
        raise RuleViolation.single(
            PHYSICIAN_LICENCE,
            _("Physicians carry a licence number and a province of practice."),
            "licenceNumber",
        )
    if await repository.person_with_email(session, email):
        raise RuleViolation.single(TAKEN, _("Someone already uses this email address."), "email")
    person = await add(
        session,
        Person(
            given_name=data.given_name.strip(),
            family_name=data.family_name.strip(),
            email=email,
            profession=data.profession,
            licence_number=data.licence_number,
            licence_province=province,
        ),
    )
    await add(
        session,
        RoleAssignment(
            person_id=person.id,
            organization_id=data.organization_id,
            program=data.program,
            role=Role.MEMBER,
            granted_by_id=viewer.person_id,
        ),
    )
    if data.cycle_start is not None:
        system = followed_by(data.profession) or MAINPRO_PLUS
        cycle = CycleInput(person.id, system.code, data.cycle_start)
        await record_cycle(session, viewer, cycle, CycleSource.STAFF)
    return person
