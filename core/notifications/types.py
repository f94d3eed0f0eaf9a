"""GraphQL type of a message recorded for a person."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.graphql.context import Info
from core.graphql.rows import FromRow
from core.notifications import repository


@strawberry.type(description="A message recorded for a person by a program.")
class Notification(FromRow):
    program: str
    kind: str
    message: str
    created_at: datetime
    read_at: datetime | None


async def notifications_of(info: Info, person_id: int) -> list[Notification]:
    """A person's messages (``Person.notifications``), shown to that person alone."""
    if info.context.viewer.person_id != person_id:
        return []
    rows = await info.context.loaders(repository.notifications_by_person).load(person_id)
    return [Notification.from_row(r) for r in rows]
