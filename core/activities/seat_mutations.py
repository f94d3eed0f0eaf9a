"""Mutations for seats that belong to an activity: registering, cancelling, capacity."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from core.activities import seats
from core.activities.models import Seat
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


SeatService = Callable[..., Awaitable[Seat]]


async def _seat(info: Info, input: ActivitySeatInput, service: SeatService) -> ActivitySeatPayload:
    """Take or free a seat through ``service``: the payload shows it and what is left."""
    values, context = decoded(input), info.context
    return await mutate(
        info,
        ActivitySeatPayload,
        lambda s: service(s, context.registry, context.viewer, **values),
        lambda seat: {"seat": ActivitySeat.from_row(seat)},
    )


@strawberry.type
class ActivitySeatsMutation:
    @strawberry.mutation(
        description="Take a seat at an activity (yours, or anyone's for its staff); refused "
        "with CORE-ACTIVITY-FULL when none is left."
    )
    async def register_for_activity(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatPayload:
        return await _seat(info, input, seats.register_for_activity)

    @strawberry.mutation(description="Free a seat (yours, or anyone's for its staff).")
    async def cancel_activity_registration(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatPayload:
        return await _seat(info, input, seats.cancel_registration)

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
