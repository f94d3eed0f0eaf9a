"""Root fields about who is who: the viewer, organizations and people."""

from __future__ import annotations

import strawberry

from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.people import repository
from core.people.service import search_text
from core.people.types import Organization, Person


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="The person asking (null when not signed in).")
    async def me(self, info: Info) -> Person | None:
        viewer = info.context.viewer
        if viewer.person_id is None:
            return None
        row = await info.context.loaders(repository.people_by_id).load(viewer.person_id)
        return Person.from_row(row)

    @connection(Organization, description="Organizations (public), in the order they were added.")
    async def organizations(self, info: Info) -> Rows[Organization]:
        statement = repository.organizations()
        return Rows(statement, Organization.from_row)

    @connection(
        Person,
        description="People, optionally matching a name or email; the deactivated only when "
        "includeDeactivated is true.",
    )
    async def people(
        self,
        info: Info,
        search: str | None = None,
        include_deactivated: bool = False,
    ) -> Rows[Person]:
        statement = repository.people(info.context.viewer, search_text(search), include_deactivated)
        return Rows(statement, Person.from_row)
