"""Mutations of sessions: scheduling (division staff), registration (the participant or
staff), attendance (division staff)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from core.activities import seats, waitlist
from core.activities.types import Participation
from core.catalog.types import Decision
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.psp_sgls.sessions import service
from plugins.psp_sgls.sessions.types import PspRegistration, PspSession


@strawberry.input
class PspScheduleSessionInput:
    series_id: strawberry.ID = node_id("PspSeries")
    division_id: strawberry.ID = node_id("Organization")
    title: str
    objectives: str
    starts_at: datetime
    ends_at: datetime
    place: str | None = None
    lead_id: strawberry.ID | None = node_id("Person", optional=True)
    capacity: int | None = strawberry.field(
        default=None, description="At most the capacity setting (SGLS-CAPACITY, never 13)."
    )


@strawberry.type
class PspSessionPayload(Payload):
    session: PspSession | None = None


@strawberry.input
class PspRegisterInput:
    session_id: strawberry.ID = node_id("PspSession")
    person_id: strawberry.ID = node_id("Person")


@strawberry.type
class PspRegistrationPayload(Payload):
    registration: PspRegistration | None = None


@strawberry.input
class PspRecordAttendanceInput:
    session_id: strawberry.ID = node_id("PspSession")
    person_id: strawberry.ID = node_id("Person")
    hours: Decimal


@strawberry.type
class PspAttendancePayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None


def _registration(row: Any, registration: seats.Registration) -> dict[str, Any]:
    return {
        "registration": PspRegistration(
            session=PspSession.from_row(row),
            seated=registration.seat is not None and registration.seat.cancelled_at is None,
            waitlisted=waitlist.is_open(registration.waiting),
            position=registration.position,
        )
    }


@strawberry.type
class SessionsMutation:
    @strawberry.mutation(description="Schedule a session of a series: the division's staff.")
    async def psp_schedule_session(
        self, info: Info, input: PspScheduleSessionInput
    ) -> PspSessionPayload:
        values, viewer, registry = decoded(input), info.context.viewer, info.context.registry
        return await mutate(
            info,
            PspSessionPayload,
            lambda s: service.schedule(s, registry, viewer, service.SessionInput(**values)),
            lambda row: {"session": PspSession.from_row(row)},
        )

    @strawberry.mutation(
        description="Register for a session (yourself, or anyone for the division's staff); "
        "a full session waitlists, promoted in order (SGLS-CAPACITY)."
    )
    async def psp_register(self, info: Info, input: PspRegisterInput) -> PspRegistrationPayload:
        return await _registering(info, input, service.register)

    @strawberry.mutation(description="Leave a seat or the waitlist; the first waiting moves up.")
    async def psp_cancel_registration(
        self, info: Info, input: PspRegisterInput
    ) -> PspRegistrationPayload:
        return await _registering(info, input, service.cancel)

    @strawberry.mutation(
        description="Record hours attended: the division's staff. Physicians of a certified "
        "session earn credit (SGLS-CREDIT, SGLS-PARTICIPANTS)."
    )
    async def psp_record_attendance(
        self, info: Info, input: PspRecordAttendanceInput
    ) -> PspAttendancePayload:
        values, viewer, registry = decoded(input), info.context.viewer, info.context.registry
        return await mutate(
            info,
            PspAttendancePayload,
            lambda s: service.record_attendance(s, registry, viewer, **values),
            lambda done: {
                "participation": Participation.from_row(done[0]),
                "credit_entry": CreditEntry.from_row(done[1].entry) if done[1].entry else None,
                "credit_decision": Decision.from_value(done[1].decision),
            },
        )


async def _registering(info: Info, input: PspRegisterInput, action: Any) -> PspRegistrationPayload:
    values, viewer, registry = decoded(input), info.context.viewer, info.context.registry

    async def work(s: Any) -> tuple[Any, seats.Registration]:
        done = await action(s, registry, viewer, **values)
        row, _ = await service.session_of(s, viewer, values["session_id"])
        return row, done

    return await mutate(
        info, PspRegistrationPayload, work, lambda done: _registration(done[0], done[1])
    )
