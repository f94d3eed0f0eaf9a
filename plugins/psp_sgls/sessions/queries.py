"""Queries of sessions."""

from __future__ import annotations

import strawberry

from core.activities import repository as activities
from core.catalog.types import Decision
from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id
from plugins.psp_sgls.sessions import repository, service
from plugins.psp_sgls.sessions.types import PspRegistration, PspSession


@strawberry.type
class SessionsQuery:
    @connection(
        PspSession,
        default_first=50,
        description="Sessions whose activity the viewer may see, by series or division.",
    )
    async def psp_sessions(
        self,
        info: Info,
        series_id: strawberry.ID | None = None,
        division_id: strawberry.ID | None = None,
    ) -> Rows[PspSession]:
        info.context.viewer.require_person()
        statement = repository.sessions(
            info.context.viewer,
            decode_id(series_id, "PspSeries") if series_id else None,
            decode_id(division_id, "Organization") if division_id else None,
        )
        return Rows(statement, PspSession.from_row)

    @strawberry.field(
        description="Whether a person (you, unless the division's staff name another) may "
        "register for a session of your division: every rule's verdict with its reason "
        "(SGLS-PARTICIPANTS; SGLS-CAPACITY: seats left, or joining the waitlist). A session "
        "you may not see is refused alike whether or not it exists."
    )
    async def psp_registration_eligibility(
        self, info: Info, session_id: strawberry.ID, person_id: strawberry.ID | None = None
    ) -> Decision:
        viewer, registry = info.context.viewer, info.context.registry
        person = decode_id(person_id, "Person") if person_id else viewer.require_person()
        async with info.context.db.read() as db:
            value = await service.registration_eligibility(
                db,
                registry,
                viewer,
                session_id=decode_id(session_id, "PspSession"),
                person_id=person,
            )
        return Decision.from_value(value)

    @strawberry.field(
        description="The viewer's own registrations: seats held and places on waitlists."
    )
    async def psp_my_registrations(self, info: Info) -> list[PspRegistration]:
        person = info.context.viewer.require_person()
        async with info.context.db.read() as session:
            found = await repository.registrations_of(session, person)
            waited = sorted({row.activity_id for row, seated, _ in found if not seated})
            lines = await activities.waitlists(session, waited)
        line = dict(zip(waited, lines, strict=True))
        return [
            PspRegistration(
                session=PspSession.from_row(row),
                seated=seated,
                waitlisted=not seated,
                position=None
                if seated
                else [e.id for e in line[row.activity_id]].index(waiting) + 1,
            )
            for row, seated, waiting in found
        ]
