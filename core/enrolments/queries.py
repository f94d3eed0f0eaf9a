"""Root fields reading enrolments: the caller's own, and an organization's for its staff."""

from __future__ import annotations

import strawberry

from core.enrolments import repository
from core.enrolments.types import Enrolment, EnrolmentState
from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id


@strawberry.type
class EnrolmentsQuery:
    @strawberry.field(
        description="The caller's enrolments (in one program, if given), oldest first.",
        extensions=requires(SignedIn()),
    )
    async def my_enrolments(self, info: Info, program: str | None = None) -> list[Enrolment]:
        person_id = info.context.viewer.require_person()
        async with info.context.db.read() as session:
            rows = await repository.own_enrolments(session, person_id, program)
        return [Enrolment.from_row(row) for row in rows]

    @connection(
        Enrolment,
        description="A program's enrolments in an organization, for its staff, oldest first.",
        extensions=requires(SignedIn()),
    )
    async def enrolments(
        self,
        info: Info,
        organization_id: strawberry.ID,
        program: str,
        state: EnrolmentState | None = None,
    ) -> Rows[Enrolment]:
        organization = decode_id(organization_id, "Organization")
        info.context.viewer.require_staff(organization, program)
        statement = repository.enrolments_in(info.context.viewer, organization, program, state)
        return Rows(statement, Enrolment.from_row)
