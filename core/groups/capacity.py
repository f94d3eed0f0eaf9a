"""Capacity-bound places: the one primitive every program uses to fill a group or a slot.

The group row is locked first (``FOR NO KEY UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serializes writers), then active members are counted and the new place written, all
in the caller's transaction. Two requests for the last place can therefore never both win.
Pending invitations hold places too (``core.groups.invitations`` locks the same row), and every
change of who holds a place keeps the kind's composition rules (``core.groups.composition``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.db import utcnow
from core.errors import RuleViolation
from core.groups import repository
from core.groups.composition import Place, require_kept
from core.groups.models import (
    COUNTED_ROLES,
    Group,
    InvitationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
)
from core.i18n import N_, Text, _
from core.locks import lock_row
from core.people.models import Person
from core.programs import GroupKind
from core.registry import Registry
from core.repository import add, find

JOIN_ACTION = "core.group.join"
ALREADY_MEMBER = "CORE-GROUP-MEMBER"
NOT_A_MEMBER = "CORE-GROUP-NOT-MEMBER"
DEFAULT_CAPACITY_RULE = "CORE-GROUP-CAPACITY"

# A place still held, by its state (a place left is free to take again).
ALREADY_HELD = {
    MembershipStatus.ACTIVE: N_("This person already holds a place in {group} (active)."),
    MembershipStatus.WAITLISTED: N_("This person already holds a place in {group} (waitlisted)."),
}


def group_kind(registry: Registry, group: Group) -> GroupKind:
    kind = registry.group_kinds.get(group.kind)
    if kind is None:
        # The program that declared this kind is disabled; fall back to the plain core rule.
        return GroupKind(group.kind, group.kind, DEFAULT_CAPACITY_RULE)
    return kind


def join_params(group: Group, role: MembershipRole = MembershipRole.MEMBER) -> dict[str, str]:
    """What rules on ``core.group.join`` are told about the group (also for the query)."""
    return {"group_kind": group.kind, "role": role.value}


async def join_group(
    session: AsyncSession,
    registry: Registry,
    group_id: int,
    person_id: int,
    role: MembershipRole = MembershipRole.MEMBER,
    *,
    waitlist: bool | None = None,
) -> Membership:
    """Give ``person_id`` a place in the group, or a waitlist place when it is full and the
    group kind (or the caller) allows one; otherwise refuse with the kind's capacity rule.
    The program's eligibility rules for ``core.group.join`` are asked first."""
    group = await lock_row(session, Group, group_id, missing="group")
    kind = group_kind(registry, group)
    decision = await eligibility.check(
        session,
        registry,
        JOIN_ACTION,
        person_id,
        subject_id=group_id,
        program=group.program,
        params=join_params(group, role),
    )
    decision.raise_if_denied()
    membership = await repository.membership(session, group_id, person_id)
    if membership is not None and membership.status != MembershipStatus.LEFT:
        raise RuleViolation.single(
            ALREADY_MEMBER, _(ALREADY_HELD[membership.status], group=group.name)
        )
    now = utcnow()
    await _settle_invitations(session, group_id, person_id)
    status = MembershipStatus.ACTIVE
    if role in COUNTED_ROLES:
        taken = await places_taken(session, group)
        if taken >= group.capacity:
            if not (kind.waitlist if waitlist is None else waitlist):
                raise RuleViolation.single(kind.capacity_rule, full_message(group))
            status = MembershipStatus.WAITLISTED
    if status == MembershipStatus.ACTIVE and kind.composition:
        before = await repository.places(session, group_id)
        person = await find(session, Person, person_id, missing="person")
        require_kept(kind, before, [*before, Place(person_id, role, person.profession)])
    if membership is None:  # a first place; one left before is taken again
        membership = Membership(group_id=group_id, person_id=person_id)
    membership.role = role
    membership.status = status
    membership.waitlisted_at = now if status == MembershipStatus.WAITLISTED else None
    membership.joined_at = now if status == MembershipStatus.ACTIVE else None
    membership.left_at = None
    return await add(session, membership)


def full_message(group: Group) -> Text:
    """The refusal of a place in a full group, shared by joins, role changes and invitations."""
    return _(
        "{group} is full: all {capacity} places are taken or held by pending invitations.",
        group=group.name,
        capacity=group.capacity,
    )


async def places_taken(session: AsyncSession, group: Group) -> int:
    """Places members and leads hold, and those pending invitations hold for their invitees;
    the group must already be locked."""
    active = await repository.active_count(session, group.id)
    return active + await repository.promised_count(session, group.id, utcnow())


