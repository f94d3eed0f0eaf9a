"""The root field listing a person's calendar feeds."""

from __future__ import annotations

import strawberry

from core.calendars import repository
from core.calendars.types import CalendarFeed
from core.graphql.context import Info
from core.graphql.relay import PAGE, Connection, page


@strawberry.type
class CalendarsQuery:
    @strawberry.field(description="Your calendar feeds, revoked ones included.")
    async def calendar_feeds(
        self, info: Info, first: int = PAGE, after: str | None = None
    ) -> Connection[CalendarFeed]:
        statement = repository.feeds_of(info.context.viewer.require_person())
        return await page(info, statement, first=first, after=after, build=CalendarFeed.from_row)
