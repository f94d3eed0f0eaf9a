"""The authorization matrix's rows for calendar feeds: anyone signed in makes their own, lists
their own, and only its owner revokes one."""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    ALLOW,
    DENY,
    P_ONLY,
    Entry,
    expect,
    inputs,
    mutation,
    no_variables,
    seen,
)
from tests.authz_world import PHYSICIAN, World

CREATE_FEED = """
mutation($input: CreateCalendarFeedInput!) {
  createCalendarFeed(input: $input) { feed { id } errors { code } }
}"""


async def own_calendar(w: World, caller: str) -> dict[str, Any]:
    return {"program": None}


async def feed_of_p(w: World, caller: str) -> dict[str, Any]:
    made = await w.client(PHYSICIAN).mutate(CREATE_FEED, program=None)
    return {"feedId": made["feed"]["id"]}


CALENDARS_MATRIX: dict[str, Entry] = {
    "calendarFeeds": Entry(
        "query { calendarFeeds { nodes { kind } } }",
        no_variables,
        expect(
            anonymous=DENY,
            physician=seen(),
            other_physician=seen(),
            guide=seen(),
            coordinator_a=seen(),
            staff_b=seen(),
            admin=seen(),
        ),
    ),
    "createCalendarFeed": Entry(
        mutation("createCalendarFeed", "CreateCalendarFeedInput", "path"),
        inputs(own_calendar),
        expect(
            anonymous=DENY,
            physician=ALLOW,
            other_physician=ALLOW,
            guide=ALLOW,
            coordinator_a=ALLOW,
            staff_b=ALLOW,
            admin=ALLOW,
        ),
    ),
    "revokeCalendarFeed": Entry(
        mutation("revokeCalendarFeed", "RevokeCalendarFeedInput", "feed { revokedAt }"),
        inputs(feed_of_p),
        P_ONLY,
    ),
}
