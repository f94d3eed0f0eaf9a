"""The example program's slice of the API: its fields and types carry its ``ex`` prefix.
Resolvers decode, call one service and map; the rules are in ``service.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.catalog.types import Decision
from core.credits.achievements import AchievementAward
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import UserError, mutate
from core.graphql.relay import decode_id, decoded, node_id
from core.graphql.rows import FromRow
from peerlearn_example import service


@strawberry.type(description="A note a person kept about their learning.")
class ExNote(FromRow):
    text: str


@strawberry.type
class ExQuery:
    @strawberry.field(description="Notes a person kept: for whoever may see the person.")
    async def ex_notes(self, info: Info, person_id: strawberry.ID) -> list[ExNote]:
        pk = decode_id(person_id, "Person")
        async with info.context.db.read() as session:
            rows = await service.notes(session, info.context.viewer, pk)
        return [ExNote.from_row(r) for r in rows]


@strawberry.input
class ExAddNoteInput:
    person_id: strawberry.ID = node_id("Person")
    text: str


@strawberry.type
class ExAddNotePayload:
    errors: list[UserError]
    note: ExNote | None = None


@strawberry.input
class ExCompleteExerciseInput:
    person_id: strawberry.ID = node_id("Person")
    organization_id: strawberry.ID = node_id("Organization")
    exercise: str
    completed_on: date


@strawberry.type
class ExCompleteExercisePayload:
    errors: list[UserError]
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None
    recorded: bool = False


def _completed(award: AchievementAward) -> dict[str, Any]:
    return {
        "credit_entry": CreditEntry.from_row(award.entry) if award.entry else None,
        "credit_decision": Decision.from_value(award.decision),
        "recorded": award.recorded,
    }


@strawberry.type
class ExAchievementMutation:
    @strawberry.mutation(
        description="Staff record a completed exercise: a fixed credit, awarded once."
    )
    async def ex_complete_exercise(
        self, info: Info, input: ExCompleteExerciseInput
    ) -> ExCompleteExercisePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            ExCompleteExercisePayload,
            lambda s: service.complete_exercise(s, context.registry, context.viewer, **values),
            _completed,
        )


@strawberry.type
class ExMutation(ExAchievementMutation):
    @strawberry.mutation(description="Keep a note: the person themselves, or the program's staff.")
    async def ex_add_note(self, info: Info, input: ExAddNoteInput) -> ExAddNotePayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            ExAddNotePayload,
            lambda s: service.add_note(s, viewer, **values),
            lambda note: {"note": ExNote.from_row(note)},
        )
