"""Mutations of monthly calls and the virtual office."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from core.activities.mutations import recorded
from core.activities.types import Participation
from core.catalog.types import Decision
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate, version_input
from core.graphql.relay import decoded, node_id
from plugins.learning_collaborative.office import service
from plugins.learning_collaborative.office.types import (
    LcMonthlyCall,
    LcOfficeItem,
    LcOfficeItemKind,
)


@strawberry.input
class LcScheduleCallInput:
    collaborative_id: strawberry.ID = node_id("Group")
    title: str
    starts_at: datetime
    ends_at: datetime


@strawberry.type
class LcMonthlyCallPayload(Payload):
    call: LcMonthlyCall | None = None


@strawberry.input
class LcRecordCallAttendanceInput:
    call_id: strawberry.ID = node_id("LcMonthlyCall")
    person_id: strawberry.ID = node_id("Person")
    hours: Decimal


@strawberry.type
class LcCallAttendancePayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None


@strawberry.input
class LcKeepCallNotesInput:
    call_id: strawberry.ID = node_id("LcMonthlyCall")
    notes: str
    version: int | None = version_input()


@strawberry.input
class LcPostToOfficeInput:
    collaborative_id: strawberry.ID = node_id("Group")
    kind: LcOfficeItemKind
    body: str
    title: str | None = None
    url: str | None = None


@strawberry.type
class LcOfficeItemPayload(Payload):
    item: LcOfficeItem | None = None


@strawberry.type
class OfficeMutation:
    @strawberry.mutation(description="Schedule the month's call, one a month (LC-CALLS; faculty).")
    async def lc_schedule_call(
        self, info: Info, input: LcScheduleCallInput
    ) -> LcMonthlyCallPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcMonthlyCallPayload,
            lambda s: service.schedule_call(s, context.registry, context.viewer, **values),
            lambda pair: {"call": LcMonthlyCall.of(*pair)},
        )

    @strawberry.mutation(
        description="Record a team member or coach on a monthly call (LC-CALLS; faculty)."
    )
    async def lc_record_call_attendance(
        self, info: Info, input: LcRecordCallAttendanceInput
    ) -> LcCallAttendancePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            LcCallAttendancePayload,
            lambda s: service.record_call_attendance(s, context.registry, context.viewer, **values),
            lambda attended: recorded(attended.participation, attended.award),
        )

    @strawberry.mutation(description="Keep a monthly call's notes (LC-CALLS; faculty).")
    async def lc_keep_call_notes(
        self, info: Info, input: LcKeepCallNotesInput
    ) -> LcMonthlyCallPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            LcMonthlyCallPayload,
            lambda s: service.keep_notes(s, viewer, **values),
            lambda pair: {"call": LcMonthlyCall.of(*pair)},
        )

    @strawberry.mutation(
        description="Share a resource or post a message in the virtual office (LC-OFFICE)."
    )
    async def lc_post_to_office(
        self, info: Info, input: LcPostToOfficeInput
    ) -> LcOfficeItemPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            LcOfficeItemPayload,
            lambda s: service.post(s, viewer, **values),
            lambda item: {"item": LcOfficeItem.of(item)},
        )
