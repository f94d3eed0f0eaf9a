"""A person's account: correcting their details, deactivating and reactivating them, and
linking them to the subject their organization's identity provider signs them in as.

Who may change a person is one rule, ``_require_authority``: the person themselves (their own
contact details only), a platform admin, or staff who could grant every role the person holds.
A person belongs to every organization they hold a role in, so staff of one of them alone do
not change an email or sign-in that another organization relies on, and no coordinator
touches an admin. Deactivating keeps every row of the person (credits, memberships, ledgers);
it only stops them signing in (``core.auth``) and takes them off the people lists by default.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, forbidden, require_visible
from core.db import utcnow
from core.errors import RuleViolation
from core.i18n import Language, _
from core.people import repository
from core.people.models import EmailPreference, Person
from core.people.service import INVALID, TAKEN, email_address
from core.repository import find
from core.versions import expect_version

SELF = "CORE-PERSON-SELF"
DEACTIVATED = "CORE-PERSON-DEACTIVATED"
ACTIVE = "CORE-PERSON-ACTIVE"
SUBJECT_TAKEN = "CORE-PERSON-SUBJECT-TAKEN"
NO_SUBJECT = "CORE-PERSON-NO-SUBJECT"
MAX_SUBJECT_LENGTH = 255  # core_people.auth_subject


async def update_person(
    session: AsyncSession,
    viewer: Viewer,
    person_id: int,
    *,
    given_name: str | None = None,
    family_name: str | None = None,
    email: str | None = None,
    version: int | None = None,
) -> Person:
    """Correct a person's names or email; a field left out stays as it is."""
    if viewer.require_person() == person_id:
        person = await find(session, Person, person_id, missing="person")
    else:
        person = await _require_authority(session, viewer, person_id)
    expect_version(person, version)
    changes: dict[str, str] = {}
    for field, name, value in (
        ("givenName", "given_name", given_name),
        ("familyName", "family_name", family_name),
    ):
        if value is not None:
            if not value.strip():
                raise RuleViolation.single(INVALID, _("A name cannot be blank."), field)
            changes[name] = value.strip()
    if email is not None:
        address = email_address(email)
        if address is None:
            raise RuleViolation.single(
                INVALID, _("{email!r} is not an email address.", email=email), "email"
            )
        if address != person.email:
            if await repository.person_with_email(session, address):
                raise RuleViolation.single(
                    TAKEN, _("Someone already uses this email address."), "email"
                )
            changes["email"] = address
    for name, value in changes.items():
        setattr(person, name, value)
    await session.flush()
    return person


async def deactivate_person(session: AsyncSession, viewer: Viewer, person_id: int) -> Person:
    """Stop a person signing in. Not oneself: an organization, or the platform, is never left
    without the one who acted, by their own hand."""
    person = await _require_authority(session, viewer, person_id)
    if person_id == viewer.person_id:
        raise RuleViolation.single(SELF, _("You cannot deactivate yourself."), "personId")
    if person.deactivated_at is not None:
        raise RuleViolation.single(
            DEACTIVATED, _("This person is already deactivated."), "personId"
        )
    person.deactivated_at = utcnow()
    await session.flush()
    return person


async def reactivate_person(session: AsyncSession, viewer: Viewer, person_id: int) -> Person:
    person = await _require_authority(session, viewer, person_id)
    if person.deactivated_at is None:
        raise RuleViolation.single(ACTIVE, _("This person is active already."), "personId")
    person.deactivated_at = None
    await session.flush()
    return person


async def link_auth_subject(
    session: AsyncSession, viewer: Viewer, person_id: int, auth_subject: str
) -> Person:
    """Let the identity provider's ``subject`` sign in as the person (replacing any subject
    linked before). Platform admins only: one provider serves the whole platform, so a
    subject acts as the person in every organization they belong to. A subject names at most
    one person; the unique column keeps that true under concurrent links."""
    viewer.require_platform_admin()
    person = await find(session, Person, person_id, missing="person")
    subject = auth_subject.strip()
    if not subject or len(subject) > MAX_SUBJECT_LENGTH:
        raise RuleViolation.single(
            INVALID,
            _("A subject is 1 to {max} characters long.", max=MAX_SUBJECT_LENGTH),
            "authSubject",
        )
    holder = await repository.person_with_subject(session, subject)
    if holder is not None and holder != person_id:
        raise RuleViolation.single(
            SUBJECT_TAKEN, _("This subject is linked to another person already."), "authSubject"
        )
    person.auth_subject = subject
    await session.flush()
    return person


async def unlink_auth_subject(session: AsyncSession, viewer: Viewer, person_id: int) -> Person:
    viewer.require_platform_admin()
    person = await find(session, Person, person_id, missing="person")
    if person.auth_subject is None:
        raise RuleViolation.single(
            NO_SUBJECT, _("No subject is linked to this person."), "personId"
        )
    person.auth_subject = None
    await session.flush()
    return person


async def _require_authority(session: AsyncSession, viewer: Viewer, person_id: int) -> Person:
    """The person, if the viewer may change them: FORBIDDEN (saying nothing about them)
    unless a platform admin or staff who could grant every role the person holds."""
    person: Person = await require_visible(session, viewer, Person, person_id)
    if viewer.is_platform_admin:
        return person
    held = await repository.roles_by_person(session, [person_id])
    if not held[0] or not all(
        viewer.can_grant(r.role, r.organization_id, r.program) for r in held[0]
    ):
        raise forbidden()
    return person


async def set_language(session: AsyncSession, viewer: Viewer, language: Language | None) -> Person:
    """Choose the language one is written to in (None: each request's Accept-Language, and
    English for what is sent): one's own choice, no one else's."""
    person = await find(session, Person, viewer.require_person(), missing="person")
    person.language = language
    await session.flush()
    return person


async def set_email_preference(
    session: AsyncSession, viewer: Viewer, preference: EmailPreference
) -> Person:
    """Choose which notifications one is emailed: one's own choice, no one else's."""
    person = await find(session, Person, viewer.require_person(), missing="person")
    person.email_preference = preference
    await session.flush()
    return person
