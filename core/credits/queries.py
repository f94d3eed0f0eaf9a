"""Root fields about credits: certifications."""

from __future__ import annotations

import strawberry

from core.credits import repository
from core.credits.types import Certification
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
