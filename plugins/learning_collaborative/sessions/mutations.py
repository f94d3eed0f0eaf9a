"""Mutations of learning sessions (faculty): schedule one, record the days attended."""

from __future__ import annotations

import strawberry

from core.activities.mutations import ActivityPartInput, part_inputs, recorded
from core.activities.types import Participation
from core.catalog.types import Decision
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, decoded, node_id
from plugins.learning_collaborative.sessions import service
from plugins.learning_collaborative.sessions.types import LcLearningSession


@strawberry.input
class LcScheduleLearningSessionInput:
    collaborative_id: strawberry.ID = node_id("Group")
    number: int
    title: str
    location: str | None = None
    days: list[ActivityPartInput] = strawberry.field(
        description="One part per day, with the hours each credits (LC-SESSIONS)."
    )


@strawberry.type
class LcLearningSessionPayload(Payload):
    learning_session: LcLearningSession | None = None


@strawberry.input
class LcRecordSessionAttendanceInput:
    activity_id: strawberry.ID = node_id("Activity")
    person_id: strawberry.ID = node_id("Person")
    part_ids: list[strawberry.ID] = strawberry.field(description="The days attended.")


@strawberry.type
class LcSessionAttendancePayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = strawberry.field(
        default=None, description="Why credit was (or was not) awarded (LC-CREDIT)."
    )


@strawberry.type
class SessionsMutation:
    @strawberry.mutation(
        description="Schedule a learning session, a part per day (LC-SESSIONS; faculty)."
    )
    async def lc_schedule_learning_session(
        self, info: Info, input: LcScheduleLearningSessionInput
    ) -> LcLearningSessionPayload:
        values, context = decoded(input), info.context
        values["days"] = list(part_inputs(input.days))
        return await mutate(
            info,
            LcLearningSessionPayload,
            lambda s: service.schedule(s, context.registry, context.viewer, **values),
            lambda pair: {"learning_session": LcLearningSession.of(*pair)},
        )

    @strawberry.mutation(
        description="Record the days of a learning session a team member or coach attended; "
        "credit follows only where a certification sets a rate (LC-CREDIT; faculty)."
    )
    async def lc_record_session_attendance(
        self, info: Info, input: LcRecordSessionAttendanceInput
    ) -> LcSessionAttendancePayload:
        values, context = decoded(input), info.context
        values["part_ids"] = [decode_id(p, "ActivityPart") for p in input.part_ids]
        values["session_id"] = values.pop("activity_id")
        return await mutate(
            info,
            LcSessionAttendancePayload,
            lambda s: service.record_attendance(s, context.registry, context.viewer, **values),
            lambda attended: recorded(attended.participation, attended.award),
        )
