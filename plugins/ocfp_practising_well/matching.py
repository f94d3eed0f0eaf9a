"""Peer guides and matching (PW-DIRECTORY, PW-REQUEST, PW-STAFF-PICK, PW-CAPACITY, PW-MULTI).

A guide's caseload is a core capacity-bound group; staff confirm a match by giving the
learner a place in it through ``core.groups.capacity``, which holds the guide's capacity
under concurrent requests on both databases. A full caseload is not an error of the request:
it becomes "unavailable" and the learner chooses another guide or the waitlist
(``waitlist``, which also ends matches and offers freed places).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, hidden, require_visible
from core.db import utcnow
from core.errors import NotFound, RuleViolation
from core.groups import capacity
from core.groups import service as groups
from core.groups.models import Group, Membership, MembershipStatus
from core.locks import lock_row
from core.people import roles
from core.people.models import Person, Role
from core.registry import Registry
from plugins.ocfp_practising_well import REQUEST_ACTION, SLUG
from plugins.ocfp_practising_well.accounts.repository import guide_of, learner_of
from plugins.ocfp_practising_well.accounts.service import (
    INVALID,
    notify,
    require_approved_learner,
    require_program_staff,
    topics,
)
from plugins.ocfp_practising_well.models import Guide, GuideRequest, Learner, RequestStatus

CASELOAD = f"{SLUG}.caseload"
LEARNER_GROUP = f"{SLUG}.learner_group"
REQUEST = "PW-REQUEST"
STAFF_PICK = "PW-STAFF-PICK"
CAPACITY = "PW-CAPACITY"
MULTI = "PW-MULTI"
DIRECTORY = "PW-DIRECTORY"
# Requests still waiting for an answer, and those the learner may still cancel.
AWAITING = (RequestStatus.REQUESTED, RequestStatus.WAITLISTED, RequestStatus.OFFERED)
OPEN = (*AWAITING, RequestStatus.UNAVAILABLE)


async def person_name(session: AsyncSession, person_id: int) -> str:
    person = await session.get(Person, person_id)
    assert person is not None
    return person.name


async def create_guide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    person_id: int,
    organization_id: int,
    bio: str,
    topic_areas: list[str],
    capacity_: int,
    max_capacity: int,
) -> Guide:
    """Staff list an experienced clinician as a peer guide with a limited capacity."""
    require_program_staff(viewer, organization_id)
    # Staff list people they already see, never pull a stranger into their organization.
    await require_visible(session, viewer, Person, person_id)
    if await guide_of(session, person_id) is not None:
        raise RuleViolation.single(DIRECTORY, "This person is a peer guide already.", "personId")
    if not 1 <= capacity_ <= max_capacity:
        raise RuleViolation.single(
            CAPACITY, f"A guide's capacity is between 1 and {max_capacity} learners.", "capacity"
        )
    if not bio.strip():
        raise RuleViolation.single(INVALID, "A guide profile needs a bio.", "bio")
    group = await groups.create_program_group(
        session,
        registry,
        viewer,
        program=SLUG,
        organization_id=organization_id,
        kind=CASELOAD,
        name=f"Peer Connect with {await person_name(session, person_id)}",
        capacity=capacity_,
        facilitator_id=person_id,
    )
    await roles.grant_program_role(
        session,
        viewer,
        person_id=person_id,
        organization_id=organization_id,
        program=SLUG,
        role=Role.GUIDE,
    )
    guide = Guide(
        person_id=person_id,
        organization_id=organization_id,
        caseload_group_id=group.id,
        bio=bio.strip(),
        topics=topics(topic_areas),
    )
    session.add(guide)
    await session.flush()
    return guide


async def load_guide(session: AsyncSession, viewer: Viewer, guide_id: int) -> Guide:
    viewer.require_person()
    guide = await session.get(Guide, guide_id)
    if guide is None:
        raise NotFound("No such guide.")
    return guide


async def request_guide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    guide_id: int | None,
    message: str,
) -> GuideRequest:
    """A learner asks for a guide, or (no guide) asks staff to pick one (PW-STAFF-PICK)."""
    person_id = viewer.require_person()
    decision = await eligibility.check(
        session, registry, REQUEST_ACTION, person_id, subject_id=guide_id, program=SLUG
    )
    decision.raise_if_denied()
    learner = await require_approved_learner(session, person_id)
    if guide_id is not None:
        guide = await session.get(Guide, guide_id)
        if guide is None or guide.organization_id != learner.organization_id:
            raise NotFound("No such guide.")
        if await matched(session, guide, person_id):
            raise RuleViolation.single(MULTI, "You are already matched with this guide.")
        if not guide.accepting:
            raise RuleViolation.single(
                REQUEST, "This guide is not taking new learners; choose another.", "guideId"
            )
    open_request = await session.scalar(
        select(GuideRequest.id).where(
            GuideRequest.learner_id == learner.id,
            _same_guide(guide_id),
            GuideRequest.status.in_(AWAITING),
        )
    )
    if open_request is not None:
        raise RuleViolation.single(REQUEST, "You have an open request for this already.")
    request = GuideRequest(
        learner_id=learner.id,
        guide_id=guide_id,
        status=RequestStatus.REQUESTED,
        staff_pick=guide_id is None,
        message=message.strip(),
    )
    session.add(request)
    await session.flush()
    return request


def _same_guide(guide_id: int | None) -> object:
    column = GuideRequest.guide_id
    return column.is_(None) if guide_id is None else column == guide_id


async def matched(session: AsyncSession, guide: Guide, person_id: int) -> bool:
    return (
        await session.scalar(
            select(Membership.id).where(
                Membership.group_id == guide.caseload_group_id,
                Membership.person_id == person_id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
        is not None
    )


async def places_held(session: AsyncSession, guide: Guide) -> int:
    """Places matched learners hold in the guide's caseload, plus those offered to learners
    from the waitlist: an offered place is kept for its learner until the guide answers, so
    no later request takes it. Ask with the caseload group locked."""
    offered = await session.scalar(
        select(func.count())
        .select_from(GuideRequest)
        .where(GuideRequest.guide_id == guide.id, GuideRequest.status == RequestStatus.OFFERED)
    )
    return await capacity.active_count(session, guide.caseload_group_id) + (offered or 0)


async def open_request(
    session: AsyncSession, viewer: Viewer, request_id: int
) -> tuple[GuideRequest, Learner]:
    request = await lock_row(session, GuideRequest, request_id)
    if request is None:
        raise hidden(viewer, "request")
    learner = await session.get(Learner, request.learner_id)
    assert learner is not None
    return request, learner


async def confirm(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    request_id: int,
    guide_id: int | None = None,
) -> GuideRequest:
    """Staff confirm the guide's capacity and match the two (PW-REQUEST, PW-CAPACITY); for a
    staff-pick request they name the guide (PW-STAFF-PICK). With no place left (places
    offered to the waitlist count as taken) or a guide no longer taking learners, the request
    becomes unavailable and the learner is told to choose another guide or wait."""
    viewer.require_person()
    request, learner = await open_request(session, viewer, request_id)
    require_program_staff(viewer, learner.organization_id)
    if request.status != RequestStatus.REQUESTED:
        raise RuleViolation.single(REQUEST, f"This request is {request.status.value} already.")
    if request.guide_id is None:
        if guide_id is None:
            raise RuleViolation.single(
                STAFF_PICK, "The learner asked staff to pick: name the guide.", "guideId"
            )
        request.guide_id = guide_id
    elif guide_id is not None and guide_id != request.guide_id:
        raise RuleViolation.single(
            REQUEST, "The learner asked for another guide; they choose.", "guideId"
        )
    guide = await session.get(Guide, request.guide_id)
    if guide is None or guide.organization_id != learner.organization_id:
        raise NotFound("No such guide.")
    request.decided_at = utcnow()
    request.decided_by_id = viewer.person_id
    group = await lock_row(session, Group, guide.caseload_group_id, missing="group")
    if not guide.accepting or await places_held(session, guide) >= group.capacity:
        request.status = RequestStatus.UNAVAILABLE
        await notify(
            session,
            learner.person_id,
            "request",
            f"{await person_name(session, guide.person_id)} has no capacity now: choose another "
            "guide or join their waitlist.",
        )
    else:
        await capacity.join_group(
            session, registry, guide.caseload_group_id, learner.person_id, waitlist=False
        )
        request.status = RequestStatus.MATCHED
        await notify(
            session,
            learner.person_id,
            "match",
            f"You are matched with {await person_name(session, guide.person_id)}.",
        )
    await session.flush()
    return request


async def create_learner_group(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    guide_id: int,
    name: str,
    capacity_: int,
    max_size: int,
) -> Group:
    """A small group of learners with similar goals, facilitated by a guide (PW-MULTI)."""
    guide = await load_guide(session, viewer, guide_id)
    require_program_staff(viewer, guide.organization_id)
    if not 2 <= capacity_ <= max_size:
        raise RuleViolation.single(
            CAPACITY, f"A learner group holds 2 to {max_size} learners.", "capacity"
        )
    if not name.strip():
        raise RuleViolation.single(INVALID, "A learner group needs a name.", "name")
    return await groups.create_program_group(
        session,
        registry,
        viewer,
        program=SLUG,
        organization_id=guide.organization_id,
        kind=LEARNER_GROUP,
        name=name,
        capacity=capacity_,
        facilitator_id=guide.person_id,
    )


async def add_to_learner_group(
    session: AsyncSession, registry: Registry, viewer: Viewer, group_id: int, person_id: int
) -> Membership:
    """Staff place an approved learner of their organization in a learner group, within its
    capacity."""
    group = await session.get(Group, group_id)
    if group is None or group.kind != LEARNER_GROUP:
        viewer.require_person()
        raise NotFound("No such learner group.")
    require_program_staff(viewer, group.organization_id)
    await require_visible(session, viewer, Person, person_id)
    learner = await learner_of(session, person_id)
    if learner is not None and learner.organization_id != group.organization_id:
        raise RuleViolation.single(
            MULTI, "Learner groups are for the organization's own learners.", "learnerId"
        )
    return await capacity.join_group(session, registry, group_id, person_id, waitlist=False)
