"""Member-formed groups and invitations by email.

A member the program's rules allow (``core.group.form``) forms a group of a ``member_formed``
kind and becomes its lead; the lead (or staff) invites people by email, registered or not: an
invitation to an email no one uses yet is claimed by whoever later signs in with it. A pending
invitation holds a place until it is accepted, declined, withdrawn or expires; expiry is read
from the clock (``expires_at``), never written by a job.

Every change locks the group row first, as joining does (``core.groups.capacity``), so an
invitation and a join for the last place, or two answers to one invitation, never both win.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, hidden, require_visible
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.groups import repository
from core.groups.capacity import full_message, group_kind, join_group, places_taken
from core.groups.hierarchy import Site
from core.groups.models import (
    Group,
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
)
from core.groups.service import add_group, is_lead
from core.i18n import N_, _, date_text
from core.kinds import INVALID, program_of
from core.locks import lock_row
from core.people import repository as people
from core.people.models import Person
from core.people.service import email_address
from core.registry import Registry
from core.repository import add, find

FORM_ACTION = "core.group.form"
FORM_KIND = "CORE-GROUP-FORM-KIND"
KIND = "CORE-INVITATION-KIND"
DUPLICATE = "CORE-INVITATION-DUPLICATE"
MEMBER = "CORE-INVITATION-MEMBER"
EXPIRED = "CORE-INVITATION-EXPIRED"
CLOSED = "CORE-INVITATION-CLOSED"

# An invitation answered already, by what became of it.
ANSWERED = {
    InvitationStatus.ACCEPTED: N_("This invitation to {group} was already accepted."),
    InvitationStatus.DECLINED: N_("This invitation to {group} was already declined."),
    InvitationStatus.WITHDRAWN: N_("This invitation to {group} was already withdrawn."),
}


async def form_group(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    kind: str,
    name: str,
    capacity: int | None,
    site: Site,
) -> tuple[Group, Membership]:
    """A person of the organization forms a group of a member-formed kind and leads it. The
    program's rules on ``core.group.form`` say who may (QIG-FORM: those CPSO invited); the
    lead's place is taken the way every place is (rules on ``core.group.join`` are asked)."""
    person_id = viewer.require_person()
    program = program_of(registry, kind, registry.group_kinds, "group kind")
    if not (
        viewer.belongs_to(organization_id, program) or viewer.is_staff(organization_id, program)
    ):
        raise Forbidden()
    declared = registry.group_kinds[kind]
    if not declared.member_formed:
        raise RuleViolation.single(
            FORM_KIND,
            _("A {title} is made by staff, not formed by members.", title=declared.title),
            "kind",
        )
    decision = await eligibility.check(
        session, registry, FORM_ACTION, person_id, program=program, params={"group_kind": kind}
    )
    decision.raise_if_denied()
    size = capacity if capacity is not None else declared.max_capacity
    if size is None:
        raise RuleViolation.single(INVALID, _("Say how many places the group has."), "capacity")
    group = await add_group(
        session, registry, viewer, program, organization_id, kind, name, size, site
    )
    group.formed_by_id = person_id
    lead = await join_group(session, registry, group.id, person_id, MembershipRole.LEAD)
    return group, lead


def _normal_email(email: str) -> str:
    address = email_address(email)
    if address is None:
        raise RuleViolation.single(
            INVALID, _("{email!r} is not an email address.", email=email), "email"
        )
    return address


