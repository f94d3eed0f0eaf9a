"""The root field listing a person's calendar feeds."""

from __future__ import annotations

import strawberry

from core.calendars import repository
from core.calendars.types import CalendarFeed
from core.graphql.connections import Rows, connection
from core.graphql.context import Info


@strawberry.type
class CalendarsQuery:
    @connection(CalendarFeed, description="Your calendar feeds, revoked ones included.")
    async def calendar_feeds(self, info: Info) -> Rows[CalendarFeed]:
        statement = repository.feeds_of(info.context.viewer.require_person())
        return Rows(statement, CalendarFeed.from_row)
