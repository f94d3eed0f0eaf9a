"""Core's waitlist of an activity whose seats belong to it, through the API on SQLite and
PostgreSQL: asking for a seat at a full activity takes a place in line, in order; a person sees
their own position and may leave; a seat freed (a cancellation, more seats) goes to the first
still waiting in the same transaction, who is told; and under concurrent requests the seats
never exceed the capacity while everyone else is numbered in line without gaps or ties."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tests.activity_parts_support import CANCEL, SET_CAPACITY, codes, learning_session
from tests.enrolment_support import notifications
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

CONCURRENT = 20
ERRORS = "errors { code field message }"
ENTRY = "person { id } position waitlistedAt promotedAt leftAt"

REQUEST = f"""
mutation($input: ActivitySeatInput!) {{
  requestActivitySeat(input: $input) {{
    seat {{ person {{ id }} }} waitlistEntry {{ {ENTRY} }} {ERRORS}
  }}
}}"""

LEAVE = f"""
mutation($input: ActivitySeatInput!) {{
  leaveActivityWaitlist(input: $input) {{ waitlistEntry {{ {ENTRY} }} {ERRORS} }}
}}"""

WAITLIST = f"""
query($id: ID!) {{
  node(id: $id) {{ ... on Activity {{ seatsTaken seatsLeft waitlist {{ {ENTRY} }} }} }}
}}"""


async def _request(gql: GraphQLClient, activity: str, person: str) -> dict[str, Any]:
    return await gql.payload(REQUEST, activityId=activity, personId=person)


async def _line(gql: GraphQLClient, activity: str) -> list[tuple[str, int]]:
    node = (await gql.data(WAITLIST, {"id": activity}))["node"]
    return [(e["person"]["id"], e["position"]) for e in node["waitlist"]]


async def _full(gql: GraphQLClient, make: Factory, capacity: int, waiting: int) -> tuple[str, ...]:
    """A session of ``capacity`` seats, all taken, and ``waiting`` people in line (in order):
    the session's id, then the seated, then those waiting."""
    activity = (await learning_session(gql, make, capacity=capacity))["id"]
    people = [await make.person() for _ in range(capacity + waiting)]
    for person in people:
        assert (await _request(gql, activity, person))["errors"] == []
    return activity, *people


