"""Peer guides, the directory, requests and learner groups (PW-DIRECTORY, PW-REQUEST,
PW-STAFF-PICK, PW-CAPACITY, PW-MULTI).

A guide's caseload is a core capacity-bound group; staff confirm a match by giving the
learner a place in it through ``core.groups.capacity``, which holds the guide's capacity
under concurrent requests on both databases. A full caseload is not an error of the request:
it becomes "unavailable" and the learner chooses another guide or the waitlist
(``waitlist``, which also ends matches and offers freed places).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, hidden, require_visible
from core.db import utcnow
from core.eligibility import Decision
from core.errors import NotFound, RuleViolation
from core.groups import capacity as places
from core.groups import repository as group_places
from core.groups import service as groups
from core.groups.models import Group
from core.i18n import N_, Text
from core.people import roles
from core.people.models import Person, Role
from core.privacy.screen import screen
from core.registry import Registry
from plugins.ocfp_practising_well import DIRECTORY_ACTION, REQUEST_ACTION, SLUG
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    INVALID,
    notify,
    require_approved_learner,
    require_program_staff,
    setting,
    topics,
)
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.matching import repository
from plugins.ocfp_practising_well.matching.repository import GuideRow
from plugins.ocfp_practising_well.models import (
    Guide,
    GuideRequest,
    Learner,
    RequestStatus,
    Topic,
)

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
NO_SUCH_GUIDE = N_("No such guide.")
# Why a learner's requests closed when they left: stored in these words, shown in the reader's.
LEFT_PROGRAM = N_("The learner left the program.")
# A request's status as a sentence names it; the enum values stay the API's.
REQUEST_WORDS = {
    RequestStatus.REQUESTED: N_("requested"),
    RequestStatus.MATCHED: N_("matched"),
    RequestStatus.WAITLISTED: N_("waitlisted"),
    RequestStatus.OFFERED: N_("offered"),
    RequestStatus.UNAVAILABLE: N_("unavailable"),
    RequestStatus.DECLINED: N_("declined"),
    RequestStatus.CANCELLED: N_("cancelled"),
    RequestStatus.ENDED: N_("ended"),
}


def available(guide: GuideRow) -> bool:
    """Accepting, with a place neither matched nor offered to the waitlist."""
    return guide.accepting and guide.load + guide.offered < guide.capacity


def already(status: RequestStatus) -> Text:
    """A request that is past the step asked for, said with its status."""
    return _("This request is {status} already.", status=_(REQUEST_WORDS[status]))


async def directory(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    organization_id: int,
    topic: Topic | None,
    available_only: bool,
) -> tuple[Decision, list[GuideRow]]:
    """The guides of the organization's directory, if PW-DIRECTORY opens it to the viewer;
    the decision says why not otherwise."""
    decision = await eligibility.check(
        session,
        registry,
        DIRECTORY_ACTION,
        viewer.require_person(),
        subject_id=organization_id,
        program=SLUG,
    )
    if not decision.allowed:
        return decision, []
    guides = await repository.guide_rows(
        session, await repository.guides_in(session, organization_id)
    )
    chosen = [
        g
        for g in guides
        if (topic is None or topic.value in g.topics) and (available(g) or not available_only)
    ]
    return decision, chosen


async def requests(
    session: AsyncSession,
    viewer: Viewer,
    organization_id: int,
    status: RequestStatus | None,
) -> list[Any]:
    """Staff see their organization's requests; anyone else those they are a party to."""
    person_id = viewer.require_person()
    party = None if viewer.is_staff(organization_id, SLUG) else person_id
    return await repository.requests(session, organization_id, status, party)


async def create_guide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    person_id: int,
    organization_id: int,
    bio: str,
    topic_areas: list[str],
    capacity: int,
) -> GuideRow:
    """Staff list an experienced clinician as a peer guide with a limited capacity."""
    screen(bio=bio)
    require_program_staff(viewer, organization_id)
    # Staff list people they already see, never pull a stranger into their organization.
    await require_visible(session, viewer, Person, person_id)
    if await accounts.guide_of(session, person_id) is not None:
        raise RuleViolation.single(DIRECTORY, _("This person is a peer guide already."), "personId")
    max_capacity = setting(registry, "guide_max_capacity")
    if not 1 <= capacity <= max_capacity:
        raise RuleViolation.single(
            CAPACITY,
            _("A guide's capacity is between 1 and {most} learners.", most=max_capacity),
            "capacity",
        )
    if not bio.strip():
        raise RuleViolation.single(INVALID, _("A guide profile needs a bio."), "bio")
    group = await groups.create_program_group(
        session,
        registry,
        viewer,
        program=SLUG,
        organization_id=organization_id,
        kind=CASELOAD,
        name=f"Peer Connect with {await repository.person_name(session, person_id)}",
        capacity=capacity,
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
    await accounts.add(session, guide)
    (shown,) = await repository.guide_rows(session, [guide])
    return shown


async def load_guide(session: AsyncSession, viewer: Viewer, guide_id: int) -> Guide:
    viewer.require_person()
    guide = await accounts.guide(session, guide_id)
    if guide is None:
        raise NotFound(_(NO_SUCH_GUIDE))
    return guide


async def request_guide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    guide_id: int | None,
    message: str,
) -> GuideRequest:
    """A learner asks for a guide, or (no guide) asks staff to pick one (PW-STAFF-PICK)."""
    screen(message=message)
    person_id = viewer.require_person()
    decision = await eligibility.check(
        session, registry, REQUEST_ACTION, person_id, subject_id=guide_id, program=SLUG
    )
    decision.raise_if_denied()
    learner = await require_approved_learner(session, person_id)
    if guide_id is not None:
        guide = await accounts.guide(session, guide_id)
        if guide is None or guide.organization_id != learner.organization_id:
            raise NotFound(_(NO_SUCH_GUIDE))
        if await repository.matched(session, guide.caseload_group_id, person_id):
            raise RuleViolation.single(MULTI, _("You are already matched with this guide."))
        if not guide.accepting:
            raise RuleViolation.single(
                REQUEST, _("This guide is not taking new learners; choose another."), "guideId"
            )
    if await repository.has_request(session, learner.id, guide_id, AWAITING):
        raise RuleViolation.single(REQUEST, _("You have an open request for this already."))
    request = GuideRequest(
        learner_id=learner.id,
        guide_id=guide_id,
        status=RequestStatus.REQUESTED,
        staff_pick=guide_id is None,
        message=message.strip(),
    )
    await accounts.add(session, request)
    return request