async def invite(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, group_id: int, email: str
) -> Invitation:
    """The group's lead or its program's staff invite an email to a member's place. The
    invitation holds a place at once, so a group never has more people invited and in it
    than places; an email already invited (and not yet answered) is not invited twice."""
    group: Group = await require_visible(session, viewer, Group, group_id)
    if not (
        viewer.is_staff(group.organization_id, group.program)
        or await is_lead(session, group.id, viewer.person_id)
    ):
        raise Forbidden()
    kind = group_kind(registry, group)
    if not kind.member_formed:
        raise RuleViolation.single(
            KIND,
            _("Places in a {title} are not filled by invitation.", title=kind.title),
            "groupId",
        )
    address = _normal_email(email)
    group = await lock_row(session, Group, group_id, missing="group")
    now = utcnow()
    invitee = await people.person_with_email(session, address)
    if invitee is not None and await repository.current_membership(session, group_id, invitee):
        raise RuleViolation.single(
            MEMBER,
            _("{email} already holds a place in {group}.", email=address, group=group.name),
            "email",
        )
    if await repository.open_invitation(session, group_id, address, now) is not None:
        raise RuleViolation.single(
            DUPLICATE,
            _("{email} is already invited to {group}.", email=address, group=group.name),
            "email",
        )
    if await places_taken(session, group) >= group.capacity:
        raise RuleViolation.single(kind.capacity_rule, full_message(group), "groupId")
    invitation = Invitation(
        group_id=group_id,
        email=address,
        invitee_id=invitee,
        invited_by_id=viewer.person_id,
        status=InvitationStatus.PENDING,
        created_at=now,
        expires_at=now + timedelta(days=kind.invitation_days),
    )
    return await add(session, invitation)


async def _open(
    session: AsyncSession, viewer: Viewer, invitation_id: int
) -> tuple[Invitation, Group]:
    """The invitation, locked with its group (group first, as every place change locks it),
    if the viewer may see it and it is still open: not answered, not expired."""
    found = await repository.visible_invitation(session, viewer, invitation_id)
    if found is None:
        raise hidden(viewer, "invitation")
    group = await lock_row(session, Group, found.group_id, missing="group")
    invitation = await lock_row(session, Invitation, invitation_id, missing="invitation")
    return invitation, group


def _require_open(invitation: Invitation, group: Group) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise RuleViolation.single(
            CLOSED,
            _(ANSWERED[invitation.status], group=group.name),
            "invitationId",
        )
    if invitation.expires_at <= utcnow():
        raise RuleViolation.single(
            EXPIRED,
            _(
                "This invitation to {group} expired on {date}; ask for a new one.",
                group=group.name,
                date=date_text(invitation.expires_at.date()),
            ),
            "invitationId",
        )


async def _invitee(session: AsyncSession, viewer: Viewer, invitation: Invitation) -> Person:
    """The viewer, if the invitation is addressed to them (by key, or by their email until
    claimed): only the invitee answers it."""
    person = await find(session, Person, viewer.require_person(), missing="person")
    addressed = (
        invitation.invitee_id == person.id
        if invitation.invitee_id is not None
        else invitation.email == person.email.lower()
    )
    if not addressed:
        raise Forbidden()
    return person


async def accept(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, invitation_id: int
) -> tuple[Invitation, Membership]:
    """The invitee takes the place the invitation held: the program's rules on joining are
    asked as for any place, and the invitation is claimed by the invitee."""
    invitation, group = await _open(session, viewer, invitation_id)
    person = await _invitee(session, viewer, invitation)
    _require_open(invitation, group)
    membership = await join_group(
        session, registry, group.id, person.id, MembershipRole.MEMBER, waitlist=False
    )
    return invitation, membership


async def decline(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, invitation_id: int
) -> Invitation:
    """The invitee says no; the place it held is free again."""
    invitation, group = await _open(session, viewer, invitation_id)
    person = await _invitee(session, viewer, invitation)
    _require_open(invitation, group)
    return await _close(session, invitation, InvitationStatus.DECLINED, person.id)


async def withdraw(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, invitation_id: int
) -> Invitation:
    """Whoever invited, the group's lead or its program's staff take an invitation back."""
    invitation, group = await _open(session, viewer, invitation_id)
    if not (
        invitation.invited_by_id == viewer.person_id
        or viewer.is_staff(group.organization_id, group.program)
        or await is_lead(session, group.id, viewer.person_id)
    ):
        raise Forbidden()
    _require_open(invitation, group)
    return await _close(session, invitation, InvitationStatus.WITHDRAWN, invitation.invitee_id)


async def _close(
    session: AsyncSession,
    invitation: Invitation,
    status: InvitationStatus,
    invitee_id: int | None,
) -> Invitation:
    invitation.status = status
    invitation.invitee_id = invitee_id
    invitation.responded_at = utcnow()
    await session.flush()
    return invitation
