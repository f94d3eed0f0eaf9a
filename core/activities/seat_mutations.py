"""Mutations for seats that belong to an activity: registering, cancelling, capacity."""

from __future__ import annotations

import strawberry

from core.activities import seats
from core.activities.types import Activity, ActivitySeat
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input
class ActivitySeatInput:
    activity_id: strawberry.ID = node_id("Activity")
    person_id: strawberry.ID = node_id("Person")


@strawberry.type
class ActivitySeatPayload(Payload):
    seat: ActivitySeat | None = None


@strawberry.input
class SetActivityCapacityInput:
    activity_id: strawberry.ID = node_id("Activity")
    capacity: int | None = strawberry.field(description="Seats; null: unbounded.")


@strawberry.type
class SetActivityCapacityPayload(Payload):
    activity: Activity | None = None


def seat_fields(seat: object) -> dict[str, object]:
    return {"seat": ActivitySeat.from_row(seat)}


@strawberry.type
class ActivitySeatsMutation:
    @strawberry.mutation(
        description="Take a seat at an activity (yours, or anyone's for its staff); refused "
        "with CORE-ACTIVITY-FULL when none is left."
    )
    async def register_for_activity(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            ActivitySeatPayload,
            lambda s: seats.register_for_activity(s, context.registry, context.viewer, **values),
            seat_fields,
        )

    @strawberry.mutation(description="Free a seat (yours, or anyone's for its staff).")
    async def cancel_activity_registration(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            ActivitySeatPayload,
            lambda s: seats.cancel_registration(s, context.registry, context.viewer, **values),
            seat_fields,
        )

    @strawberry.mutation(
        description="Staff set an activity's seats, never below the places already held."
    )
    async def set_activity_capacity(
        self, info: Info, input: SetActivityCapacityInput
    ) -> SetActivityCapacityPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            SetActivityCapacityPayload,
            lambda s: seats.set_capacity(s, context.registry, context.viewer, **values),
            lambda row: {"activity": Activity.from_row(row)},
        )
