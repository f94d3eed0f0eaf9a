"""My program's fields and types, all carrying its prefix. Resolvers decode, call one service
and map; the access checks are the fields' ``requires`` and the service's."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id, decoded, node_id
from core.graphql.rows import FromRow
from my_program import service


@strawberry.type(description="A line of a person's learning log.")
class MyProgramEntry(FromRow):
    text: str
    created_at: datetime


@strawberry.type
class MyProgramQuery:
    @strawberry.field(
        description="A person's learning log: for whoever may see the person.",
        extensions=requires(SignedIn()),
    )
    async def my_program_entries(
        self, info: Info, person_id: strawberry.ID
    ) -> list[MyProgramEntry]:
        pk = decode_id(person_id, "Person")
        async with info.context.db.read() as session:
            rows = await service.entries(session, info.context.viewer, pk)
        return [MyProgramEntry.from_row(row) for row in rows]


@strawberry.input
class MyProgramAddEntryInput:
    person_id: strawberry.ID = node_id("Person")
    text: str


@strawberry.type
class MyProgramAddEntryPayload(Payload):
    entry: MyProgramEntry | None = None


@strawberry.type
class MyProgramMutation:
    @strawberry.mutation(
        description="Write a line of a learning log: its person, or the program's staff.",
        extensions=requires(SignedIn()),
    )
    async def my_program_add_entry(
        self, info: Info, input: MyProgramAddEntryInput
    ) -> MyProgramAddEntryPayload:
        values, viewer = decoded(input), info.context.viewer
        return await mutate(
            info,
            MyProgramAddEntryPayload,
            lambda session: service.add_entry(session, viewer, **values),
            lambda entry: {"entry": MyProgramEntry.from_row(entry)},
        )
