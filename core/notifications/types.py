"""GraphQL type of a message recorded for a person."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.graphql.connections import PerParent
from core.graphql.context import Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow
from core.notifications import repository


@strawberry.type(description="A message recorded for a person by a program.")
class Notification(Node, FromRow):
    COMPUTED = {
        "due_item_id": lambda row: (
            to_global_id("DueItem", row.due_item_id) if row.due_item_id is not None else None
        )
    }

    program: str
    kind: str
    message: str
    created_at: datetime
    read_at: datetime | None
    due_item_id: strawberry.ID | None = strawberry.field(
        description="The due item a reminder (kind ``<program>.due_item_reminder``) is about."
    )
    reminder_day: int | None = strawberry.field(
        description="Which of the item's reminders it is, in days from its due date (-7: a "
        "week before, 0: on the day, 1: the day after); each is sent once."
    )


def notifications_of(info: Info, person_id: int) -> PerParent[Notification]:
    """A person's messages (``Person.notifications``), shown to that person alone."""
    reader = info.context.viewer.person_id
    return PerParent(
        repository.notification_pages,
        (reader,),
        person_id,
        repository.NEWEST_FIRST,
        Notification.from_row,
    )
