"""Mutations for activities held in parts: their parts, and who attended which."""

from __future__ import annotations

from typing import Any

import strawberry

from core.activities import attendance
from core.activities.mutations import (
    ActivityPartInput,
    RecordParticipationPayload,
    part_inputs,
    recorded,
)
from core.activities.types import Activity
from core.credits.mutations import CorrectAttendancePayload, amended
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, decoded, node_id


@strawberry.input
class SetActivityPartsInput:
    activity_id: strawberry.ID = node_id("Activity")
    parts: list[ActivityPartInput] = strawberry.field(
        description="All its parts; none makes it one block again."
    )


@strawberry.type
class SetActivityPartsPayload(Payload):
    activity: Activity | None = None


@strawberry.input
class RecordPartAttendanceInput:
    activity_id: strawberry.ID = node_id("Activity")
    person_id: strawberry.ID = node_id("Person")
    part_ids: list[strawberry.ID] = strawberry.field(description="The parts attended.")


@strawberry.input
class CorrectPartAttendanceInput:
    participation_id: strawberry.ID = node_id("Participation")
    part_ids: list[strawberry.ID] = strawberry.field(description="The parts actually attended.")
    reason: str


def with_part_ids(
    input: RecordPartAttendanceInput | CorrectPartAttendanceInput,
) -> dict[str, Any]:
    """The input's values, its part IDs decoded (a list, which :func:`decoded` leaves as is)."""
    return decoded(input) | {"part_ids": [decode_id(v, "ActivityPart") for v in input.part_ids]}


@strawberry.type
class ActivityPartsMutation:
    @strawberry.mutation(
        description="Staff give an activity its parts, while no attendance is recorded at it."
    )
    async def set_activity_parts(
        self, info: Info, input: SetActivityPartsInput
    ) -> SetActivityPartsPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            SetActivityPartsPayload,
            lambda s: attendance.set_parts(
                s,
                context.registry,
                context.viewer,
                activity_id=values["activity_id"],
                parts=part_inputs(input.parts),
            ),
            lambda row: {"activity": Activity.from_row(row)},
        )

    @strawberry.mutation(
        description="Record which parts a person attended; the hours of those parts earn the "
        "credit the activity's kind awards."
    )
    async def record_part_attendance(
        self, info: Info, input: RecordPartAttendanceInput
    ) -> RecordParticipationPayload:
        values, context = with_part_ids(input), info.context
        return await mutate(
            info,
            RecordParticipationPayload,
            lambda s: attendance.record_part_attendance(
                s, context.registry, context.viewer, **values
            ),
            lambda result: recorded(*result),
        )

    @strawberry.mutation(
        description="Correct which parts a person attended; their credits are reversed and "
        "awarded again for the hours of the parts attended."
    )
    async def correct_part_attendance(
        self, info: Info, input: CorrectPartAttendanceInput
    ) -> CorrectAttendancePayload:
        values, context = with_part_ids(input), info.context
        return await mutate(
            info,
            CorrectAttendancePayload,
            lambda s: attendance.correct_part_attendance(
                s, context.registry, context.viewer, **values
            ),
            amended,
        )
