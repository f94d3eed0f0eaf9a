"""Activities held in parts, through the API on SQLite and PostgreSQL: a two-day learning
session (LC-SESSIONS) credits the hours of its parts, not its wall clock (LC-CREDIT); parts lie
within the activity, never overlap and credit at most their own length; they change only while
no attendance is recorded; an activity without parts works as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.activity_parts_support import (
    CREATE,
    DAY_1,
    DAY_2,
    SET_PARTS,
    attend,
    codes,
    learning_session,
    session_input,
)
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

CORRECT_HOURS = """
mutation($input: CorrectAttendanceInput!) {
  correctAttendance(input: $input) { participation { hours } errors { code field message } }
}"""


async def test_lc_sessions_two_day_session_credits_its_parts_not_its_wall_clock(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)

    assert session["hours"] == "13.50"  # not the 33 hours from Friday 08:00 to Saturday 17:00
    assert [(p["title"], p["hours"]) for p in session["parts"]] == [
        ("Day 1", "7.00"),
        ("Day 2", "6.50"),
    ]


async def test_core_activity_parts_are_kept_in_the_order_they_happen(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, parts=[DAY_2, DAY_1])

    assert [p["title"] for p in session["parts"]] == ["Day 1", "Day 2"]


def _day_1(**changes: str) -> dict[str, str]:
    return DAY_1 | changes


REFUSED_PARTS = {
    "CORE-ACTIVITY-PART-OUTSIDE": [_day_1(startsAt="2025-03-07T07:00:00-08:00")],
    "CORE-ACTIVITY-PART-OVERLAP": [DAY_1, _day_1(title="Lunch talk", hours="1")],
    "CORE-ACTIVITY-PART-TIMES": [_day_1(endsAt=DAY_1["startsAt"])],
    "CORE-ACTIVITY-PART-HOURS": [_day_1(hours="8.01")],  # Day 1 lasts 8 hours
}


@pytest.mark.parametrize("code", REFUSED_PARTS)
async def test_core_activity_part_refused(gql: GraphQLClient, make: Factory, code: str) -> None:
    organization = await make.organization()

    payload = await gql.payload(CREATE, **session_input(organization, parts=REFUSED_PARTS[code]))

    assert codes(payload) == [code]
    assert payload["errors"][0]["field"] == "parts"
    assert payload["activity"] is None


@pytest.mark.parametrize("hours", ["0", "-1", "2.005"])
async def test_core_activity_part_hours_positive_in_hundredths(
    gql: GraphQLClient, make: Factory, hours: str
) -> None:
    organization = await make.organization()

    payload = await gql.payload(CREATE, **session_input(organization, parts=[_day_1(hours=hours)]))

    assert codes(payload) == ["CORE-ACTIVITY-PART-HOURS"]


async def test_core_activity_part_hours_may_be_its_whole_length(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, parts=[_day_1(hours="8")])

    assert session["hours"] == "8.00"


async def test_core_activity_parts_change_while_no_attendance_is_recorded(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)
    longer_day_2 = DAY_2 | {"endsAt": "2025-03-08T17:00:00-08:00", "hours": "7.5"}

    changed = await gql.mutate(SET_PARTS, activityId=session["id"], parts=[DAY_1, longer_day_2])
    removed = await gql.mutate(SET_PARTS, activityId=session["id"], parts=[])

    assert changed["activity"]["hours"] == "14.50"
    assert [p["hours"] for p in changed["activity"]["parts"]] == ["7.00", "7.50"]
    assert removed["activity"]["parts"] == []
    assert removed["activity"]["hours"] == "33.00"  # one block again: its length


async def test_core_activity_part_attended_parts_no_longer_change(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)
    await attend(gql, session, await make.person(), "Day 1")

    payload = await gql.payload(SET_PARTS, activityId=session["id"], parts=[DAY_1])

    assert codes(payload) == ["CORE-ACTIVITY-PART-ATTENDED"]
    assert "recorded already" in payload["errors"][0]["message"]


async def test_core_activity_part_attended_applies_to_hours_recorded_before_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make, parts=None)
    await gql.mutate(
        RECORD_PARTICIPATION, activityId=session["id"], personId=await make.person(), hours="8"
    )

    payload = await gql.payload(SET_PARTS, activityId=session["id"], parts=[DAY_1, DAY_2])

    assert codes(payload) == ["CORE-ACTIVITY-PART-ATTENDED"]


async def test_core_activity_without_parts_records_hours_as_before(
    gql: GraphQLClient, make: Factory
) -> None:
    workshop = await make.activity(hours=3)

    payload = await gql.mutate(
        RECORD_PARTICIPATION, activityId=workshop, personId=await make.person(), hours="2.5"
    )

    assert payload["participation"]["hours"] == "2.50"
    assert payload["creditEntry"]["amount"] == "7.50"  # March 2024: 3 credits per hour


async def _attended_session(gql: GraphQLClient, make: Factory) -> tuple[dict[str, Any], str]:
    session = await learning_session(gql, make)
    payload = await attend(gql, session, await make.person(), "Day 1", "Day 2")
    return session, payload["participation"]["id"]


async def test_core_activity_part_required_to_record_hours_at_a_session_in_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)

    payload = await gql.payload(
        RECORD_PARTICIPATION, activityId=session["id"], personId=await make.person(), hours="7"
    )

    assert codes(payload) == ["CORE-ACTIVITY-PART-REQUIRED"]
    assert payload["participation"] is None


async def test_core_activity_part_required_to_correct_hours_at_a_session_in_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    _, participation = await _attended_session(gql, make)

    payload = await gql.payload(
        CORRECT_HOURS, participationId=participation, hours="7", reason="Left early."
    )

    assert codes(payload) == ["CORE-ACTIVITY-PART-REQUIRED"]


PART_NODE = """
query($id: ID!) { node(id: $id) { ... on ActivityPart { title hours } } }"""


async def test_core_activity_part_is_a_node_seen_by_whoever_sees_its_activity(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    session = await learning_session(gql, make)
    part = session["parts"][1]["id"]
    outsider = client_for(await make.person())

    seen = (await gql.data(PART_NODE, {"id": part}))["node"]
    hidden = (await outsider.data(PART_NODE, {"id": part}))["node"]

    assert (seen, hidden) == ({"title": "Day 2", "hours": "6.50"}, None)
