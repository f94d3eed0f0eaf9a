"""The authorization matrix's rows for activities held in parts and for their seats.

Each case works on a fresh two-day session of organization A for the example program, made by
the platform admin: A's staff (and the platform admin) give it parts, record and correct who
attended which, and set its seats. A seat is taken or freed by the person themselves (P, who
sees the session held for P's circle) or by A's staff; no one else learns the session exists.
"""

from __future__ import annotations

from typing import Any

from tests.activity_parts_support import CREATE, DAY_1, session_input
from tests.authz_outcomes import P_OR_STAFF_OF_A, STAFF_OF_A, Entry, inputs, mutation
from tests.authz_world import World

ATTEND = mutation("recordPartAttendance", "RecordPartAttendanceInput", "participation { id }")
REGISTER = mutation("registerForActivity", "ActivitySeatInput", "seat { registeredAt }")


async def _session(w: World, **fields: Any) -> dict[str, Any]:
    payload = await w.gql.mutate(CREATE, **session_input(w.ids["A"], **fields))
    return payload["activity"]


def _part_ids(session: dict[str, Any]) -> list[str]:
    return [part["id"] for part in session["parts"]]


async def parts_for_fresh_session(w: World, caller: str) -> dict[str, Any]:
    return {"activityId": (await _session(w))["id"], "parts": [DAY_1]}


async def attendance_at_fresh_session(w: World, caller: str) -> dict[str, Any]:
    session = await _session(w)
    return {
        "activityId": session["id"],
        "personId": await w.person_in("A"),
        "partIds": _part_ids(session),
    }


async def correction_at_fresh_session(w: World, caller: str) -> dict[str, Any]:
    attended = await attendance_at_fresh_session(w, caller)
    recorded = await w.gql.mutate(ATTEND, **attended)
    return {
        "participationId": recorded["participation"]["id"],
        "partIds": attended["partIds"][:1],
        "reason": "Left after the first day.",
    }


async def seat_of_p_at_circle_session(w: World, caller: str) -> dict[str, Any]:
    session = await _session(w, groupId=w.ids["circle"], capacity=12)
    return {"activityId": session["id"], "personId": w.ids["P"]}


async def registered_seat_of_p(w: World, caller: str) -> dict[str, Any]:
    seat = await seat_of_p_at_circle_session(w, caller)
    await w.gql.mutate(REGISTER, **seat)
    return seat


async def capacity_of_fresh_session(w: World, caller: str) -> dict[str, Any]:
    return {"activityId": (await _session(w))["id"], "capacity": 12}


ACTIVITY_PARTS_MATRIX: dict[str, Entry] = {
    "setActivityParts": Entry(
        mutation("setActivityParts", "SetActivityPartsInput", "activity { id }"),
        inputs(parts_for_fresh_session),
        STAFF_OF_A,
    ),
    "recordPartAttendance": Entry(ATTEND, inputs(attendance_at_fresh_session), STAFF_OF_A),
    "correctPartAttendance": Entry(
        mutation("correctPartAttendance", "CorrectPartAttendanceInput", "participation { id }"),
        inputs(correction_at_fresh_session),
        STAFF_OF_A,
    ),
    "registerForActivity": Entry(REGISTER, inputs(seat_of_p_at_circle_session), P_OR_STAFF_OF_A),
    "cancelActivityRegistration": Entry(
        mutation("cancelActivityRegistration", "ActivitySeatInput", "seat { cancelledAt }"),
        inputs(registered_seat_of_p),
        P_OR_STAFF_OF_A,
    ),
    "setActivityCapacity": Entry(
        mutation("setActivityCapacity", "SetActivityCapacityInput", "activity { capacity }"),
        inputs(capacity_of_fresh_session),
        STAFF_OF_A,
    ),
}
