"""Calendar feeds: a private iCalendar URL of a person's sessions, calls and due dates, or of
a program's sessions open for registration, fetched by a calendar app with no sign-in and
ended by revoking it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import select

from core.calendars.models import CalendarFeed
from core.calendars.service import token_digest
from core.db import Database
from tests.factories import CREATE_ACTIVITY, JOIN_GROUP, RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

Clients = Callable[[int | str | None], GraphQLClient]
CREATE = """
mutation($input: CreateCalendarFeedInput!) {
  createCalendarFeed(input: $input) { feed { id kind program revokedAt } path errors { code } }
}"""
REVOKE = """
mutation($input: RevokeCalendarFeedInput!) {
  revokeCalendarFeed(input: $input) { feed { id revokedAt } errors { code } }
}"""
REGISTER = """
mutation($input: ActivitySeatInput!) { registerForActivity(input: $input) { errors { code } } }"""
DUE = """
mutation($input: CreateDueItemInput!) {
  createDueItem(input: $input) { dueItem { id } errors { code } }
}"""
START = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
END = START + timedelta(hours=2)


async def _activity(gql: GraphQLClient, organization: str, title: str, **fields: object) -> str:
    payload = await gql.mutate(
        CREATE_ACTIVITY,
        organizationId=organization,
        kind="example.workshop",
        title=title,
        startsAt=START.isoformat(),
        endsAt=END.isoformat(),
        **fields,
    )
    return payload["activity"]["id"]


async def _fetch(http: httpx.AsyncClient, path: str) -> httpx.Response:
    return await http.get(path)


def _events(response: httpx.Response) -> dict[str, object]:
    """Each VEVENT by summary."""
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


async def test_person_feed_lists_their_sessions_with_times_places_and_due_dates(
    gql: GraphQLClient, make: Factory, client_for: Clients, http: httpx.AsyncClient
) -> None:
    organization = await make.organization()
    person = await make.person(organization=organization)
    group = await make.group(organization=organization)
    await gql.mutate(JOIN_GROUP, groupId=group, personId=person)
    seated = await _activity(gql, organization, "Registered session", capacity=10)
    await gql.mutate(REGISTER, activityId=seated, personId=person)
    await _activity(gql, organization, "Group call", groupId=group, location="Zoom")
    attended = await _activity(gql, organization, "Attended workshop")
    await gql.mutate(RECORD_PARTICIPATION, activityId=attended, personId=person, hours="2")
    await _activity(gql, organization, "Someone else's session")
    due_on = date.today() + timedelta(days=30)
    await gql.mutate(
        DUE,
        personId=person,
        program="example",
        kind="example.reading",
        title="Reading before the workshop",
        dueOn=due_on.isoformat(),
    )
    feed = await client_for(person).mutate(CREATE, program=None)

    response = await _fetch(http, feed["path"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert set(events) == {
        "Registered session",
        "Group call",
        "Attended workshop",
        "Due: Reading before the workshop",
        "Due: Reflect on Attended workshop",  # the example program's, after attending
    }
    call = events["Group call"]
    assert (call["dtstart"].dt, call["dtend"].dt, str(call["location"])) == (START, END, "Zoom")
    assert call["dtstart"].dt.utcoffset() == timedelta(0)
    assert events["Due: Reading before the workshop"]["dtstart"].dt == due_on


async def test_program_feed_lists_the_programs_sessions_open_for_registration(
    gql: GraphQLClient, make: Factory, client_for: Clients, http: httpx.AsyncClient
) -> None:
    organization = await make.organization()
    person = await make.person(organization=organization)
    await _activity(gql, organization, "Open session", capacity=12, location="Room 4")
    await _activity(gql, organization, "A group's own call")
    feed = await client_for(person).mutate(CREATE, program="example")

    events = _events(await _fetch(http, feed["path"]))

    assert feed["feed"]["kind"] == "PROGRAM"
    assert "Open session" in events
    assert "A group's own call" not in events
    assert str(events["Open session"]["location"]) == "Room 4"


async def test_revoked_feed_stops_at_once_and_only_its_owner_revokes_it(
    make: Factory, client_for: Clients, http: httpx.AsyncClient
) -> None:
    owner, other = await make.person(), await make.person()
    feed = await client_for(owner).mutate(CREATE, program=None)

    refused = await client_for(other).execute(REVOKE, {"input": {"feedId": feed["feed"]["id"]}})
    still = await _fetch(http, feed["path"])
    revoked = await client_for(owner).mutate(REVOKE, feedId=feed["feed"]["id"])
    after = await _fetch(http, feed["path"])

    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert still.status_code == 200
    assert revoked["feed"]["revokedAt"] is not None
    assert after.status_code == 404
    assert after.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("path", ["/calendars/not-a-token.ics", "/calendars/.ics"])
async def test_unknown_calendar_token_finds_nothing(http: httpx.AsyncClient, path: str) -> None:
    response = await _fetch(http, path)

    assert response.status_code == 404


async def test_calendar_feed_token_is_shown_once_and_kept_as_a_digest(
    make: Factory, client_for: Clients, database: Database
) -> None:
    person = await make.person()
    client = client_for(person)
    feed = await client.mutate(CREATE, program=None)

    listed = await client.data("query { calendarFeeds { nodes { id kind } } }")
    token = feed["path"].removeprefix("/calendars/").removesuffix(".ics")

    assert listed["calendarFeeds"]["nodes"] == [{"id": feed["feed"]["id"], "kind": "PERSON"}]
    assert len(token) >= 43
    async with database.read() as session:
        stored = (await session.scalars(select(CalendarFeed.token_sha256))).all()
    assert token_digest(token) in stored
    assert all(token not in digest for digest in stored)


@pytest.mark.parametrize("program", ["core", "no_such_program"])
async def test_program_feed_only_of_a_program_that_runs_here(
    make: Factory, client_for: Clients, program: str
) -> None:
    payload = await client_for(await make.person()).payload(CREATE, program=program)

    assert [e["code"] for e in payload["errors"]] == ["INVALID"]