async def test_core_waitlist_full_activity_places_people_in_line_in_order(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = (await learning_session(gql, make, capacity=1))["id"]
    seated, first, second = [await make.person() for _ in range(3)]

    took = await _request(gql, activity, seated)
    lined = [await _request(gql, activity, p) for p in (first, second)]

    assert took["seat"] == {"person": {"id": seated}}
    assert took["waitlistEntry"] is None
    assert [p["seat"] for p in lined] == [None, None]
    assert [p["waitlistEntry"]["position"] for p in lined] == [1, 2]
    assert await _line(gql, activity) == [(first, 1), (second, 2)]


async def test_core_waitlist_already_waiting_is_refused_with_the_position(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, *_, second = await _full(gql, make, 1, 2)

    again = await _request(gql, activity, second)

    assert codes(again) == ["CORE-ACTIVITY-REGISTERED"]
    assert "(position 2)" in again["errors"][0]["message"]


async def test_core_waitlist_person_sees_only_their_own_place(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    organization = await make.organization()
    group = await make.group(organization=organization)
    made = await learning_session(gql, make, organization, capacity=1, groupId=group)
    activity = made["id"]
    people = [await make.person() for _ in range(3)]
    for person in people:
        await gql.mutate(JOIN_GROUP, groupId=group, personId=person)
    seated, first, second = people
    await _request(client_for(seated), activity, seated)
    await _request(client_for(first), activity, first)

    mine = await _request(client_for(second), activity, second)

    assert mine["waitlistEntry"]["position"] == 2
    assert await _line(client_for(second), activity) == [(second, 2)]
    assert await _line(client_for(seated), activity) == []


async def test_core_waitlist_leaving_moves_those_behind_up(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, _, first, second, third = await _full(gql, make, 1, 3)

    left = await gql.mutate(LEAVE, activityId=activity, personId=second)

    assert left["waitlistEntry"]["leftAt"] is not None
    assert left["waitlistEntry"]["position"] is None
    assert await _line(gql, activity) == [(first, 1), (third, 2)]


async def test_core_waitlist_leaving_again_is_refused(gql: GraphQLClient, make: Factory) -> None:
    activity, seated, waiting = await _full(gql, make, 1, 1)
    await gql.mutate(LEAVE, activityId=activity, personId=waiting)

    payloads = [
        await gql.payload(LEAVE, activityId=activity, personId=p) for p in (waiting, seated)
    ]

    assert [codes(p) for p in payloads] == [["CORE-ACTIVITY-NOT-WAITING"]] * 2


async def test_core_waitlist_joining_again_goes_to_the_back(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, _, first, second = await _full(gql, make, 1, 2)
    await gql.mutate(LEAVE, activityId=activity, personId=first)

    back = await _request(gql, activity, first)

    assert back["waitlistEntry"]["position"] == 2
    assert await _line(gql, activity) == [(second, 1), (first, 2)]


async def test_core_waitlist_cancelled_seat_goes_to_the_first_waiting_who_is_told(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    activity, seated, first, second = await _full(gql, make, 1, 2)

    cancelled = await gql.mutate(CANCEL, activityId=activity, personId=seated)

    assert cancelled["seat"]["activity"] == {"seatsTaken": 1, "seatsLeft": 0}
    assert await _line(gql, activity) == [(second, 1)]
    assert codes(await _request(gql, activity, first)) == ["CORE-ACTIVITY-REGISTERED"]
    told = await notifications(client_for(first))
    assert [kind for kind, _ in told] == ["example.seat_promoted"]
    assert await notifications(client_for(second)) == []


async def test_core_waitlist_more_seats_go_to_those_waiting_in_order(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, _, first, second, third = await _full(gql, make, 1, 3)

    raised = await gql.mutate(SET_CAPACITY, activityId=activity, capacity=3)

    assert raised["activity"] == {"capacity": 3, "seatsLeft": 0}
    assert await _line(gql, activity) == [(third, 1)]
    again = [codes(await _request(gql, activity, p)) for p in (first, second)]
    assert again == [["CORE-ACTIVITY-REGISTERED"]] * 2


async def test_core_waitlist_capacity_holds_under_concurrent_requests(
    gql: GraphQLClient, make: Factory
) -> None:
    activity = (await learning_session(gql, make, capacity=12))["id"]
    people = [await make.person() for _ in range(CONCURRENT)]

    payloads = await asyncio.gather(*(_request(gql, activity, p) for p in people))

    assert [p["errors"] for p in payloads] == [[]] * CONCURRENT
    assert sum(p["seat"] is not None for p in payloads) == 12
    positions = sorted(p["waitlistEntry"]["position"] for p in payloads if p["waitlistEntry"])
    assert positions == list(range(1, CONCURRENT - 12 + 1))
    node = (await gql.data(WAITLIST, {"id": activity}))["node"]
    assert (node["seatsTaken"], node["seatsLeft"], len(node["waitlist"])) == (12, 0, 8)


async def test_core_waitlist_concurrent_cancellations_promote_each_waiting_once(
    gql: GraphQLClient, make: Factory
) -> None:
    activity, *people = await _full(gql, make, 4, 6)
    seated, waiting = people[:4], people[4:]

    await asyncio.gather(*(gql.mutate(CANCEL, activityId=activity, personId=p) for p in seated[:3]))

    node = (await gql.data(WAITLIST, {"id": activity}))["node"]
    assert (node["seatsTaken"], node["seatsLeft"]) == (4, 0)
    assert [(e["person"]["id"], e["position"]) for e in node["waitlist"]] == [
        (waiting[3], 1),
        (waiting[4], 2),
        (waiting[5], 3),
    ]
