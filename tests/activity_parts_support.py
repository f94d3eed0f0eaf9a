"""Documents and helpers for the tests of activities held in parts and of their seats.

The session of the examples is a learning collaborative's two-day learning session (LC-SESSIONS)
held as an example workshop (1 credit per hour from December 2024): from 08:00 on Friday to 17:00
on Saturday, 33 hours of wall clock, in two parts crediting 7 and 6.5 hours."""

from __future__ import annotations

from typing import Any

from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient

STARTS = "2025-03-07T08:00:00-08:00"
ENDS = "2025-03-08T17:00:00-08:00"
DAY_1 = {
    "title": "Day 1",
    "startsAt": "2025-03-07T08:30:00-08:00",
    "endsAt": "2025-03-07T16:30:00-08:00",
    "hours": "7",
}
DAY_2 = {
    "title": "Day 2",
    "startsAt": "2025-03-08T08:30:00-08:00",
    "endsAt": "2025-03-08T16:00:00-08:00",
    "hours": "6.5",
}
PART_FIELDS = "id title startsAt endsAt hours"
ACTIVITY_FIELDS = f"id hours capacity seatsTaken seatsLeft parts {{ {PART_FIELDS} }}"
ERRORS = "errors { code field message }"

CREATE = f"""
mutation($input: CreateActivityInput!) {{
  createActivity(input: $input) {{ activity {{ {ACTIVITY_FIELDS} }} {ERRORS} }}
}}"""

SET_PARTS = f"""
mutation($input: SetActivityPartsInput!) {{
  setActivityParts(input: $input) {{ activity {{ {ACTIVITY_FIELDS} }} {ERRORS} }}
}}"""

ATTEND = f"""
mutation($input: RecordPartAttendanceInput!) {{
  recordPartAttendance(input: $input) {{
    participation {{ id hours parts {{ title }} }}
    creditEntry {{ id amount quantity explanation }}
    {ERRORS}
  }}
}}"""

CORRECT = f"""
mutation($input: CorrectPartAttendanceInput!) {{
  correctPartAttendance(input: $input) {{
    participation {{ id hours parts {{ title }} }}
    reversals {{ amount }} creditEntry {{ amount quantity }}
    {ERRORS}
  }}
}}"""

REGISTER = f"""
mutation($input: ActivitySeatInput!) {{
  registerForActivity(input: $input) {{
    seat {{ registeredAt cancelledAt person {{ id }} activity {{ seatsTaken seatsLeft }} }}
    {ERRORS}
  }}
}}"""

CANCEL = f"""
mutation($input: ActivitySeatInput!) {{
  cancelActivityRegistration(input: $input) {{
    seat {{ cancelledAt activity {{ seatsTaken seatsLeft }} }} {ERRORS}
  }}
}}"""

SET_CAPACITY = f"""
mutation($input: SetActivityCapacityInput!) {{
  setActivityCapacity(input: $input) {{ activity {{ capacity seatsLeft }} {ERRORS} }}
}}"""

ACTIVITY = f"""
query($id: ID!) {{
  node(id: $id) {{
    ... on Activity {{ {ACTIVITY_FIELDS} registrations {{ person {{ id }} cancelledAt }} }}
  }}
}}"""


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def session_input(organization: str, **fields: Any) -> dict[str, Any]:
    """A two-day learning session of organization's, in two parts unless told otherwise."""
    return {
        "organizationId": organization,
        "kind": "example.workshop",
        "title": unique("Learning session"),
        "startsAt": STARTS,
        "endsAt": ENDS,
        "parts": [DAY_1, DAY_2],
    } | fields


async def learning_session(
    gql: GraphQLClient, make: Factory, organization: str | None = None, **fields: Any
) -> dict[str, Any]:
    """A new two-day session (the created activity), failing the test if it is refused."""
    organization = organization or await make.organization()
    payload = await gql.mutate(CREATE, **session_input(organization, **fields))
    return payload["activity"]


async def attend(
    gql: GraphQLClient, activity: dict[str, Any], person: str, *titles: str
) -> dict[str, Any]:
    """Record that the person attended the parts with these titles (the payload)."""
    ids = [part["id"] for part in activity["parts"] if part["title"] in titles]
    return await gql.payload(ATTEND, activityId=activity["id"], personId=person, partIds=ids)
