"""The authorization matrix's rows for the enrolments slice's root fields and mutations.

Each mutation case works on a fresh enrolment of a fresh person of organization A in the
example program: A's staff (and the platform admin) decide, withdraw for the person and close
it; no one else learns it exists. Anyone signed in may ask to join A's program (each caller
once per world, so no case meets another's open enrolment). The lists show states, not IDs:
what a caller asked for in a mutation case may already be there."""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    ALLOW,
    SIGNED_IN,
    STAFF_OF_A,
    Entry,
    inputs,
    mutation,
    seen,
)
from tests.authz_world import World
from tests.enrolment_support import DECIDE, PROGRAM, REQUEST


async def _fresh_enrolment(w: World, approve: bool = False) -> str:
    person = await w.person_in("A")
    payload = await w.client_for(person).mutate(REQUEST, program=PROGRAM, organizationId=w.ids["A"])
    enrolment = payload["enrolment"]["id"]
    if approve:
        await w.gql.mutate(DECIDE, enrolmentId=enrolment, approve=True)
    return enrolment


async def join_a(w: World, caller: str) -> dict[str, Any]:
    return {"program": PROGRAM, "organizationId": w.ids["A"]}


async def decide_fresh(w: World, caller: str) -> dict[str, Any]:
    return {"enrolmentId": await _fresh_enrolment(w), "approve": True}


async def end_fresh(w: World, caller: str) -> dict[str, Any]:
    return {"enrolmentId": await _fresh_enrolment(w, approve=True), "reason": "Moved away."}


async def a_and_example(w: World, caller: str) -> dict[str, Any]:
    return {"org": w.ids["A"], "program": PROGRAM}


async def example(w: World, caller: str) -> dict[str, Any]:
    return {"program": PROGRAM}


OWN_STATES = {**SIGNED_IN, **{c: seen() for c, o in SIGNED_IN.items() if o == ALLOW}}

ENROLMENTS_MATRIX: dict[str, Entry] = {
    "myEnrolments": Entry(
        "query($program: String) { myEnrolments(program: $program) { state } }",
        example,
        OWN_STATES,
    ),
    "enrolments": Entry(
        "query($org: ID!, $program: String!) "
        "{ enrolments(organizationId: $org, program: $program) { nodes { state } } }",
        a_and_example,
        STAFF_OF_A,
    ),
    "requestEnrolment": Entry(
        mutation("requestEnrolment", "RequestEnrolmentInput", "enrolment { state }"),
        inputs(join_a),
        SIGNED_IN,
    ),
    "decideEnrolment": Entry(
        mutation("decideEnrolment", "DecideEnrolmentInput", "enrolment { state }"),
        inputs(decide_fresh),
        STAFF_OF_A,
    ),
    "withdrawEnrolment": Entry(
        mutation("withdrawEnrolment", "EndEnrolmentInput", "enrolment { state }"),
        inputs(end_fresh),
        STAFF_OF_A,
    ),
    "closeEnrolment": Entry(
        mutation("closeEnrolment", "EndEnrolmentInput", "enrolment { state }"),
        inputs(end_fresh),
        STAFF_OF_A,
    ),
}
