"""Groups: made by staff, joined by people of the organization or placed there by staff.

The capacity rule itself lives in ``core.groups.capacity``, which programs call directly
from their own services once their own permissions are checked.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible, visible_ids
from core.errors import Forbidden, RuleViolation
from core.groups import capacity, hierarchy, repository
from core.groups.capacity import join_group
from core.groups.hierarchy import NO_SITE, Site
from core.groups.models import Group, Membership, MembershipRole, MembershipStatus
from core.i18n import _
from core.kinds import INVALID, program_of, require_own_kind
from core.locks import lock_row
from core.people.models import Organization, Person
from core.registry import Registry
from core.repository import add, find

PROGRAM_MANAGED = "CORE-GROUP-PROGRAM-MANAGED"


async def create_group(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    kind: str,
    name: str,
    capacity: int,
    parent_id: int | None = None,
    practice_name: str | None = None,
    practice_location: str | None = None,
) -> Group:
    viewer.require_staff_in(organization_id)
    program = program_of(registry, kind, registry.group_kinds, "group kind")
    viewer.require_staff(organization_id, program)
    site = Site(parent_id, practice_name, practice_location)
    return await add_group(
        session, registry, viewer, program, organization_id, kind, name, capacity, site
    )


async def create_program_group(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    program: str,
    organization_id: int,
    kind: str,
    name: str,
    capacity: int,
    facilitator_id: int,
    site: Site = NO_SITE,
) -> Group:
    """A program's workflow makes one of its own groups, run by a facilitator (a guide's
    caseload, a learner group), once its own rules allow it. Core holds it to the program's
    own kinds, their capacity rule, its staff and a facilitator who exists; the facilitator's
    place is taken the way every place is (the program's rules on ``core.group.join`` are
    asked, with the facilitator's role)."""
    require_own_kind(registry, program, kind, registry.group_kinds, "group kind")
    viewer.require_staff(organization_id, program)
    await find(session, Person, facilitator_id, missing="person")
    group = await add_group(
        session, registry, viewer, program, organization_id, kind, name, capacity, site
    )
    await join_group(session, registry, group.id, facilitator_id, MembershipRole.FACILITATOR)
    return group


async def add_group(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    program: str,
    organization_id: int,
    kind: str,
    name: str,
    capacity: int,
    site: Site = NO_SITE,
) -> Group:
    """A new group of a declared kind, within the capacity its kind allows, under the parent
    and for the practice its kind asks for (``core.groups.hierarchy``)."""
    await find(session, Organization, organization_id, missing="organization")
    limit = registry.group_kinds[kind].max_capacity
    if capacity < 1:
        raise RuleViolation.single(INVALID, _("Capacity must be at least 1."), "capacity")
    if limit is not None and capacity > limit:
        raise RuleViolation.single(
            registry.group_kinds[kind].capacity_rule,
            _(
                "A {title} holds at most {limit} participants.",
                title=registry.group_kinds[kind].title,
                limit=limit,
            ),
            "capacity",
        )
    if not name.strip():
        raise RuleViolation.single(INVALID, _("A group needs a name."), "name")
    declared = registry.group_kinds[kind]
    parent = await hierarchy.check_parent(
        session, registry, viewer, declared, organization_id, site.parent_id
    )
    if parent is not None:
        await lock_row(session, Group, parent.id)  # one team per practice, also at once
    practice, location = await hierarchy.check_practice(
        session, declared, site.parent_id, site.practice_name, site.practice_location
    )
    group = Group(
        organization_id=organization_id,
        program=program,
        kind=kind,
        name=name.strip(),
        capacity=capacity,
        parent_id=site.parent_id,
        practice_name=practice,
        practice_location=location,
    )
    return await add(session, group)


async def _require_joinable(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    group_id: int,
    person_id: int,
    role: MembershipRole,
) -> None:
    """Staff place anyone; a person may take (or give up) a member's place in a group of an
    organization they belong to. Who may act is settled before the group's own rules, so a
    refusal tells an outsider nothing about the group."""
    group: Group = await require_visible(session, viewer, Group, group_id)
    if viewer.is_staff(group.organization_id, group.program):
        await require_visible(session, viewer, Person, person_id)
    elif (
        viewer.require_person() != person_id
        or role != MembershipRole.MEMBER
        or not viewer.belongs_to(group.organization_id, group.program)
    ):
        raise Forbidden()
    kind = registry.group_kinds.get(group.kind)
    if kind is not None and kind.program_managed:
        raise RuleViolation.single(
            PROGRAM_MANAGED,
            _(
                "Places in a {title} are managed through its program, not joined directly.",
                title=kind.title,
            ),
            "groupId",
        )


async def join(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    group_id: int,
    person_id: int,
    role: MembershipRole,
    waitlist: bool | None,
) -> Membership:
    await _require_joinable(session, registry, viewer, group_id, person_id, role)
    return await capacity.join_group(
        session, registry, group_id, person_id, role, waitlist=waitlist
    )


async def leave(
    session: AsyncSession, registry: Registry, viewer: Viewer, group_id: int, person_id: int
) -> tuple[Membership, list[Membership]]:
    await _require_joinable(session, registry, viewer, group_id, person_id, MembershipRole.MEMBER)
    return await capacity.leave_group(session, registry, group_id, person_id)


async def leave_and_show(
    session: AsyncSession, registry: Registry, viewer: Viewer, group_id: int, person_id: int
) -> tuple[Membership, list[Membership]]:
    """Leave for the API: of the people moved up from the waitlist, only those the viewer may
    see are told of."""
    ended, promoted = await leave(session, registry, viewer, group_id, person_id)
    shown = await visible_ids(session, viewer, Person, [m.person_id for m in promoted])
    return ended, [m for m in promoted if m.person_id in shown]


async def is_lead(session: AsyncSession, group_id: int, person_id: int | None) -> bool:
    """Whether the person leads the group (an active place in the lead's role)."""
    if person_id is None:
        return False
    place = await repository.current_membership(session, group_id, person_id)
    return (
        place is not None
        and place.role == MembershipRole.LEAD
        and place.status == MembershipStatus.ACTIVE
    )


async def change_roles(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    group_id: int,
    changes: list[tuple[int, MembershipRole]],
) -> list[Membership]:
    """Staff give places any role; a lead hands the lead on, or shares it, among the group's
    members and leads (facilitators are the program's to place)."""
    group: Group = await require_visible(session, viewer, Group, group_id)
    if not viewer.is_staff(group.organization_id, group.program):
        if not await is_lead(session, group_id, viewer.person_id):
            raise Forbidden()
        for person_id, role in changes:
            place = await repository.current_membership(session, group_id, person_id)
            if role == MembershipRole.FACILITATOR or (
                place is not None and place.role == MembershipRole.FACILITATOR
            ):
                raise Forbidden()
    if not changes:
        raise RuleViolation.single(INVALID, _("Name at least one role to change."), "changes")
    return await capacity.change_roles(session, registry, group_id, changes)
