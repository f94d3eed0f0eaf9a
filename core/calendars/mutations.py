"""Mutations making and revoking calendar feeds."""

from __future__ import annotations

import strawberry

from core.calendars import service
from core.calendars.models import CalendarFeed as CalendarFeedRow
from core.calendars.types import ROUTE, CalendarFeed
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input
class CreateCalendarFeedInput:
    program: str | None = strawberry.field(
        default=None,
        description="A program's sessions open for registration; none: your own calendar.",
    )


@strawberry.input
class RevokeCalendarFeedInput:
    feed_id: strawberry.ID = node_id("CalendarFeed")


@strawberry.type
class CreateCalendarFeedPayload(Payload):
    feed: CalendarFeed | None = None
    path: str | None = strawberry.field(
        default=None,
        description="The feed's path on this service, with its secret token: give the full "
        "URL to a calendar app. It is not shown again.",
    )


@strawberry.type
class RevokeCalendarFeedPayload(Payload):
    feed: CalendarFeed | None = None


def _created(made: tuple[CalendarFeedRow, str]) -> dict[str, object]:
    feed, token = made
    return {"feed": CalendarFeed.from_row(feed), "path": ROUTE.format(token=token)}


@strawberry.type
class CalendarsMutation:
    @strawberry.mutation(
        description="A private iCalendar URL of your sessions, calls and due dates, or of a "
        "program's sessions."
    )
    async def create_calendar_feed(
        self, info: Info, input: CreateCalendarFeedInput
    ) -> CreateCalendarFeedPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            CreateCalendarFeedPayload,
            lambda s: service.create_feed(s, context.registry, context.viewer, **values),
            _created,
        )

    @strawberry.mutation(description="Stop a calendar URL working.")
    async def revoke_calendar_feed(
        self, info: Info, input: RevokeCalendarFeedInput
    ) -> RevokeCalendarFeedPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            RevokeCalendarFeedPayload,
            lambda s: service.revoke_feed(s, context.viewer, **values),
            lambda row: {"feed": CalendarFeed.from_row(row)},
        )
