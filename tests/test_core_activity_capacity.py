"""Seats that belong to an activity rather than a group (SGLS-CAPACITY: a small group learning
session holds at most 12), through the API on SQLite and PostgreSQL: registrations and attendance
hold places, the last seat is never given twice under concurrent requests, and every refusal
names the seats left."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.activity_parts_support import (
    ACTIVITY,
    CANCEL,
    CREATE,
    REGISTER,
    SET_CAPACITY,
    attend,
    codes,
    learning_session,
    session_input,
)
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

CONCURRENT = 24


async def _register(gql: GraphQLClient, session: dict[str, Any], person: str) -> dict[str, Any]:
    return await gql.payload(REGISTER, activityId=session["id"], personId=person)


async def _attend_day_1(gql: GraphQLClient, session: dict[str, Any], person: str) -> dict[str, Any]:
    return await attend(gql, session, person, "Day 1")


@pytest.mark.parametrize("take", [_register, _attend_day_1], ids=["registrations", "attendance"])
async def test_sgls_capacity_holds_under_24_concurrent_requests(
    gql: GraphQLClient, make: Factory, take: Callable[..., Awaitable[dict[str, Any]]]
) -> None:
    organization = await make.organization()
    session = await learning_session(gql, make, organization, capacity=12)
    people = [await make.person(organization=organization) for _ in range(CONCURRENT)]

    payloads = await asyncio.gather(*(take(gql, session, p) for p in people))

    refused = [p for p in payloads if p["errors"]]
    assert len(refused) == CONCURRENT - 12
    assert {c for p in refused for c in codes(p)} == {"CORE-ACTIVITY-FULL"}
    assert all("all 12 seats are taken, 0 left" in p["errors"][0]["message"] for p in refused)
    now = (await gql.data(ACTIVITY, {"id": session["id"]}))["node"]
    assert (now["seatsTaken"], now["seatsLeft"]) == (12, 0)


async def test_core_activity_registration_counts_down_the_seats_left(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, capacity=3)

    payload = await gql.mutate(REGISTER, activityId=session["id"], personId=await make.person())

    assert payload["seat"]["activity"] == {"seatsTaken": 1, "seatsLeft": 2}
    assert payload["seat"]["cancelledAt"] is None


async def test_core_activity_registered_already_holds_a_place(
    gql: GraphQLClient, make: Factory
) -> None:
    session, person = await learning_session(gql, make, capacity=3), await make.person()
    await gql.mutate(REGISTER, activityId=session["id"], personId=person)

    payload = await gql.payload(REGISTER, activityId=session["id"], personId=person)

    assert codes(payload) == ["CORE-ACTIVITY-REGISTERED"]


async def test_core_activity_full_attendance_of_a_registered_person_keeps_their_seat(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, capacity=1)
    registered, walk_in = await make.person(), await make.person()
    await gql.mutate(REGISTER, activityId=session["id"], personId=registered)

    attended = await attend(gql, session, registered, "Day 1")
    refused = await attend(gql, session, walk_in, "Day 1")

    assert attended["errors"] == []
    assert codes(refused) == ["CORE-ACTIVITY-FULL"]
    assert "all 1 seats are taken, 0 left" in refused["errors"][0]["message"]


async def test_core_activity_cancelled_registration_frees_its_seat(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, capacity=1)
    first, second = await make.person(), await make.person()
    await gql.mutate(REGISTER, activityId=session["id"], personId=first)

    cancelled = await gql.mutate(CANCEL, activityId=session["id"], personId=first)
    taken = await gql.payload(REGISTER, activityId=session["id"], personId=second)

    assert cancelled["seat"]["cancelledAt"] is not None
    assert cancelled["seat"]["activity"] == {"seatsTaken": 0, "seatsLeft": 1}
    assert taken["errors"] == []


async def test_core_activity_not_registered_has_no_seat_to_cancel(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, capacity=2)

    payload = await gql.payload(CANCEL, activityId=session["id"], personId=await make.person())

    assert codes(payload) == ["CORE-ACTIVITY-NOT-REGISTERED"]


async def test_core_activity_capacity_never_below_the_places_held(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, capacity=5)
    for _ in range(3):
        await gql.mutate(REGISTER, activityId=session["id"], personId=await make.person())

    refused = await gql.payload(SET_CAPACITY, activityId=session["id"], capacity=2)
    resized = await gql.mutate(SET_CAPACITY, activityId=session["id"], capacity=3)
    unbounded = await gql.mutate(SET_CAPACITY, activityId=session["id"], capacity=None)

    assert codes(refused) == ["CORE-ACTIVITY-CAPACITY"]
    assert "3 places are held already" in refused["errors"][0]["message"]
    assert resized["activity"] == {"capacity": 3, "seatsLeft": 0}
    assert unbounded["activity"] == {"capacity": None, "seatsLeft": None}


async def test_core_activity_capacity_at_least_one_seat(gql: GraphQLClient, make: Factory) -> None:
    payload = await gql.payload(CREATE, **session_input(await make.organization(), capacity=0))

    assert codes(payload) == ["CORE-ACTIVITY-CAPACITY"]


async def test_core_activity_without_capacity_registers_anyone(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)
    for _ in range(3):
        await gql.mutate(REGISTER, activityId=session["id"], personId=await make.person())

    now = (await gql.data(ACTIVITY, {"id": session["id"]}))["node"]
    assert (now["capacity"], now["seatsTaken"], now["seatsLeft"]) == (None, 3, None)


async def test_core_activity_member_registers_self_and_sees_only_own_seat(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    organization = await make.organization()
    group = await make.group(organization=organization)
    session = await learning_session(gql, make, organization, capacity=12, groupId=group)
    member, other = await make.person(), await make.person()
    await gql.mutate(JOIN_GROUP, groupId=group, personId=member)
    await gql.mutate(REGISTER, activityId=session["id"], personId=other)
    as_member = client_for(member)

    payload = await as_member.payload(REGISTER, activityId=session["id"], personId=member)
    seen = (await as_member.data(ACTIVITY, {"id": session["id"]}))["node"]

    assert payload["errors"] == []
    assert seen["seatsTaken"] == 2
    assert seen["registrations"] == [{"person": {"id": member}, "cancelledAt": None}]
