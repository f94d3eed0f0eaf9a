"""Root fields of the transcript: a person's, and the credit systems it judges by."""

from __future__ import annotations

from datetime import date

import strawberry

from core.audit.service import TRANSCRIPT_READ
from core.db import utcnow
from core.graphql.context import Info
from core.graphql.relay import decode_id
from core.transcripts.record_types import CreditSystem, credit_systems
from core.transcripts.service import report
from core.transcripts.types import Transcript


@strawberry.type
class TranscriptsQuery:
    @strawberry.field(
        description="A person's credits across every program and their own record, judged "
        "against their College's cycle (or the cycle from cycleStart, in their system)."
    )
    async def transcript(
        self, info: Info, person_id: strawberry.ID, cycle_start: date | None = None
    ) -> Transcript:
        pk, context = decode_id(person_id, "Person"), info.context
        async with context.loaders.read() as session:  # the query's one session
            found = await report(
                session, context.registry, context.viewer, pk, cycle_start, utcnow().date()
            )
        context.audited_reads.add((TRANSCRIPT_READ, pk))
        return Transcript.of(found, context.registry, cycle_start)

    @strawberry.field(
        description="The credit systems peerlearn judges transcripts by, with their rules."
    )
    def credit_systems(self) -> list[CreditSystem]:
        return credit_systems()
