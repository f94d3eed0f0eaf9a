"""Selection by CPSO, forming a QI group on a basis, leaving it; and who may act on a group.

Places and invitations are core's (``core.groups.invitations``): the group kind's capacity of
7 makes QIG-SIZE hold under concurrent invitations and acceptances, because core counts
pending invitations and places with the group's row locked."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.errors import Forbidden, RuleViolation
from core.groups import capacity, invitations
from core.groups.hierarchy import NO_SITE
from core.groups.models import Group, Membership, MembershipStatus
from core.groups.repository import current_membership
from core.i18n import N_
from core.kinds import INVALID
from core.people.models import Organization, Person
from core.plans.models import PlanState
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import add, find
from plugins.cpso_qi_groups import QI_GROUP, SLUG
from plugins.cpso_qi_groups.groups import repository
from plugins.cpso_qi_groups.i18n import _
from plugins.cpso_qi_groups.models import Basis, GroupBasis, Selection
from plugins.cpso_qi_groups.pip.repository import pip_of_group

MAX_CYCLE = 20
MAX_DESCRIPTION = 500
# Why a member may no longer leave, per state of the group's PIP (QIG-PIP).
STATE_MESSAGES = {
    PlanState.SUBMITTED: N_(
        "The PIP of {name} is submitted: members leave only before it is submitted."
    ),
    PlanState.ACCEPTED: N_(
        "The PIP of {name} is accepted: members leave only before it is submitted."
    ),
}


async def select_members(
    session: AsyncSession,
    viewer: Viewer,
    *,
    organization_id: int,
    cycle: str,
    person_ids: Sequence[int],
) -> list[Selection]:
    """CPSO staff record whom they invited to "QI for Individuals" in a cycle; recording one
    twice changes nothing."""
    await find(session, Organization, organization_id, missing="organization")
    viewer.require_staff(organization_id, SLUG)
    name = cycle.strip()
    if not 0 < len(name) <= MAX_CYCLE:
        raise RuleViolation.single(
            INVALID, _("Name the cycle in 1 to {most} characters.", most=MAX_CYCLE), "cycle"
        )
    for person_id in person_ids:
        await find(session, Person, person_id, missing="person")
        await repository.select_person(session, organization_id, name, person_id, viewer.person_id)
    return await repository.selections(session, organization_id, name)


async def selections(
    session: AsyncSession, viewer: Viewer, organization_id: int, cycle: str
) -> list[Selection]:
    viewer.require_staff(organization_id, SLUG)
    return await repository.selections(session, organization_id, cycle.strip())


async def qi_group(
    session: AsyncSession, viewer: Viewer, group_id: int, *, staff: bool = True
) -> Group:
    """A QI group the viewer is an active member of (or, with ``staff``, of whose program's
    staff they are); FORBIDDEN otherwise."""
    person_id = viewer.require_person()
    group: Group = await require_visible(session, viewer, Group, group_id)
    if group.kind != QI_GROUP:
        raise RuleViolation.single(
            INVALID, _("{name} is not a QI Group.", name=group.name), "groupId"
        )
    if staff and viewer.is_staff(group.organization_id, SLUG):
        return group
    if not await is_member(session, group.id, person_id):
        raise Forbidden()
    return group


async def is_member(session: AsyncSession, group_id: int, person_id: int) -> bool:
    place = await current_membership(session, group_id, person_id)
    return place is not None and place.status == MembershipStatus.ACTIVE


async def form_group(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    organization_id: int,
    name: str,
    basis: Basis,
    description: str,
) -> tuple[Group, GroupBasis]:
    """An invited member forms a QI group (QIG-FORM, asked by core on ``core.group.form``)
    on a stated basis (QIG-BASIS) and leads it; peers then come by core's invitations."""
    screen(description=description)
    text = description.strip()
    if len(text) > MAX_DESCRIPTION:
        raise RuleViolation.single(
            "QIG-BASIS",
            _("Describe the basis in at most {most} characters.", most=MAX_DESCRIPTION),
            "description",
        )
    group, _founder = await invitations.form_group(
        session,
        registry,
        viewer,
        organization_id=organization_id,
        kind=QI_GROUP,
        name=name,
        capacity=None,
        site=NO_SITE,
    )
    row = await add(session, GroupBasis(group_id=group.id, basis=basis, description=text))
    return group, row


async def leave_group(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, group_id: int
) -> Membership:
    """A member leaves their QI group while its PIP is not yet submitted; afterwards the PIP
    speaks for everyone in it (QIG-PIP)."""
    person_id = viewer.require_person()
    group = await qi_group(session, viewer, group_id, staff=False)
    pip = await pip_of_group(session, group.id)
    if pip is not None and pip.state in (PlanState.SUBMITTED, PlanState.ACCEPTED):
        raise RuleViolation.single(
            "QIG-PIP",
            _(STATE_MESSAGES[pip.state], name=group.name),
        )
    membership, _left = await capacity.leave_group(session, registry, group.id, person_id)
    return membership
