"""Statements about groups and the places in them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.access import Viewer, groups_visible, staff_scope
from core.db import utcnow
from core.groups.composition import Place
from core.groups.models import (
    COUNTED_ROLES,
    Group,
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
)
from core.keyset import Page, Slice, Sort, by_key, keyset_pages
from core.people.models import Person
from core.repository import by_id, grouped, grouped_by, rows_by_id


def groups(viewer: Viewer, organization_id: int | None, program: str | None) -> Select[Any]:
    """The groups the viewer may see, of one organization or program when given."""
    statement = select(Group).where(groups_visible(viewer))
    if organization_id is not None:
        statement = statement.where(Group.organization_id == organization_id)
    if program is not None:
        statement = statement.where(Group.program == program)
    return statement


async def groups_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    return await by_id(session, ids, Group)


async def memberships_by_group(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    return await grouped_by(session, Membership, Membership.group_id, ids)


OLDEST_FIRST = by_key(Membership)
WAITLIST_ORDER = (Sort(Membership.waitlisted_at), Sort(Membership.id))


def roster_order(status: MembershipStatus | None) -> tuple[Sort, ...]:
    """A waitlist stands first come, first served; other places in the order they were made."""
    return WAITLIST_ORDER if status == MembershipStatus.WAITLISTED else OLDEST_FIRST


def places_shown(viewer: Viewer) -> ColumnElement[bool]:
    """The places the viewer sees in the groups they see: every place to staff and to the
    group's active facilitators and leads, their own place to anyone else."""
    leading = aliased(Membership)
    return or_(
        Membership.person_id == viewer.person_id,
        Membership.group_id.in_(
            select(Group.id).where(staff_scope(viewer, Group.organization_id, Group.program))
        ),
        Membership.group_id.in_(
            select(leading.group_id).where(
                leading.person_id == viewer.person_id,
                leading.role.in_((MembershipRole.FACILITATOR, MembershipRole.LEAD)),
                leading.status == MembershipStatus.ACTIVE,
            )
        ),
    )


async def roster_pages(
    session: AsyncSession,
    ids: Sequence[int],
    viewer: Viewer,
    status: MembershipStatus | None,
    window: Slice,
) -> list[Page]:
    """A page of each group's places the viewer sees, of one status when given."""
    statement = select(Membership.__table__).where(places_shown(viewer))
    if status is not None:
        statement = statement.where(Membership.status == status)
    order = roster_order(status)
    return await keyset_pages(session, statement, order, window, Membership.group_id, ids)


async def membership_pages(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer, window: Slice
) -> list[Page]:
    """A page of each person's places in the groups the viewer may see, oldest first."""
    statement = select(Membership.__table__).where(
        Membership.group_id.in_(select(Group.id).where(groups_visible(viewer)))
    )
    return await keyset_pages(session, statement, OLDEST_FIRST, window, Membership.person_id, ids)


def _taken() -> ColumnElement[bool]:
    """A place that counts against capacity: active, a member's or a lead's (not a
    facilitator's)."""
    return and_(Membership.status == MembershipStatus.ACTIVE, Membership.role.in_(COUNTED_ROLES))


async def active_counts_by_group(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    rows = await session.execute(
        select(Membership.group_id, func.count())
        .where(Membership.group_id.in_(ids), _taken())
        .group_by(Membership.group_id)
    )
    counts = {group_id: count for group_id, count in rows.all()}
    return [counts.get(pk, 0) for pk in ids]


async def active_count(session: AsyncSession, group_id: int) -> int:
    """The members' places taken (a facilitator's place is not one of them)."""
    statement = (
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == group_id, _taken())
    )
    return (await session.execute(statement)).scalar_one()


async def membership(session: AsyncSession, group_id: int, person_id: int) -> Membership | None:
    """The person's place in the group, in whatever state, left included: a person has one."""
    return await session.scalar(
        select(Membership).where(Membership.group_id == group_id, Membership.person_id == person_id)
    )


async def current_membership(
    session: AsyncSession, group_id: int, person_id: int
) -> Membership | None:
    return await session.scalar(
        select(Membership).where(
            Membership.group_id == group_id,
            Membership.person_id == person_id,
            Membership.status != MembershipStatus.LEFT,
        )
    )


async def waitlisted(session: AsyncSession, group_id: int, first: int) -> list[Membership]:
    """The first ``first`` places on the waitlist, first come first served."""
    waiting = await session.scalars(
        select(Membership)
        .where(Membership.group_id == group_id, Membership.status == MembershipStatus.WAITLISTED)
        .order_by(Membership.waitlisted_at, Membership.id)
        .limit(first)
    )
    return list(waiting.all())


async def places(session: AsyncSession, group_id: int) -> list[Place]:
    """The group's active places with their people's professions: what composition rules
    judge."""
    rows = await session.execute(
        select(Membership.person_id, Membership.role, Person.profession)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.group_id == group_id, Membership.status == MembershipStatus.ACTIVE)
    )
    return [Place(person_id, role, profession) for person_id, role, profession in rows.all()]


