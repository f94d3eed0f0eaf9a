"""Who may see and do what: the one policy every resolver, service and ``node(id:)`` asks.

Roles come from peerlearn's own role assignments, never from a request. Visibility is written
once, as SQL conditions, so a list is filtered by exactly the rule that guards a single object:
a coordinator's roster can only ever contain people of their own organization (and program).

- Anonymous callers see no one.
- A person sees themselves and everything of their own.
- Staff (admin, program staff, coordinator) see and act within their organization and the
  organizations below it (``core.viewer``: a role reaches down the hierarchy, never up or
  across); a grant limited to a program covers that program's groups, activities and credits.
- A facilitator (a guide, coach, mentor) sees the people in the groups they facilitate.
- A platform admin (admin without an organization) sees all and manages organizations.
Programs widen person visibility for their own relationships through ``register_access_rules``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity, Participation
from core.audit.models import AuditEvent
from core.certificates.models import Certificate
from core.credits.models import Certification, CreditEntry
from core.due_items.models import DueItem
from core.errors import ApiError, NotFound
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.not_found import no_such
from core.people.models import Person, RoleAssignment
from core.transcripts.models import CreditCycle, ExternalCredit
from core.viewer import (
    ANONYMOUS,
    FORBIDDEN_MESSAGE,
    ROLE_RANK,
    STAFF_ROLES,
    AccessRule,
    Grant,
    Viewer,
    forbidden,
    load_viewer,
)

__all__ = [
    "ANONYMOUS",
    "FORBIDDEN_MESSAGE",
    "ROLE_RANK",
    "STAFF_ROLES",
    "AccessRule",
    "Grant",
    "Viewer",
    "forbidden",
    "load_viewer",
]


def group_companions(
    viewer: Viewer, groups: ColumnElement[bool], role: MembershipRole | None = None
) -> ColumnElement[bool] | None:
    """People active (in ``role``, if given) in a group matching ``groups`` that the viewer is
    active in: the building block of most programs' ``AccessRule``s."""
    if viewer.person_id is None:
        return None
    own = (
        select(Membership.group_id)
        .join(Group, Group.id == Membership.group_id)
        .where(
            groups,
            Membership.person_id == viewer.person_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )
    companions = select(Membership.person_id).where(
        Membership.group_id.in_(own), Membership.status == MembershipStatus.ACTIVE
    )
    if role is not None:
        companions = companions.where(Membership.role == role)
    return Person.id.in_(companions)


def staff_scope(viewer: Viewer, organization: Any, program: Any) -> ColumnElement[bool]:
    """Rows whose organization/program columns fall under one of the viewer's staff grants."""
    if viewer.is_platform_admin:
        return true()
    conditions = [
        g.reach(organization)
        if g.program is None
        else and_(g.reach(organization), program == g.program)
        for g in viewer.staff_grants()
    ]
    return or_(*conditions) if conditions else false()


def _organization_roles(viewer: Viewer) -> ColumnElement[bool]:
    """Role assignments under the viewer's staff grants. A role without a program belongs to
    the whole organization, so staff of any of its programs see that person."""
    conditions = [
        g.reach(RoleAssignment.organization_id)
        if g.program is None
        else and_(
            g.reach(RoleAssignment.organization_id),
            or_(RoleAssignment.program.is_(None), RoleAssignment.program == g.program),
        )
        for g in viewer.staff_grants()
    ]
    return or_(*conditions) if conditions else false()


def _facilitated_groups(viewer: Viewer) -> Any:
    return select(Membership.group_id).where(
        Membership.person_id == viewer.person_id,
        Membership.role == MembershipRole.FACILITATOR,
        Membership.status == MembershipStatus.ACTIVE,
    )


def _own_groups(viewer: Viewer) -> Any:
    return select(Membership.group_id).where(
        Membership.person_id == viewer.person_id, Membership.status != MembershipStatus.LEFT
    )


def people_visible(viewer: Viewer) -> ColumnElement[bool]:
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    conditions: list[ColumnElement[bool]] = [
        Person.id == viewer.person_id,
        Person.id.in_(
            select(Membership.person_id).where(
                Membership.group_id.in_(_facilitated_groups(viewer)),
                Membership.status != MembershipStatus.LEFT,
            )
        ),
    ]
    if viewer.staff_grants():
        conditions += [
            Person.id.in_(select(RoleAssignment.person_id).where(_organization_roles(viewer))),
            Person.id.in_(
                select(Membership.person_id)
                .join(Group, Group.id == Membership.group_id)
                .where(staff_scope(viewer, Group.organization_id, Group.program))
            ),
            Person.id.in_(
                select(Participation.person_id)
                .join(Activity, Activity.id == Participation.activity_id)
                .where(staff_scope(viewer, Activity.organization_id, Activity.program))
            ),
        ]
    for rule in viewer.access_rules:
        if (condition := rule.people(viewer)) is not None:
            conditions.append(condition)
    return or_(*conditions)


def groups_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Groups of the organizations (and programs) the viewer belongs to, so a member can find
    a group to join, and the groups they are in. Who is in a group is a separate question
    (``Group.memberships``)."""
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    belonging = [
        g.reach(Group.organization_id)
        if g.program is None
        else and_(g.reach(Group.organization_id), Group.program == g.program)
        for g in viewer.grants
        if g.organization_id is not None
    ]
    return or_(*belonging, Group.id.in_(_own_groups(viewer)))


def activities_visible(viewer: Viewer) -> ColumnElement[bool]:
    if not viewer.is_authenticated:
        return false()
    return or_(
        staff_scope(viewer, Activity.organization_id, Activity.program),
        Activity.group_id.in_(_own_groups(viewer)),
        Activity.id.in_(
            select(Participation.activity_id).where(Participation.person_id == viewer.person_id)
        ),
    )


def participations_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Attendance is the person's own and the staff's of the activity's program."""
    if not viewer.is_authenticated:
        return false()
    return or_(
        Participation.person_id == viewer.person_id,
        Participation.activity_id.in_(
            select(Activity.id).where(
                staff_scope(viewer, Activity.organization_id, Activity.program)
            )
        ),
    )


def credit_entries_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Credits are the person's own and the staff's of the programs that awarded them, at the
    organization whose they are (an activity's, or an achievement's)."""
    if not viewer.is_authenticated:
        return false()
    return or_(
        CreditEntry.person_id == viewer.person_id,
        staff_scope(viewer, CreditEntry.organization_id, CreditEntry.program),
    )


def audit_events_visible(viewer: Viewer) -> ColumnElement[bool]:
    """What was done to a person's record and who read it: theirs to see, and their
    organization's staff's (any program's), whether the event is about one of its people or
    by one of them."""
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    conditions: list[ColumnElement[bool]] = [AuditEvent.person_id == viewer.person_id]
    grants = viewer.staff_grants()
    if grants:
        people = select(RoleAssignment.person_id).where(
            or_(*(g.reach(RoleAssignment.organization_id) for g in grants))
        )
        conditions += [AuditEvent.person_id.in_(people), AuditEvent.actor_id.in_(people)]
    return or_(*conditions)


def credit_cycles_visible(viewer: Viewer) -> ColumnElement[bool]:
    """A person's cycle dates are seen by whoever sees the person."""
    return CreditCycle.person_id.in_(select(Person.id).where(people_visible(viewer)))


def external_credits_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Credits a physician recorded themself are theirs to show: no program awarded them, so
    no program's staff sees them (a platform admin does, as with every row)."""
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    return ExternalCredit.person_id == viewer.person_id


def certifications_visible(viewer: Viewer) -> ColumnElement[bool]:
    """A kind's certification is public (a program's rates are no secret); one activity's is
    seen by whoever sees the activity."""
    return or_(
        Certification.activity_id.is_(None),
        Certification.activity_id.in_(select(Activity.id).where(activities_visible(viewer))),
    )


def certificates_visible(viewer: Viewer) -> ColumnElement[bool]:
    if not viewer.is_authenticated:
        return false()
    return or_(
        Certificate.person_id == viewer.person_id,
        staff_scope(viewer, Certificate.organization_id, Certificate.program),
    )


def due_items_visible(viewer: Viewer) -> ColumnElement[bool]:
    """What a person owes: theirs, and the staff's of that program for people they see."""
    return own_or_staff_over(viewer, DueItem)


def own_or_staff_over(viewer: Viewer, owned: Any) -> ColumnElement[bool]:
    """Rows of ``owned`` (with ``person_id`` and ``program``) seen by their person and by that
    program's staff over the person (``_staff_over``): what a person owes, what they answered."""
    if not viewer.is_authenticated:
        return false()
    if viewer.is_platform_admin:
        return true()
    return or_(owned.person_id == viewer.person_id, _staff_over(viewer, owned))


def _staff_over(viewer: Viewer, owned: Any) -> ColumnElement[bool]:
    """Rows of ``owned`` (with ``person_id`` and ``program``) belonging to people who hold a
    role in an organization where the viewer is staff for that program."""
    conditions = [
        and_(
            g.reach(RoleAssignment.organization_id),
            true() if g.program is None else owned.program == g.program,
        )
        for g in viewer.staff_grants()
        if g.organization_id is not None
    ]
    if not conditions:
        return false()
    return owned.person_id.in_(select(RoleAssignment.person_id).where(or_(*conditions)))


async def is_staff_over(
    session: AsyncSession, viewer: Viewer, person_id: int, program: str | None
) -> bool:
    """Staff for ``program`` (None: of any program) in an organization where the person
    holds a role."""
    if viewer.is_platform_admin:
        return True
    held = select(RoleAssignment.organization_id).where(RoleAssignment.person_id == person_id)
    organizations = set((await session.scalars(held)).all())
    if program is None:
        return any(g.reaches(org) for org in organizations for g in viewer.staff_grants())
    return any(viewer.is_staff(org, program) for org in organizations)


async def require_staff_over(
    session: AsyncSession, viewer: Viewer, person_id: int, program: str
) -> None:
    """Staff for ``program`` in an organization where the person holds a role."""
    viewer.require_person()
    if not await is_staff_over(session, viewer, person_id, program):
        raise forbidden()


VISIBILITY: dict[type, Callable[[Viewer], ColumnElement[bool]]] = {
    Person: people_visible,
    Group: groups_visible,
    Activity: activities_visible,
    Participation: participations_visible,
    CreditEntry: credit_entries_visible,
    Certificate: certificates_visible,
    DueItem: due_items_visible,
    Certification: certifications_visible,
    CreditCycle: credit_cycles_visible,
    AuditEvent: audit_events_visible,
    ExternalCredit: external_credits_visible,
}


async def visible_ids(
    session: AsyncSession, viewer: Viewer, model: type, ids: Sequence[int]
) -> set[int]:
    """Which of ``ids`` the viewer may see, in one query."""
    if not ids:
        return set()
    condition = VISIBILITY[model](viewer)
    rows = await session.scalars(
        select(model.id).where(model.id.in_(ids), condition)  # type: ignore[attr-defined]
    )
    return set(rows.all())


def hidden(viewer: Viewer, what: str) -> ApiError:
    """The error for an object the viewer may not reach, whether or not it exists: FORBIDDEN,
    saying nothing about it; only a viewer who sees everything learns NOT_FOUND."""
    viewer.require_person()
    if viewer.is_platform_admin:
        return NotFound(no_such(what))
    return forbidden()


async def require_visible(session: AsyncSession, viewer: Viewer, model: type, pk: int) -> Any:
    """The row, if the viewer may see it. Otherwise FORBIDDEN, whether or not it exists, so a
    refusal says nothing about the object; only a viewer who sees everything learns NOT_FOUND."""
    viewer.require_person()
    row = await session.scalar(
        select(model).where(model.id == pk, VISIBILITY[model](viewer))  # type: ignore[attr-defined]
    )
    if row is None:
        raise hidden(viewer, model.__name__.lower())
    return row
