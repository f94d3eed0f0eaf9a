"""Mutations of guides, requests, waitlists, offers and learner groups."""

from __future__ import annotations

from typing import Any

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.groups.types import Group
from plugins.ocfp_practising_well.accounts.types import PwTopic
from plugins.ocfp_practising_well.matching import service, waitlist
from plugins.ocfp_practising_well.matching.types import PwGuide, PwRequest


@strawberry.input
class PwCreateGuideInput:
    person_id: strawberry.ID = node_id("Person")
    organization_id: strawberry.ID = node_id("Organization")
    bio: str
    topic_areas: list[PwTopic]
    capacity: int


@strawberry.input
class PwUpdateGuideInput:
    guide_id: strawberry.ID = node_id("PwGuide")
    capacity: int | None = None
    accepting: bool | None = None


@strawberry.type
class PwGuidePayload(Payload):
    guide: PwGuide | None = None


@strawberry.input
class PwRequestGuideInput:
    guide_id: strawberry.ID | None = node_id(
        "PwGuide",
        optional=True,
        description="Leave out to ask staff to pick a guide (PW-STAFF-PICK).",
    )
    message: str = ""


@strawberry.input
class PwConfirmMatchInput:
    request_id: strawberry.ID = node_id("PwRequest")
    guide_id: strawberry.ID | None = node_id(
        "PwGuide", optional=True, description="The guide staff picked, for a staff-pick request."
    )


@strawberry.input
class PwRequestIdInput:
    request_id: strawberry.ID = node_id("PwRequest")


@strawberry.type
class PwRequestPayload(Payload):
    request: PwRequest | None = None


@strawberry.input
class PwDecideOfferInput:
    request_id: strawberry.ID = node_id("PwRequest")
    accept: bool = strawberry.field(
        description="True: the guide takes the learner (a match); false: the place goes to the "
        "next learner waiting."
    )
    reason: str | None = None


@strawberry.input
class PwEndMatchInput:
    guide_id: strawberry.ID = node_id("PwGuide")
    learner_id: strawberry.ID = node_id("Person")
    reason: str | None = strawberry.field(default=None, description="Kept on the ended request.")


@strawberry.type
class PwEndMatchPayload(Payload):
    request: PwRequest | None = strawberry.field(
        default=None, description="The request that made the match, now ENDED."
    )
    offered: list[PwRequest] = strawberry.field(
        default_factory=list,
        description="Waitlisted requests the freed place was offered to, for the guide to confirm.",
    )
    matched_from_waitlist: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Always empty: a freed place is offered, never given.",
        deprecation_reason="Freed places are offered to the guide first: see `offered`.",
    )


@strawberry.input
class PwCreateLearnerGroupInput:
    guide_id: strawberry.ID = node_id("PwGuide")
    name: str
    capacity: int


@strawberry.input
class PwAddToLearnerGroupInput:
    group_id: strawberry.ID = node_id("Group")
    learner_id: strawberry.ID = node_id("Person")


@strawberry.type
class PwGroupPayload(Payload):
    group: Group | None = None


def _guide(row: Any) -> dict[str, PwGuide]:
    return {"guide": PwGuide.from_row(row)}


def _request(row: Any) -> dict[str, PwRequest]:
    return {"request": PwRequest.from_row(row)}


def _group(row: Any) -> dict[str, Group]:
    return {"group": Group.from_row(row)}


def _ended(ended: waitlist.EndedMatch) -> dict[str, Any]:
    return {
        "request": PwRequest.from_row(ended.request) if ended.request else None,
        "offered": [PwRequest.from_row(r) for r in ended.offered],
    }


@strawberry.type
class MatchingMutation:
    @strawberry.mutation(description="Staff list a clinician as a Peer Guide with a capacity.")
    async def pw_create_guide(self, info: Info, input: PwCreateGuideInput) -> PwGuidePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwGuidePayload,
            lambda s: service.create_guide(s, context.registry, context.viewer, **values),
            _guide,
        )

    @strawberry.mutation(description="Change a guide's capacity or availability.")
    async def pw_update_guide(self, info: Info, input: PwUpdateGuideInput) -> PwGuidePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwGuidePayload,
            lambda s: waitlist.update_guide(s, context.registry, context.viewer, **values),
            _guide,
        )

    @strawberry.mutation(description="Request a guide, or ask staff to pick (PW-REQUEST).")
    async def pw_request_guide(self, info: Info, input: PwRequestGuideInput) -> PwRequestPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwRequestPayload,
            lambda s: service.request_guide(s, context.registry, context.viewer, **values),
            _request,
        )

    @strawberry.mutation(
        description="Staff confirm the guide's capacity and match (PW-CAPACITY); a full "
        "guide makes the request UNAVAILABLE."
    )
    async def pw_confirm_match(self, info: Info, input: PwConfirmMatchInput) -> PwRequestPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwRequestPayload,
            lambda s: service.confirm(s, context.registry, context.viewer, **values),
            _request,
        )

    @strawberry.mutation(
        description="Wait for the preferred guide, first come first served; a place that "
        "frees up is OFFERED, and the guide confirms it."
    )
    async def pw_join_waitlist(self, info: Info, input: PwRequestIdInput) -> PwRequestPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info, PwRequestPayload, lambda s: waitlist.join_waitlist(s, viewer, **values), _request
        )

    @strawberry.mutation(
        description="The guide (or staff for them) confirm a place offered from the waitlist, "
        "which matches within capacity (PW-CAPACITY), or decline it for the next in line."
    )
    async def pw_decide_offer(self, info: Info, input: PwDecideOfferInput) -> PwRequestPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwRequestPayload,
            lambda s: waitlist.decide_offer(s, context.registry, context.viewer, **values),
            _request,
        )

    @strawberry.mutation(description="Withdraw a request (and leave the waitlist).")
    async def pw_cancel_request(self, info: Info, input: PwRequestIdInput) -> PwRequestPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info, PwRequestPayload, lambda s: waitlist.cancel(s, viewer, **values), _request
        )

    @strawberry.mutation(
        description="End a match: its request becomes ENDED and the freed place is offered to "
        "the guide's waitlist."
    )
    async def pw_end_match(self, info: Info, input: PwEndMatchInput) -> PwEndMatchPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            PwEndMatchPayload,
            lambda s: waitlist.end_match(s, info.context.registry, viewer, **values),
            _ended,
        )

    @strawberry.mutation(description="A small learner group facilitated by a guide (PW-MULTI).")
    async def pw_create_learner_group(
        self, info: Info, input: PwCreateLearnerGroupInput
    ) -> PwGroupPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwGroupPayload,
            lambda s: service.create_learner_group(s, context.registry, context.viewer, **values),
            _group,
        )

    @strawberry.mutation(description="Staff place an approved learner in a learner group.")
    async def pw_add_to_learner_group(
        self, info: Info, input: PwAddToLearnerGroupInput
    ) -> PwGroupPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwGroupPayload,
            lambda s: service.add_to_learner_group(s, context.registry, context.viewer, **values),
            _group,
        )