async def _settle_invitations(session: AsyncSession, group_id: int, person_id: int) -> None:
    """Taking a place answers the person's pending invitations to the group: accepted, and
    claimed by them, so the place is not held twice."""
    now = utcnow()
    for invitation in await repository.pending_invitations_of(session, group_id, person_id):
        invitation.status = InvitationStatus.ACCEPTED
        invitation.invitee_id = person_id
        invitation.responded_at = now


async def resize_group(
    session: AsyncSession, registry: Registry, group_id: int, capacity: int
) -> tuple[Group, list[Membership]]:
    """Give the group another number of places: never fewer than its members hold (nor
    none), never more than its kind allows. Places a larger group frees go to its waitlist,
    first come first served, as when a member leaves; returns the group and who moved up.
    A program with places of its own to keep (offers it holds) refuses before calling."""
    group = await lock_row(session, Group, group_id, missing="group")
    kind = group_kind(registry, group)
    least = max(await places_taken(session, group), 1)
    most = kind.max_capacity
    if capacity < least or (most is not None and capacity > most):
        if most is not None:
            message = _(
                "{group} holds between {least} and {most} participants: its members and "
                "invitees keep their places.",
                group=group.name,
                least=least,
                most=most,
            )
        else:
            message = _(
                "{group} holds at least {least} participants: its members and invitees keep "
                "their places.",
                group=group.name,
                least=least,
            )
        raise RuleViolation.single(kind.capacity_rule, message, "capacity")
    group.capacity = capacity
    await session.flush()
    return group, await promote_waitlist(session, group)


async def leave_group(
    session: AsyncSession, registry: Registry, group_id: int, person_id: int
) -> tuple[Membership, list[Membership]]:
    """End a place; waitlisted people move up, first come first served, into freed places.
    Returns the ended membership and those promoted (so programs can notify them). A place
    whose leaving breaks a composition rule the group meets is kept (see
    ``core.groups.composition``): a team's only nurse is replaced before they leave."""
    group = await lock_row(session, Group, group_id, missing="group")
    membership = await repository.current_membership(session, group_id, person_id)
    if membership is None:
        raise RuleViolation.single(
            NOT_A_MEMBER, _("This person holds no place in {group}.", group=group.name)
        )
    kind = group_kind(registry, group)
    if kind.composition and membership.status == MembershipStatus.ACTIVE:
        before = await repository.places(session, group_id)
        require_kept(kind, before, [p for p in before if p.person_id != person_id])
    membership.status = MembershipStatus.LEFT
    membership.left_at = utcnow()
    await session.flush()
    return membership, await promote_waitlist(session, group)


async def promote_waitlist(session: AsyncSession, group: Group) -> list[Membership]:
    """Fill free places from the waitlist in order; the group must already be locked."""
    free = group.capacity - await places_taken(session, group)
    if free <= 0:
        return []
    waiting = await repository.waitlisted(session, group.id, free)
    now = utcnow()
    for membership in waiting:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = now
    await session.flush()
    return waiting


async def change_roles(
    session: AsyncSession,
    registry: Registry,
    group_id: int,
    roles: Sequence[tuple[int, MembershipRole]],
) -> list[Membership]:
    """Give active places other roles, all in one change, so a lead can be handed over (the
    old lead a member, a member the lead) without the group ever having none or two. The
    composition rules are asked once, of the group after every change; a facilitator made a
    member needs a free place."""
    group = await lock_row(session, Group, group_id, missing="group")
    kind = group_kind(registry, group)
    wanted = dict(roles)
    changed: list[Membership] = []
    for person_id in wanted:
        membership = await repository.current_membership(session, group_id, person_id)
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise RuleViolation.single(
                NOT_A_MEMBER,
                _("This person holds no active place in {group}.", group=group.name),
                "changes",
            )
        changed.append(membership)
    before = await repository.places(session, group_id)
    after = [Place(p.person_id, wanted.get(p.person_id, p.role), p.profession) for p in before]
    gained = sum(1 for p in after if p.role in COUNTED_ROLES) - sum(
        1 for p in before if p.role in COUNTED_ROLES
    )
    if gained > 0 and await places_taken(session, group) + gained > group.capacity:
        raise RuleViolation.single(kind.capacity_rule, full_message(group), "changes")
    require_kept(kind, before, after)
    for membership in changed:
        membership.role = wanted[membership.person_id]
    await session.flush()
    return changed
