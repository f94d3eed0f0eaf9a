"""The authorization matrix's rows for core's activity waitlist.

Each case works on a fresh session of organization A held for P's circle, made by the platform
admin: P asks for a seat or leaves the line for themselves, A's staff (and the platform admin)
for anyone; no one else learns the session exists.
"""

from __future__ import annotations

from typing import Any

from tests.activity_parts_support import CREATE, session_input
from tests.authz_matrix_activity_parts import seat_of_p_at_circle_session
from tests.authz_outcomes import P_OR_STAFF_OF_A, Entry, inputs, mutation
from tests.authz_world import World

REQUEST = mutation(
    "requestActivitySeat", "ActivitySeatInput", "seat { registeredAt } waitlistEntry { position }"
)


async def p_waiting_at_full_circle_session(w: World, caller: str) -> dict[str, Any]:
    """P in line for the only seat of a session, which someone else of A holds."""
    made = await w.gql.mutate(
        CREATE, **session_input(w.ids["A"], groupId=w.ids["circle"], capacity=1)
    )
    session = made["activity"]["id"]
    await w.gql.mutate(REQUEST, activityId=session, personId=await w.person_in("A"))
    await w.gql.mutate(REQUEST, activityId=session, personId=w.ids["P"])
    return {"activityId": session, "personId": w.ids["P"]}


ACTIVITY_WAITLIST_MATRIX: dict[str, Entry] = {
    "requestActivitySeat": Entry(REQUEST, inputs(seat_of_p_at_circle_session), P_OR_STAFF_OF_A),
    "leaveActivityWaitlist": Entry(
        mutation("leaveActivityWaitlist", "ActivitySeatInput", "waitlistEntry { leftAt }"),
        inputs(p_waiting_at_full_circle_session),
        P_OR_STAFF_OF_A,
    ),
}
