"""Mutations scheduling activities and recording attendance (and the credit it earns)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from core.activities import service as activities
from core.activities.parts import PartInput
from core.activities.types import Activity, Participation
from core.catalog.types import Decision
from core.credits.service import AwardResult
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input(description="A day or block of an activity and the hours it credits.")
class ActivityPartInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    hours: Decimal = strawberry.field(
        description="Hours credited: more than 0, at most the part's own length."
    )


def part_inputs(parts: list[ActivityPartInput] | None) -> tuple[PartInput, ...]:
    return tuple(PartInput(**decoded(part)) for part in parts or ())


@strawberry.input
class CreateActivityInput:
    organization_id: strawberry.ID = node_id("Organization")
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    group_id: strawberry.ID | None = node_id("Group", optional=True)
    parts: list[ActivityPartInput] | None = strawberry.field(
        default=None,
        description="The days or blocks it is held in; its hours are then the sum of theirs.",
    )
    capacity: int | None = strawberry.field(
        default=None, description="Seats, when they belong to the activity (none: unbounded)."
    )


@strawberry.type
class CreateActivityPayload(Payload):
    activity: Activity | None = None


@strawberry.input
class RecordParticipationInput:
    activity_id: strawberry.ID = node_id("Activity")
    person_id: strawberry.ID = node_id("Person")
    hours: Decimal


@strawberry.type
class RecordParticipationPayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = strawberry.field(
        default=None, description="Why credit was (or was not) awarded."
    )


@strawberry.type
class ActivitiesMutation:
    @strawberry.mutation
    async def create_activity(
        self, info: Info, input: CreateActivityInput
    ) -> CreateActivityPayload:
        values, context = decoded(input), info.context
        data = activities.ActivityInput(**values | {"parts": part_inputs(input.parts)})
        return await mutate(
            info,
            CreateActivityPayload,
            lambda s: activities.create_activity(s, context.registry, context.viewer, data),
            lambda row: {"activity": Activity.from_row(row)},
        )

    @strawberry.mutation(description="Record hours attended; awards the credit they earn.")
    async def record_participation(
        self, info: Info, input: RecordParticipationInput
    ) -> RecordParticipationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            RecordParticipationPayload,
            lambda s: activities.record_participation(
                s, context.registry, context.viewer, **values
            ),
            lambda result: recorded(*result),
        )


def recorded(participation: object, award: AwardResult) -> dict[str, object]:
    """A recorded participation's payload fields: the attendance, and the credit it earned
    with the reasons (programs that record attendance their own way answer the same)."""
    return {
        "participation": Participation.from_row(participation),
        "credit_entry": CreditEntry.from_row(award.entry) if award.entry else None,
        "credit_decision": Decision.from_value(award.decision),
    }
