"""GraphQL types of calendar feeds."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.calendars.models import FeedKind
from core.graphql.relay import Node
from core.graphql.rows import FromRow

CalendarFeedKind = FeedKind
strawberry.enum(CalendarFeedKind, name="CalendarFeedKind")
ROUTE = "/calendars/{token}.ics"


@strawberry.type(
    description="A private calendar URL; the URL itself is shown once, when it is made."
)
class CalendarFeed(Node, FromRow):
    kind: CalendarFeedKind
    program: str | None
    created_at: datetime
    revoked_at: datetime | None