async def places_held(session: AsyncSession, guide: Guide) -> int:
    """Places matched learners hold in the guide's caseload, plus those offered to learners
    from the waitlist: an offered place is kept for its learner until the guide answers, so
    no later request takes it. Ask with the caseload group locked."""
    offered = await repository.offered_count(session, guide.id)
    return await group_places.active_count(session, guide.caseload_group_id) + offered


async def open_request(
    session: AsyncSession, viewer: Viewer, request_id: int
) -> tuple[GuideRequest, Learner]:
    request = await repository.lock_request(session, request_id)
    if request is None:
        raise hidden(viewer, "request")
    learner = await accounts.learner(session, request.learner_id)
    assert learner is not None
    return request, learner


async def confirm(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
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
        raise RuleViolation.single(REQUEST, already(request.status))
    if request.guide_id is None:
        if guide_id is None:
            raise RuleViolation.single(
                STAFF_PICK, _("The learner asked staff to pick: name the guide."), "guideId"
            )
        request.guide_id = guide_id
    elif guide_id is not None and guide_id != request.guide_id:
        raise RuleViolation.single(
            REQUEST, _("The learner asked for another guide; they choose."), "guideId"
        )
    guide = await accounts.guide(session, request.guide_id)
    if guide is None or guide.organization_id != learner.organization_id:
        raise NotFound(_(NO_SUCH_GUIDE))
    request.decided_at = utcnow()
    request.decided_by_id = viewer.person_id
    group = await repository.lock_group(session, guide.caseload_group_id)
    name = await repository.person_name(session, guide.person_id)
    if not guide.accepting or await places_held(session, guide) >= group.capacity:
        request.status = RequestStatus.UNAVAILABLE
        await notify(
            session,
            learner.person_id,
            "request",
            _(
                "{name} has no capacity now: choose another guide or join their waitlist.",
                name=name,
            ),
        )
    else:
        await places.join_group(
            session, registry, guide.caseload_group_id, learner.person_id, waitlist=False
        )
        request.status = RequestStatus.MATCHED
        await notify(
            session, learner.person_id, "match", _("You are matched with {name}.", name=name)
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
    capacity: int,
) -> Group:
    """A small group of learners with similar goals, facilitated by a guide (PW-MULTI)."""
    guide = await load_guide(session, viewer, guide_id)
    require_program_staff(viewer, guide.organization_id)
    max_size = setting(registry, "learner_group_max_size")
    if not 2 <= capacity <= max_size:
        raise RuleViolation.single(
            CAPACITY, _("A learner group holds 2 to {most} learners.", most=max_size), "capacity"
        )
    if not name.strip():
        raise RuleViolation.single(INVALID, _("A learner group needs a name."), "name")
    return await groups.create_program_group(
        session,
        registry,
        viewer,
        program=SLUG,
        organization_id=guide.organization_id,
        kind=LEARNER_GROUP,
        name=name,
        capacity=capacity,
        facilitator_id=guide.person_id,
    )


async def add_to_learner_group(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, group_id: int, learner_id: int
) -> Group:
    """Staff place an approved learner (``learner_id``: their person) of their organization in
    a learner group, within its capacity; the group is returned, as the caller shows it."""
    group = await repository.group(session, group_id)
    if group is None or group.kind != LEARNER_GROUP:
        viewer.require_person()
        raise NotFound(_("No such learner group."))
    require_program_staff(viewer, group.organization_id)
    await require_visible(session, viewer, Person, learner_id)
    learner = await accounts.learner_of(session, learner_id)
    if learner is not None and learner.organization_id != group.organization_id:
        raise RuleViolation.single(
            MULTI, _("Learner groups are for the organization's own learners."), "learnerId"
        )
    await places.join_group(session, registry, group_id, learner_id, waitlist=False)
    return group
