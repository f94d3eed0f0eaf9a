"""GraphQL type of something a person owes."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.due_items import repository
from core.graphql.context import Info
from core.graphql.relay import Node
from core.graphql.rows import FromRow


@strawberry.type(description="Something a person owes by a date.")
class DueItem(Node, FromRow):
    program: str
    kind: str
    title: str
    due_on: date
    completed_at: datetime | None
    closed_at: datetime | None = strawberry.field(
        description="When it stopped being owed without being done (the person left its "
        "program): a closed item is neither open nor overdue nor completed."
    )


async def due_items_of(info: Info, person_id: int, include_completed: bool) -> list[DueItem]:
    """A person's dues (``Person.dueItems``): every person on a list in one read."""
    loader = info.context.loaders(
        repository.due_items_by_person, info.context.viewer, include_completed
    )
    return [DueItem.from_row(r) for r in await loader.load(person_id)]
