"""A guide's waitlist, the places offered from it, and the end of a match (PW-REQUEST,
PW-CAPACITY).

OCFP staff ask the guide before every match, so a place that frees up is not given to the
first learner waiting: it is offered. The offer holds the place (``places_held``) until the
guide, or staff for them, confirm it, which matches through ``core.groups.capacity`` like
any confirmation, or decline it, which offers the place to the next learner in line. Only a
guide who is accepting new learners is offered anyone. The waitlist is therefore kept on the
requests (WAITLISTED, in ``waitlisted_at`` order), never as core waitlist places, which core
would fill by itself when a place is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.groups import capacity as places
from core.privacy.screen import screen
from core.registry import Registry
from plugins.ocfp_practising_well.accounts import repository as accounts
from plugins.ocfp_practising_well.accounts.service import (
    notify,
    reason_text,
    require_program_staff,
    setting,
)
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.matching import repository
from plugins.ocfp_practising_well.matching.repository import GuideRow
from plugins.ocfp_practising_well.matching.service import (
    CAPACITY,
    OPEN,
    REQUEST,
    REQUEST_WORDS,
    already,
    load_guide,
    open_request,
    places_held,
)
from plugins.ocfp_practising_well.models import Guide, GuideRequest, RequestStatus


async def update_guide(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    guide_id: int,
    capacity: int | None,
    accepting: bool | None,
) -> GuideRow:
    """Staff (or the guide) change capacity or availability. Capacity never drops below the
    places matched or offered; places free while the guide accepts learners are offered to
    the waitlist in order (so turning "accepting" back on serves the waitlist too)."""
    guide = await load_guide(session, viewer, guide_id)
    if viewer.person_id != guide.person_id:
        require_program_staff(viewer, guide.organization_id)
    await repository.lock_group(session, guide.caseload_group_id)
    max_capacity = setting(registry, "guide_max_capacity")
    if capacity is not None:
        held = await places_held(session, guide)
        if not max(held, 1) <= capacity <= max_capacity:
            raise RuleViolation.single(
                CAPACITY,
                _(
                    "Capacity must be between {least} (learners matched or offered a place "
                    "now) and {most}.",
                    least=max(held, 1),
                    most=max_capacity,
                ),
                "capacity",
            )
        await places.resize_group(session, registry, guide.caseload_group_id, capacity)
    if accepting is not None:
        guide.accepting = accepting
    await offer_free_places(session, guide)
    (shown,) = await repository.guide_rows(session, [guide])
    return shown


async def join_waitlist(session: AsyncSession, viewer: Viewer, *, request_id: int) -> GuideRequest:
    """After staff found the guide full, the learner may wait for them instead of choosing
    another; the waitlist is served first come first served. A place already free is offered
    at once (the guide still confirms)."""
    person_id = viewer.require_person()
    request, learner = await open_request(session, viewer, request_id)
    if learner.person_id != person_id:
        raise Forbidden()
    if request.status != RequestStatus.UNAVAILABLE:
        raise RuleViolation.single(
            REQUEST,
            _(
                "Join a guide's waitlist once staff have found them full "
                "(this request is {status}).",
                status=_(REQUEST_WORDS[request.status]),
            ),
        )
    assert request.guide_id is not None  # staff name the guide before finding them full
    guide = await accounts.guide(session, request.guide_id)
    assert guide is not None
    request.status = RequestStatus.WAITLISTED
    request.waitlisted_at = utcnow()
    await offer_free_places(session, guide)
    return request


async def offer_free_places(session: AsyncSession, guide: Guide) -> list[GuideRequest]:
    """Offer the guide's free places to the first learners waiting, if the guide accepts new
    learners; the guide is asked and the learner told. Returns the requests offered."""
    group = await repository.lock_group(session, guide.caseload_group_id)
    free = group.capacity - await places_held(session, guide)
    if not guide.accepting or free <= 0:
        return []
    waiting = await repository.first_waiting(session, guide.id, free)
    now = utcnow()
    guide_name = await repository.person_name(session, guide.person_id)
    for request, learner_person_id in waiting:
        request.status = RequestStatus.OFFERED
        request.offered_at = now
        await notify(
            session,
            learner_person_id,
            "offer",
            _("A place opened with {name}: they are asked to confirm it.", name=guide_name),
        )
        await notify(
            session,
            guide.person_id,
            "offer",
            _(
                "{name} is next on your waitlist: confirm the place or decline it.",
                name=await repository.person_name(session, learner_person_id),
            ),
        )
    await session.flush()
    return [request for request, _ in waiting]


async def decide_offer(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    request_id: int,
    accept: bool,
    reason: str | None,
) -> GuideRequest:
    """The guide (or staff, having asked them) confirm an offered place, which matches the
    two within the guide's capacity (PW-CAPACITY), or decline it, which offers the place to
    the next learner waiting; the learner may then choose another guide."""
    screen(reason=reason)
    viewer.require_person()
    request, learner = await open_request(session, viewer, request_id)
    guide = await accounts.guide(session, request.guide_id) if request.guide_id else None
    if guide is None or viewer.person_id != guide.person_id:
        require_program_staff(viewer, learner.organization_id)
    if request.status != RequestStatus.OFFERED:
        raise RuleViolation.single(
            REQUEST,
            _(
                "Only an offered place is confirmed (this request is {status}).",
                status=_(REQUEST_WORDS[request.status]),
            ),
        )
    assert guide is not None  # an offer is always for a named guide
    request.decided_at = utcnow()
    request.decided_by_id = viewer.person_id
    name = await repository.person_name(session, guide.person_id)
    if accept:
        await places.join_group(
            session, registry, guide.caseload_group_id, learner.person_id, waitlist=False
        )
        request.status = RequestStatus.MATCHED
        await notify(
            session,
            learner.person_id,
            "match",
            _("A place opened: you are matched with {name}.", name=name),
        )
    else:
        request.status = RequestStatus.DECLINED
        request.reason = reason_text(reason)
        await notify(
            session,
            learner.person_id,
            "request",
            _(
                "{name} cannot take you on now: choose another guide or ask staff to pick one.",
                name=name,
            ),
        )
        await offer_free_places(session, guide)
    await session.flush()
    return request


async def cancel(session: AsyncSession, viewer: Viewer, *, request_id: int) -> GuideRequest:
    """The learner withdraws a request; a place offered to them goes to the next in line."""
    person_id = viewer.require_person()
    request, learner = await open_request(session, viewer, request_id)
    if learner.person_id != person_id:
        raise Forbidden()
    if request.status not in OPEN:
        raise RuleViolation.single(REQUEST, already(request.status))
    await cancel_requests(session, [request], None)
    return request


async def cancel_requests(
    session: AsyncSession, requests: Sequence[GuideRequest], reason: str | None
) -> None:
    """Close open requests; places offered to them are offered to the next in line."""
    for request in requests:
        offered = request.status == RequestStatus.OFFERED
        request.status = RequestStatus.CANCELLED
        request.reason = reason
        if offered:
            assert request.guide_id is not None, "a place is offered by a guide"
            guide = await accounts.guide(session, request.guide_id)
            assert guide is not None
            await offer_free_places(session, guide)
    await session.flush()


@dataclass(frozen=True)
class EndedMatch:
    request: GuideRequest | None
    offered: list[GuideRequest]


async def end_match(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    guide_id: int,
    learner_id: int,
    reason: str | None,
) -> EndedMatch:
    """End a match (the learner, the guide or staff may); ``learner_id`` names the learner's
    person."""
    screen(reason=reason)
    learner_person_id = learner_id
    guide = await load_guide(session, viewer, guide_id)
    if viewer.person_id not in (guide.person_id, learner_person_id):
        require_program_staff(viewer, guide.organization_id)
    if not await repository.matched(session, guide.caseload_group_id, learner_person_id):
        raise RuleViolation.single(REQUEST, _("These two are not matched."))
    return await close_match(session, registry, viewer, guide, learner_person_id, reason)


async def close_match(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    guide: Guide,
    learner_person_id: int,
    reason: str | None,
) -> EndedMatch:
    """The one way a match ends: the place is left, the request that made it is ENDED with
    who ended it, when and why (the learner's history), the other party is told, and the
    freed place is offered to the guide's waitlist."""
    await places.leave_group(session, registry, guide.caseload_group_id, learner_person_id)
    now = utcnow()
    request = await repository.matched_request(session, guide.id, learner_person_id)
    if request is not None:
        request.status = RequestStatus.ENDED
        request.ended_at = now
        request.ended_by_id = viewer.person_id
        request.reason = reason_text(reason)
    guide_name = await repository.person_name(session, guide.person_id)
    learner_name = await repository.person_name(session, learner_person_id)
    for person_id, other in ((learner_person_id, guide_name), (guide.person_id, learner_name)):
        if person_id != viewer.person_id:
            await notify(
                session,
                person_id,
                "match_ended",
                _("Your match with {name} has ended.", name=other),
            )
    return EndedMatch(request, await offer_free_places(session, guide))