async def places_by_group(session: AsyncSession, ids: Sequence[int]) -> list[list[Place]]:
    """Each group's active places with professions, in one statement (``Group.composition``)."""
    rows = await session.execute(
        select(Membership.group_id, Membership.person_id, Membership.role, Person.profession)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.group_id.in_(ids), Membership.status == MembershipStatus.ACTIVE)
    )
    found: dict[int, list[Place]] = {pk: [] for pk in ids}
    for group_id, person_id, role, profession in rows.all():
        found[group_id].append(Place(person_id, role, profession))
    return [found[pk] for pk in ids]


def promised(now: datetime) -> ColumnElement[bool]:
    """Invitations that hold a place: pending, and not yet expired by the clock."""
    return and_(Invitation.status == InvitationStatus.PENDING, Invitation.expires_at > now)


async def promised_count(session: AsyncSession, group_id: int, now: datetime) -> int:
    statement = (
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.group_id == group_id, promised(now))
    )
    return (await session.execute(statement)).scalar_one()


async def promised_counts_by_group(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    """Places each group's open invitations hold, as of now."""
    rows = await session.execute(
        select(Invitation.group_id, func.count())
        .where(Invitation.group_id.in_(ids), promised(utcnow()))
        .group_by(Invitation.group_id)
    )
    counts = dict(rows.all())
    return [counts.get(pk, 0) for pk in ids]


def _addressed_to(person_id: int) -> ColumnElement[bool]:
    """Invitations to the person: by their key, or by their email until one is claimed."""
    email = select(Person.email).where(Person.id == person_id).scalar_subquery()
    return or_(
        Invitation.invitee_id == person_id,
        and_(Invitation.invitee_id.is_(None), Invitation.email == email),
    )


async def pending_invitations_of(
    session: AsyncSession, group_id: int, person_id: int
) -> list[Invitation]:
    """The person's pending invitations to the group, expired or not (a join settles them)."""
    found = await session.scalars(
        select(Invitation).where(
            Invitation.group_id == group_id,
            Invitation.status == InvitationStatus.PENDING,
            _addressed_to(person_id),
        )
    )
    return list(found.all())


async def open_invitation(
    session: AsyncSession, group_id: int, email: str, now: datetime
) -> Invitation | None:
    """A pending, unexpired invitation of this email to the group."""
    return await session.scalar(
        select(Invitation).where(
            Invitation.group_id == group_id, Invitation.email == email, promised(now)
        )
    )


def _led_groups(viewer: Viewer) -> Any:
    return select(Membership.group_id).where(
        Membership.person_id == viewer.person_id,
        Membership.role == MembershipRole.LEAD,
        Membership.status == MembershipStatus.ACTIVE,
    )


def invitations_visible(viewer: Viewer) -> ColumnElement[bool]:
    """An invitation is seen by its invitee, its inviter, the group's leads and the staff of
    the group's organization and program."""
    if viewer.person_id is None:
        return false()
    if viewer.is_platform_admin:
        return true()
    staff_groups = select(Group.id).where(staff_scope(viewer, Group.organization_id, Group.program))
    return or_(
        _addressed_to(viewer.person_id),
        Invitation.invited_by_id == viewer.person_id,
        Invitation.group_id.in_(_led_groups(viewer)),
        Invitation.group_id.in_(staff_groups),
    )


async def visible_invitation(
    session: AsyncSession, viewer: Viewer, invitation_id: int
) -> Invitation | None:
    return await session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, invitations_visible(viewer))
    )


async def visible_invitations_by_id(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Any]:
    return await rows_by_id(session, Invitation, ids, invitations_visible(viewer))


def state_condition(state: str | None, now: datetime) -> ColumnElement[bool]:
    """Invitations in a state as clients see it: ``expired`` is a pending one past its time."""
    if state is None:
        return true()
    if state == "expired":
        return and_(Invitation.status == InvitationStatus.PENDING, Invitation.expires_at <= now)
    if state == InvitationStatus.PENDING:
        return promised(now)
    return Invitation.status == InvitationStatus(state)


def invitations_to(person_id: int, state: str | None) -> Select[Any]:
    """The person's invitations (for a page), claimed or still addressed to their email."""
    return select(Invitation).where(_addressed_to(person_id), state_condition(state, utcnow()))


async def invitations_by_group(session: AsyncSession, ids: Sequence[int]) -> list[list[Any]]:
    """Each group's invitations, oldest first."""
    statement = select(Invitation.__table__).order_by(Invitation.id)
    return await grouped(session, statement, Invitation.group_id, ids)


async def practice_taken(
    session: AsyncSession, parent_id: int | None, kind: str, practice_name: str
) -> bool:
    """Whether a group of the kind already represents the practice under that parent."""
    found = await session.scalar(
        select(Group.id)
        .where(
            Group.kind == kind,
            Group.parent_id.is_(None) if parent_id is None else Group.parent_id == parent_id,
            func.lower(Group.practice_name) == practice_name.lower(),
        )
        .limit(1)
    )
    return found is not None


async def visible_children(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[list[Any]]:
    """Each group's child groups the viewer may see."""
    statement = select(Group.__table__).where(groups_visible(viewer)).order_by(Group.id)
    return await grouped(session, statement, Group.parent_id, ids)
