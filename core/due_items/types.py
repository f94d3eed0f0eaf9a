"""GraphQL type of something a person owes."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.due_items import repository
from core.due_items.calendar import DueState, Recurrence, state_on, today
from core.graphql.connections import PerParent
from core.graphql.context import Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow

DueItemState = DueState
strawberry.enum(DueItemState, name="DueItemState")


@strawberry.type(description="How a recurring item's series goes on.")
class DueItemRecurrence:
    months: int = strawberry.field(description="Months from one item of the series to the next.")
    days: int = strawberry.field(description="Days from one item to the next, after the months.")
    every: str = strawberry.field(description='The interval in words ("1 month").')
    count: int | None = strawberry.field(description="How many items the series has, if bounded.")
    occurrence: int = strawberry.field(description="This item's place in its series, from 1.")
    next_due_on: date | None = strawberry.field(
        description="When the next item of the series is due; none after the last."
    )


@strawberry.type(description="Something a person owes by a date.")
class DueItem(Node, FromRow):
    COMPUTED = {
        "follows_id": lambda row: (
            to_global_id("DueItem", row.follows_id) if row.follows_id is not None else None
        )
    }

    program: str
    kind: str
    title: str
    due_on: date
    completed_at: datetime | None
    closed_at: datetime | None = strawberry.field(
        description="When it stopped being owed without being done (the person left its "
        "program): a closed item is neither open nor overdue nor completed."
    )
    follows_id: strawberry.ID | None = strawberry.field(
        description="The item of its series this one recurs after."
    )
    series_starts_on: strawberry.Private[date | None]
    occurrence: strawberry.Private[int | None]

    @strawberry.field(description="Where it stands today (UTC), computed when read.")
    def state(self) -> DueItemState:
        return state_on(today(), self.due_on, self.completed_at, self.closed_at)

    @strawberry.field(description="Still owed and past its due date, as of today (UTC).")
    def is_overdue(self) -> bool:
        return self.state() == DueState.OVERDUE

    @strawberry.field(description="Its series, if its kind recurs (LC-MONTHLY: monthly).")
    def recurrence(self, info: Info) -> DueItemRecurrence | None:
        declared = info.context.registry.due_item_kinds.get(self.kind)
        if declared is None or declared.recurrence is None:
            return None
        occurrence = self.occurrence or 1
        last = declared.recurrence.count is not None and occurrence >= declared.recurrence.count
        return _recurrence(
            declared.recurrence, self.series_starts_on or self.due_on, occurrence, last
        )


def _recurrence(
    recurrence: Recurrence, starts_on: date, occurrence: int, last: bool
) -> DueItemRecurrence:
    return DueItemRecurrence(
        months=recurrence.every.months,
        days=recurrence.every.days,
        every=str(recurrence.every),
        count=recurrence.count,
        occurrence=occurrence,
        next_due_on=None if last else recurrence.due_on(starts_on, occurrence + 1),
    )


def due_items_of(info: Info, person_id: int, include_completed: bool) -> PerParent[DueItem]:
    """A person's dues (``Person.dueItems``): every person on a list in one read."""
    return PerParent(
        repository.due_item_pages,
        (info.context.viewer, include_completed),
        person_id,
        repository.SOONEST_FIRST,
        DueItem.from_row,
    )
