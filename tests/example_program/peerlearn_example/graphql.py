"""The example program's slice of the API: its fields and types carry its ``ex`` prefix."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import require_staff_over, require_visible
from core.graphql.context import Info
from core.graphql.errors import UserError, mutate
from core.graphql.relay import decode_id
from core.people.models import Person as PersonRow
from peerlearn_example.models import Note


@strawberry.type(description="A note a person kept about their learning.")
class ExNote:
    text: str


@strawberry.type
class ExQuery:
    @strawberry.field(description="Notes a person kept: for whoever may see the person.")
    async def ex_notes(self, info: Info, person_id: strawberry.ID) -> list[ExNote]:
        pk = decode_id(person_id, "Person")
        async with info.context.db.read() as session:
            await require_visible(session, info.context.viewer, PersonRow, pk)
            rows = (await session.scalars(select(Note).where(Note.person_id == pk))).all()
        return [ExNote(text=r.text) for r in rows]


@strawberry.input
class ExAddNoteInput:
    person_id: strawberry.ID
    text: str


@strawberry.type
class ExAddNotePayload:
    errors: list[UserError]
    note: ExNote | None = None


@strawberry.type
class ExMutation:
    @strawberry.mutation(description="Keep a note: the person themselves, or the program's staff.")
    async def ex_add_note(self, info: Info, input: ExAddNoteInput) -> ExAddNotePayload:
        pk = decode_id(input.person_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            viewer = info.context.viewer
            await require_visible(session, viewer, PersonRow, pk)
            if viewer.person_id != pk:
                await require_staff_over(session, viewer, pk, "example")
            session.add(Note(person_id=pk, text=input.text))
            return {"note": ExNote(text=input.text)}

        return await mutate(info, ExAddNotePayload, work)
