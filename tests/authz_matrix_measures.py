"""The authorization matrix's rows for measures and run charts (``core/measures``).

Measures are defined by staff of their program (C, and the platform admin); their list is for
everyone holding a role in the organization. A group's values are recorded and read by its
active people (P, a member of the circle; G, its facilitator) and its program's staff, never by
someone of the organization outside the group (Q) or of another one (S). Each case acts on a
measure made for it, so cases do not depend on one another.
"""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import ALLOW, SEES_P, STAFF_OF_A, Entry, inputs, mutation
from tests.authz_world import OTHER_PHYSICIAN, World
from tests.factories import unique

DEFINE_MEASURE = """
mutation($input: DefineMeasureInput!) {
  defineMeasure(input: $input) { measure { id } errors { code field message } }
}"""
RECORD_VALUE = """
mutation($input: RecordMeasureValueInput!) {
  recordMeasureValue(input: $input) { value { version } errors { code field message } }
}"""
PERIOD = "2026-03-01"

# P (a member of the circle) and G (its facilitator) are the people whose values they are, as
# they are the ones who see P: the same outcomes.
GROUP_PEOPLE_OR_STAFF_OF_A = SEES_P
IN_A = {**SEES_P, OTHER_PHYSICIAN: ALLOW}


def measure_input(w: World) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "program": "example",
        "name": unique("Visits followed up"),
        "kind": "COUNT",
        "unit": "visits",
        "direction": "UP",
    }


async def fresh_measure(w: World) -> str:
    payload = await w.gql.mutate(DEFINE_MEASURE, **measure_input(w))
    return payload["measure"]["id"]


async def a_and_example(w: World, caller: str) -> dict[str, Any]:
    return {"organization": w.ids["A"]}


async def circle_and_fresh_measure(w: World, caller: str) -> dict[str, Any]:
    return {"group": w.ids["circle"], "measure": await fresh_measure(w)}


async def new_measure_in_a(w: World, caller: str) -> dict[str, Any]:
    return measure_input(w)


async def value_for_circle(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": w.ids["circle"], "measureId": await fresh_measure(w), "period": PERIOD}


async def counted_value_for_circle(w: World, caller: str) -> dict[str, Any]:
    return {**await value_for_circle(w, caller), "count": "2"}


async def correction_for_circle(w: World, caller: str) -> dict[str, Any]:
    value = {**await value_for_circle(w, caller), "count": "3"}
    await w.gql.mutate(RECORD_VALUE, **value)
    return {**value, "count": "4", "reason": "Two visits were counted twice."}


MEASURES_MATRIX: dict[str, Entry] = {
    "measures": Entry(
        'query($organization: ID!) { measures(program: "example", organizationId: $organization)'
        " { name } }",
        a_and_example,
        IN_A,
    ),
    "runChart": Entry(
        "query($group: ID!, $measure: ID!) { runChart(groupId: $group, measureId: $measure)"
        " { median points { value } } }",
        circle_and_fresh_measure,
        GROUP_PEOPLE_OR_STAFF_OF_A,
    ),
    "defineMeasure": Entry(
        mutation("defineMeasure", "DefineMeasureInput", "measure { name }"),
        inputs(new_measure_in_a),
        STAFF_OF_A,
    ),
    "recordMeasureValue": Entry(
        mutation("recordMeasureValue", "RecordMeasureValueInput", "value { version }"),
        inputs(counted_value_for_circle),
        GROUP_PEOPLE_OR_STAFF_OF_A,
    ),
    "correctMeasureValue": Entry(
        mutation("correctMeasureValue", "CorrectMeasureValueInput", "value { version }"),
        inputs(correction_for_circle),
        GROUP_PEOPLE_OR_STAFF_OF_A,
    ),
}
