"""Root fields about credits: certifications and a person's transcript."""

from __future__ import annotations

from datetime import date

import strawberry

from core.credits import repository
from core.credits.transcript import transcript
from core.credits.types import Certification, Transcript, requirements
from core.db import utcnow
from core.graphql.context import Info
from core.graphql.relay import decode_id


@strawberry.type
class CreditsQuery:
    @strawberry.field(
        description="Certifications and the rates they carry, by period, with where each "
        "stands (of one program, activity kind or activity, when given)."
    )
    async def certifications(
        self,
        info: Info,
        program: str | None = None,
        activity_kind: str | None = None,
        activity_id: strawberry.ID | None = None,
    ) -> list[Certification]:
        activity = decode_id(activity_id, "Activity") if activity_id is not None else None
        async with info.context.db.read() as session:
            rows = await repository.certifications(
                session, info.context.viewer, program, activity_kind, activity
            )
        return [Certification.from_row(r) for r in rows]

    @strawberry.field(description="A person's credits across every program, with cycle progress.")
    async def transcript(
        self, info: Info, person_id: strawberry.ID, cycle_start: date | None = None
    ) -> Transcript:
        pk, context = decode_id(person_id, "Person"), info.context
        async with context.db.read() as session:
            data = await transcript(session, context.viewer, pk, cycle_start, utcnow().date())
        return Transcript.from_data(data, requirements(info), cycle_start)
