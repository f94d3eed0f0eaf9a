"""Measures through the API on both databases: staff of a program define them, a group's
people record one value a month (LC-MONTHLY), corrections keep every version, and the run
chart reads the current values with the IHI rules (worked out by hand below)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.authz_documents import ASSIGN_ROLE
from tests.factories import JOIN_GROUP, Factory, unique
from tests.graphql_client import GraphQLClient

DEFINE = """
mutation($input: DefineMeasureInput!) {
  defineMeasure(input: $input) { measure { id name kind direction target } errors { code field } }
}"""
VALUE = "value { period version numerator denominator count value reason }"
RECORD = (
    "mutation($input: RecordMeasureValueInput!) { recordMeasureValue(input: $input) "
    f"{{ {VALUE} errors {{ code field }} }} }}"
)
CORRECT = (
    "mutation($input: CorrectMeasureValueInput!) { correctMeasureValue(input: $input) "
    f"{{ {VALUE} errors {{ code field }} }} }}"
)
RUN_CHART = """
query($group: ID!, $measure: ID!) {
  runChart(groupId: $group, measureId: $measure) {
    median usefulObservations runs runsLowerLimit runsUpperLimit runsNote
    points { period value }
    values { period version value reason }
    signals { kind periods explanation }
  }
}"""
MEASURES = """
query($organization: ID!) { measures(program: "example", organizationId: $organization) { name } }
"""


@dataclass
class Team:
    """An organization's example circle: C coordinates, P is a member, Q is outside it."""

    organization: str
    group: str
    coordinator: GraphQLClient
    member: GraphQLClient
    outsider: GraphQLClient


async def team(make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]) -> Team:
    organization = await make.organization()
    c, p, q = [await make.person(organization=organization) for _ in range(3)]
    await gql.mutate(ASSIGN_ROLE, personId=c, organizationId=organization, role="COORDINATOR")
    group = await make.group(organization=organization)
    await gql.mutate(JOIN_GROUP, groupId=group, personId=p)
    return Team(organization, group, client_for(c), client_for(p), client_for(q))


