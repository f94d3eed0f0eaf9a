"""Mutations for seats that belong to an activity: registering, cancelling, capacity, and
the waitlist of a full one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from core.activities import seats
from core.activities.types import Activity, ActivitySeat, ActivityWaitlistEntry
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


@strawberry.type
class ActivitySeatRequestPayload(Payload):
    seat: ActivitySeat | None = strawberry.field(default=None, description="The seat taken.")
    waitlist_entry: ActivityWaitlistEntry | None = strawberry.field(
        default=None, description="The place in line when no seat was left."
    )


@strawberry.type
class ActivityWaitlistPayload(Payload):
    waitlist_entry: ActivityWaitlistEntry | None = None


@strawberry.input
class SetActivityCapacityInput:
    activity_id: strawberry.ID = node_id("Activity")
    capacity: int | None = strawberry.field(description="Seats; null: unbounded.")


@strawberry.type
class SetActivityCapacityPayload(Payload):
    activity: Activity | None = None


P = TypeVar("P", bound=Payload)


async def _call(
    info: Info,
    input: object,
    payload: type[P],
    service: Callable[..., Awaitable[Any]],
    build: Callable[[Any], dict[str, Any]],
) -> P:
    """Run a seat or waitlist service with the input's decoded values, the viewer and the
    registry; ``build`` maps what it returns onto the payload."""
    values, context = decoded(input), info.context
    return await mutate(
        info,
        payload,
        lambda s: service(s, context.registry, context.viewer, **values),
        build,
    )


def _seat(seat: Any) -> dict[str, Any]:
    return {"seat": ActivitySeat.from_row(seat)}


def _request(done: seats.Registration) -> dict[str, Any]:
    entry = done.waiting
    return {
        "seat": ActivitySeat.from_row(done.seat) if done.seat else None,
        "waitlist_entry": ActivityWaitlistEntry.from_row(entry, position=done.position)
        if entry
        else None,
    }


@strawberry.type
class ActivitySeatsMutation:
    @strawberry.mutation(
        description="Take a seat at an activity (yours, or anyone's for its staff); refused "
        "with CORE-ACTIVITY-FULL when none is left."
    )
    async def register_for_activity(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatPayload:
        return await _call(info, input, ActivitySeatPayload, seats.register_for_activity, _seat)

    @strawberry.mutation(
        description="Ask for a seat (yours, or anyone's for its staff): taken while one is "
        "left, else a place at the back of its waitlist, promoted in order as seats free."
    )
    async def request_activity_seat(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatRequestPayload:
        return await _call(
            info, input, ActivitySeatRequestPayload, seats.request_seat_for, _request
        )

    @strawberry.mutation(
        description="Leave an activity's waitlist (yours, or anyone's for its staff)."
    )
    async def leave_activity_waitlist(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivityWaitlistPayload:
        return await _call(
            info,
            input,
            ActivityWaitlistPayload,
            seats.leave_waitlist,
            lambda entry: {"waitlist_entry": ActivityWaitlistEntry.from_row(entry)},
        )

    @strawberry.mutation(
        description="Free a seat (yours, or anyone's for its staff); the first on the "
        "waitlist takes it."
    )
    async def cancel_activity_registration(
        self, info: Info, input: ActivitySeatInput
    ) -> ActivitySeatPayload:
        return await _call(info, input, ActivitySeatPayload, seats.cancel_registration, _seat)

    @strawberry.mutation(
        description="Staff set an activity's seats, never below the places already held."
    )
    async def set_activity_capacity(
        self, info: Info, input: SetActivityCapacityInput
    ) -> SetActivityCapacityPayload:
        return await _call(
            info,
            input,
            SetActivityCapacityPayload,
            seats.set_capacity,
            lambda row: {"activity": Activity.from_row(row)},
        )
