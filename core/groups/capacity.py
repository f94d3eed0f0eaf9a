"""Capacity-bound places: the one primitive every program uses to fill a group or a slot.

The group row is locked first (``FOR NO KEY UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serializes writers), then active members are counted and the new place written, all
in the caller's transaction. Two requests for the last place can therefore never both win.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.db import utcnow
from core.errors import RuleViolation
from core.groups import repository
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.locks import lock_row
from core.programs import GroupKind
from core.registry import Registry
from core.repository import add

JOIN_ACTION = "core.group.join"
ALREADY_MEMBER = "CORE-GROUP-MEMBER"
NOT_A_MEMBER = "CORE-GROUP-NOT-MEMBER"
DEFAULT_CAPACITY_RULE = "CORE-GROUP-CAPACITY"


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
            ALREADY_MEMBER,
            f"This person already holds a place in {group.name} ({membership.status.value}).",
        )
    now = utcnow()
    status = MembershipStatus.ACTIVE
    if role == MembershipRole.MEMBER:
        taken = await repository.active_count(session, group_id)
        if taken >= group.capacity:
            if not (kind.waitlist if waitlist is None else waitlist):
                raise RuleViolation.single(
                    kind.capacity_rule,
                    f"{group.name} is full: all {group.capacity} places are taken.",
                )
            status = MembershipStatus.WAITLISTED
    if membership is None:  # a first place; one left before is taken again
        membership = Membership(group_id=group_id, person_id=person_id)
    membership.role = role
    membership.status = status
    membership.waitlisted_at = now if status == MembershipStatus.WAITLISTED else None
    membership.joined_at = now if status == MembershipStatus.ACTIVE else None
    membership.left_at = None
    return await add(session, membership)


async def resize_group(
    session: AsyncSession, registry: Registry, group_id: int, capacity: int
) -> tuple[Group, list[Membership]]:
    """Give the group another number of places: never fewer than its members hold (nor
    none), never more than its kind allows. Places a larger group frees go to its waitlist,
    first come first served, as when a member leaves; returns the group and who moved up.
    A program with places of its own to keep (offers it holds) refuses before calling."""
    group = await lock_row(session, Group, group_id, missing="group")
    kind = group_kind(registry, group)
    least = max(await repository.active_count(session, group_id), 1)
    most = kind.max_capacity
    if capacity < least or (most is not None and capacity > most):
        bounds = f"between {least} and {most}" if most is not None else f"at least {least}"
        raise RuleViolation.single(
            kind.capacity_rule,
            f"{group.name} holds {bounds} participants: its members keep their places.",
            "capacity",
        )
    group.capacity = capacity
    await session.flush()
    return group, await promote_waitlist(session, group)


async def leave_group(
    session: AsyncSession, group_id: int, person_id: int
) -> tuple[Membership, list[Membership]]:
    """End a place; waitlisted people move up, first come first served, into freed places.
    Returns the ended membership and those promoted (so programs can notify them)."""
    group = await lock_row(session, Group, group_id, missing="group")
    membership = await repository.current_membership(session, group_id, person_id)
    if membership is None:
        raise RuleViolation.single(NOT_A_MEMBER, f"This person holds no place in {group.name}.")
    membership.status = MembershipStatus.LEFT
    membership.left_at = utcnow()
    await session.flush()
    return membership, await promote_waitlist(session, group)


async def promote_waitlist(session: AsyncSession, group: Group) -> list[Membership]:
    """Fill free places from the waitlist in order; the group must already be locked."""
    free = group.capacity - await repository.active_count(session, group.id)
    if free <= 0:
        return []
    waiting = await repository.waitlisted(session, group.id, free)
    now = utcnow()
    for membership in waiting:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = now
    await session.flush()
    return waiting
