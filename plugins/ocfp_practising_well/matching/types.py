"""GraphQL types of the directory and of guide requests.

A request names its learner, guide and whoever ended it; their names come through the
request's loaders, so a list of requests reads each kind of name once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import strawberry

from core.catalog.types import Decision
from core.graphql.context import Info
from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from plugins.ocfp_practising_well import models
from plugins.ocfp_practising_well.accounts.types import PwTopic, person_id, topics
from plugins.ocfp_practising_well.i18n import _
from plugins.ocfp_practising_well.matching import repository
from plugins.ocfp_practising_well.matching.service import LEFT_PROGRAM
from plugins.ocfp_practising_well.matching.service import available as has_place

PwRequestStatus = models.RequestStatus
strawberry.enum(PwRequestStatus, name="PwRequestStatus")


@strawberry.type(description="A Peer Guide's directory profile (PW-DIRECTORY).")
class PwGuide(FromRow):
    id: strawberry.ID
    name: str
    bio: str
    topics: list[PwTopic]
    capacity: int = strawberry.field(description="Learners the guide can take one-to-one.")
    load: int = strawberry.field(description="Learners matched now.")
    waitlist: int = strawberry.field(description="Learners waiting for a place.")
    offered: int = strawberry.field(
        description="Places offered to learners from the waitlist, held until the guide "
        "confirms or declines them."
    )
    accepting: bool
    available: bool = strawberry.field(description="Accepting and with a place free.")

    COMPUTED: ClassVar[Mapping[str, Any]] = {"topics": topics, "available": has_place}


@strawberry.type(description="Whether the directory is open to the caller, and its guides.")
class PwDirectory:
    decision: Decision
    guides: list[PwGuide]


async def _learner_name(root: PwRequest, info: Info) -> str:
    name = await info.context.loaders(repository.learner_names).load(root.learner_pk)
    assert name is not None
    return name


async def _guide_name(root: PwRequest, info: Info) -> str | None:
    if root.guide_pk is None:
        return None
    return await info.context.loaders(repository.guide_names).load(root.guide_pk)


async def _ended_by_name(root: PwRequest, info: Info) -> str | None:
    if root.ended_by_pk is None:
        return None
    return await info.context.loaders(repository.person_names).load(root.ended_by_pk)


@strawberry.type(
    description="A learner's request for a guide, or for staff to pick one, with its history: "
    "a match that ended stays, ENDED, with when, by whom and why."
)
class PwRequest(FromRow):
    id: strawberry.ID
    learner_name: str = strawberry.field(resolver=_learner_name)
    guide_id: strawberry.ID | None
    guide_name: str | None = strawberry.field(resolver=_guide_name)
    status: PwRequestStatus
    staff_pick: bool = strawberry.field(description="The learner asked staff to choose.")
    message: str
    created_at: datetime
    decided_at: datetime | None = strawberry.field(
        description="When staff matched it or found the guide full, or an offer was answered."
    )
    waitlisted_at: datetime | None = strawberry.field(
        description="When the learner joined the guide's waitlist (their place in line)."
    )
    offered_at: datetime | None = strawberry.field(
        description="When a freed place was offered to the learner, for the guide to confirm."
    )
    ended_at: datetime | None
    ended_by_id: strawberry.ID | None = strawberry.field(description="The Person who ended it.")
    ended_by_name: str | None = strawberry.field(resolver=_ended_by_name)
    reason: str | None = strawberry.field(
        description="Why the offer was declined, the request cancelled for the learner, or the "
        "match ended."
    )
    learner_pk: strawberry.Private[int]
    guide_pk: strawberry.Private[int | None]
    ended_by_pk: strawberry.Private[int | None]

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "guide_id": lambda row: to_global_id("PwGuide", row.guide_id) if row.guide_id else None,
        "ended_by_id": lambda row: person_id(row.ended_by_id),
        "learner_pk": lambda row: row.learner_id,
        "guide_pk": lambda row: row.guide_id,
        "ended_by_pk": lambda row: row.ended_by_id,
        "reason": lambda row: _(LEFT_PROGRAM) if row.reason == LEFT_PROGRAM else row.reason,
    }
