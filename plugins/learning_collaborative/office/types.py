"""GraphQL types of monthly calls and the virtual office."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from core.activities.types import Activity
from core.graphql.context import Info
from core.graphql.relay import to_global_id
from core.people import repository as people
from core.people.types import Person
from plugins.learning_collaborative.models import OfficeItemKind

LcOfficeItemKind = OfficeItemKind
strawberry.enum(LcOfficeItemKind, name="LcOfficeItemKind")


@strawberry.type(description="A collaborative's monthly call (LC-CALLS).")
class LcMonthlyCall:
    id: strawberry.ID
    month: date
    notes: str | None
    version: int = strawberry.field(
        description="Raised by every change; send it with lcKeepCallNotes to refuse a stale edit."
    )
    activity: Activity = strawberry.field(description="The core activity; its attendance.")

    @classmethod
    def of(cls, call: Any, activity: Any) -> LcMonthlyCall:
        return cls(
            id=to_global_id("LcMonthlyCall", call.activity_id),
            month=call.month,
            notes=call.notes,
            version=call.version,
            activity=Activity.from_row(activity),
        )


@strawberry.type(description="A resource or message in the virtual office (LC-OFFICE).")
class LcOfficeItem:
    id: strawberry.ID
    kind: LcOfficeItemKind
    title: str | None
    url: str | None
    body: str
    created_at: datetime
    author_id: strawberry.Private[int]

    @strawberry.field(description="Who shared or posted it.")
    async def author(self, info: Info) -> Person:
        return Person.from_row(await info.context.loaders(people.people_by_id).load(self.author_id))

    @classmethod
    def of(cls, row: Any) -> LcOfficeItem:
        return cls(
            id=to_global_id("LcOfficeItem", row.id),
            kind=row.kind,
            title=row.title,
            url=row.url,
            body=row.body,
            created_at=row.created_at,
            author_id=row.author_id,
        )