async def define(t: Team, kind: str = "COUNT", **fields: Any) -> str:
    values = {
        "organizationId": t.organization,
        "program": "example",
        "name": unique("Patients with a care plan"),
        "kind": kind,
        "unit": "patients",
        "direction": "UP",
    }
    payload = await t.coordinator.mutate(DEFINE, **(values | fields))
    return payload["measure"]["id"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_core_measure_defined_by_program_staff_only(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    name = unique("Foot exams")
    measure = {
        "organizationId": t.organization,
        "program": "example",
        "name": name,
        "kind": "RATIO",
        "unit": "%",
        "direction": "UP",
        "target": "0.8",
    }

    refused = await t.member.execute(DEFINE, {"input": measure})
    made = await t.coordinator.payload(DEFINE, **measure)
    twice = await t.coordinator.payload(DEFINE, **measure)
    unknown = await t.coordinator.payload(DEFINE, **(measure | {"program": "nope"}))
    listed = await t.outsider.data(MEASURES, {"organization": t.organization})

    assert error_codes(refused) == ["FORBIDDEN"]
    assert (made["measure"]["target"], made["errors"]) == ("0.80", [])
    assert codes(twice) == ["CORE-MEASURE-NAME"]
    assert codes(unknown) == ["INVALID"]
    assert {"name": name} in listed["measures"]


async def test_lc_monthly_one_value_per_group_measure_and_month(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    measure = await define(t)
    value = {"groupId": t.group, "measureId": measure, "count": "4"}

    first = await t.member.payload(RECORD, **value, period="2026-03-15")
    again = await t.coordinator.payload(RECORD, **value, period="2026-03-01")
    next_month = await t.member.payload(RECORD, **value, period="2026-04-01")

    assert (first["value"]["period"], first["value"]["version"]) == ("2026-03-01", 1)
    assert codes(again) == ["LC-MONTHLY"]
    assert next_month["errors"] == []


async def test_core_measure_ratio_and_count_rules(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    ratio, count = await define(t, "RATIO"), await define(t, "COUNT")
    where = {"groupId": t.group, "period": "2026-05-01"}

    above = await t.member.payload(RECORD, **where, measureId=ratio, numerator="6", denominator="5")
    zero = await t.member.payload(RECORD, **where, measureId=ratio, numerator="0", denominator="0")
    negative = await t.member.payload(RECORD, **where, measureId=count, count="-1")
    wrong_shape = await t.member.payload(RECORD, **where, measureId=ratio, count="3")
    fine = await t.member.payload(RECORD, **where, measureId=ratio, numerator="2", denominator="3")

    assert codes(above) == ["CORE-MEASURE-RATIO"]
    assert codes(zero) == ["CORE-MEASURE-DENOMINATOR"]
    assert codes(negative) == ["CORE-MEASURE-COUNT"]
    assert codes(wrong_shape) == ["INVALID"]
    # 2 / 3 = 0.666666... to six places
    assert fine["value"]["value"] == "0.666667"


async def test_core_measure_correction_needs_a_reason_and_keeps_history(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    measure = await define(t)
    where = {"groupId": t.group, "measureId": measure, "period": "2026-03-01"}
    await t.member.mutate(RECORD, **where, count="4")

    no_reason = await t.member.payload(CORRECT, **where, count="5", reason="  ")
    nothing = await t.member.payload(
        CORRECT, **(where | {"period": "2026-09-01"}), count="1", reason="Typo."
    )
    corrected = await t.member.payload(CORRECT, **where, count="5", reason="One was missed.")
    chart = await t.member.data(RUN_CHART, {"group": t.group, "measure": measure})

    assert codes(no_reason) == ["CORE-MEASURE-REASON"]
    assert codes(nothing) == ["CORE-MEASURE-NO-VALUE"]
    assert corrected["value"]["version"] == 2
    assert chart["runChart"]["values"] == [
        {"period": "2026-03-01", "version": 1, "value": "4.00", "reason": None},
        {"period": "2026-03-01", "version": 2, "value": "5.00", "reason": "One was missed."},
    ]
    assert chart["runChart"]["points"] == [{"period": "2026-03-01", "value": "5.00"}]


async def test_core_measure_values_belong_to_the_group_and_its_program(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    other = await team(make, gql, client_for)
    foreign = await define(other)
    measure = await define(t)
    value = {"groupId": t.group, "period": "2026-03-01", "count": "1"}

    outsider = await t.outsider.execute(RECORD, {"input": value | {"measureId": measure}})
    read_by_outsider = await t.outsider.execute(RUN_CHART, {"group": t.group, "measure": measure})
    other_program = await t.member.payload(RECORD, **value, measureId=foreign)

    assert error_codes(outsider) == ["FORBIDDEN"]
    assert error_codes(read_by_outsider) == ["FORBIDDEN"]
    assert codes(other_program) == ["CORE-MEASURE-GROUP"]


async def test_run_chart_shift_and_too_few_runs_through_the_api(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    measure = await define(t)
    counts = [10, 1, 2, 1, 2, 1, 2, 10, 11, 10, 12, 11]
    months = [f"2025-{m:02d}-01" for m in range(1, 13)]
    for month, count in zip(months, counts, strict=True):
        await t.member.mutate(
            RECORD, groupId=t.group, measureId=measure, period=month, count=str(count)
        )

    chart = (await t.member.data(RUN_CHART, {"group": t.group, "measure": measure}))["runChart"]

    # sorted: 1 1 1 2 2 2 | 10 10 10 11 11 12 -> median (2 + 10) / 2 = 6
    # sides: + - - - - - - + + + + + -> Feb..Jul below (6 points): a shift; Aug..Dec above
    # (5): none. Runs: + | ------ | +++++ = 3 in 12 useful points; the table says 4 to 10:
    # too few. Trends: longest run up is 1 2 10 11 (Jun..Sep), four points: none.
    assert chart["median"] == "6.00"
    assert (chart["usefulObservations"], chart["runs"]) == (12, 3)
    assert (chart["runsLowerLimit"], chart["runsUpperLimit"]) == (4, 10)
    assert [(s["kind"], s["periods"]) for s in chart["signals"]] == [
        ("TOO_FEW_RUNS", months),
        ("SHIFT", months[1:7]),
    ]


async def test_lc_monthly_holds_under_twenty_concurrent_records(
    make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]
) -> None:
    t = await team(make, gql, client_for)
    measure = await define(t)
    value = {"groupId": t.group, "measureId": measure, "period": "2026-06-01"}

    payloads = await asyncio.gather(
        *(t.member.payload(RECORD, **value, count=str(n)) for n in range(20))
    )
    chart = (await t.member.data(RUN_CHART, {"group": t.group, "measure": measure}))["runChart"]

    assert sorted(code for p in payloads for code in codes(p)) == ["LC-MONTHLY"] * 19
    assert [v["version"] for v in chart["values"]] == [1]
