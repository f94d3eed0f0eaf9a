"""Plans through the API, on SQLite and PostgreSQL: SMART goals, the draft / submitted /
returned / accepted states, reviews by program staff, and versions that refuse a stale edit
(CONFLICT), also when 24 editors send one version at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.plans_support import (
    ADD_GOAL,
    CIRCLE_PLAN,
    PLAN,
    PLANS,
    REMOVE_GOAL,
    REVIEW,
    SUBMIT,
    UPDATE,
    UPDATE_GOAL,
    PlanWorld,
    ahead,
    codes,
    plan_world,
    smart,
)

CONCURRENT_EDITS = 24
Clients = Callable[[int | str | None], GraphQLClient]


@pytest.fixture
async def w(gql: GraphQLClient, make: Factory, client_for: Clients) -> PlanWorld:
    return await plan_world(gql, make, client_for)


async def test_core_plan_drafted_submitted_and_accepted_by_program_staff(w: PlanWorld) -> None:
    plan = await w.plan(summary="Strengths: continuity. To improve: screening.")
    goal = await w.goal(plan)

    submitted = await w.client.mutate(SUBMIT, planId=plan["id"], version=plan["version"])
    accepted = await w.staff.mutate(
        REVIEW, planId=plan["id"], version=3, decision="ACCEPTED", comment="Well argued."
    )

    assert (plan["state"], plan["version"]) == ("DRAFT", 2)
    assert (goal["term"], goal["status"]) == ("SHORT", "ACTIVE")
    assert submitted["plan"]["state"] == "SUBMITTED"
    assert submitted["plan"]["submittedAt"] is not None
    final = accepted["plan"]
    assert (final["state"], final["version"]) == ("ACCEPTED", 4)
    assert final["acceptedAt"] is not None
    assert [(r["decision"], r["comment"], r["planVersion"]) for r in final["reviews"]] == [
        ("ACCEPTED", "Well argued.", 3)
    ]
    shown = (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]
    assert [g["id"] for g in shown["goals"]] == [goal["id"]]


async def test_core_plan_conflict_stale_version_is_refused(w: PlanWorld) -> None:
    plan = await w.plan()
    first = await w.client.payload(UPDATE, planId=plan["id"], version=1, title="Mine")
    second = await w.client.payload(UPDATE, planId=plan["id"], version=1, title="Theirs")

    assert not first["errors"]
    assert first["plan"]["version"] == 2
    assert codes(second) == [("CONFLICT", "version")]
    assert "version 2" in second["errors"][0]["message"]
    shown = (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]
    assert (shown["title"], shown["version"]) == ("Mine", 2)


@pytest.mark.parametrize("edit", ["title", "goal"])
async def test_core_plan_conflict_exactly_one_of_24_concurrent_edits_wins(
    w: PlanWorld, edit: str
) -> None:
    group = await w.circle(program="core")
    plan = await w.plan(ownerId=group, kind="core.group_plan")
    editors = [w.client]
    for _ in range(3):
        person, client = await w.person()
        await w.make.gql.mutate(
            "mutation($input: JoinGroupInput!) { joinGroup(input: $input) { errors { code } } }",
            groupId=group,
            personId=person,
        )
        editors.append(client)

    def change(n: int) -> tuple[str, dict]:
        client = editors[n % len(editors)]
        if edit == "title":
            return client, {"query": UPDATE, "planId": plan["id"], "version": 1, "title": f"T{n}"}
        return client, {"query": ADD_GOAL, "planId": plan["id"], "version": 1, **smart()}

    async def send(n: int) -> dict:
        client, values = change(n)
        return await client.payload(values.pop("query"), **values)

    payloads = await asyncio.gather(*(send(n) for n in range(CONCURRENT_EDITS)))

    won = [p for p in payloads if not p["errors"]]
    lost = [p for p in payloads if p["errors"]]
    assert len(won) == 1
    assert len(lost) == CONCURRENT_EDITS - 1
    assert {code for p in lost for code, _ in codes(p)} == {"CONFLICT"}
    shown = (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]
    assert shown["version"] == 2
    if edit == "title":
        assert shown["title"] == won[0]["plan"]["title"]
    else:
        assert [g["id"] for g in shown["goals"]] == [won[0]["goal"]["id"]]


async def test_core_plan_smart_every_part_and_a_future_target_date(w: PlanWorld) -> None:
    plan = await w.plan()

    payload = await w.client.payload(
        ADD_GOAL,
        planId=plan["id"],
        version=1,
        **smart(days=0, specific=" ", measurable="", achievable="x", relevant="y"),
    )

    assert codes(payload) == [
        ("CORE-PLAN-SMART", "specific"),
        ("CORE-PLAN-SMART", "measurable"),
        ("CORE-PLAN-SMART", "targetDate"),
    ]
    assert (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]["version"] == 1


async def test_core_plan_smart_term_window_and_goal_count_are_the_kinds_rules(
    w: PlanWorld,
) -> None:
    circle = await w.circle()
    plan = await w.plan(ownerId=circle, kind=CIRCLE_PLAN)

    too_far = await w.client.payload(
        ADD_GOAL, planId=plan["id"], version=1, **smart(days=120, term="SHORT")
    )
    long_too_soon = await w.client.payload(
        ADD_GOAL, planId=plan["id"], version=1, **smart(days=120, term="LONG")
    )
    await w.goal(plan)
    one_goal = await w.client.payload(SUBMIT, planId=plan["id"], version=plan["version"])

    assert codes(too_far) == [("EX-PLAN", "targetDate")]
    assert "3 months" in too_far["errors"][0]["message"]
    assert codes(long_too_soon) == [("EX-PLAN", "targetDate")]
    assert codes(one_goal) == [("EX-PLAN", None)]
    assert "at least 2 goal" in one_goal["errors"][0]["message"]


async def test_core_plan_goals_a_plan_without_goals_is_not_submitted(w: PlanWorld) -> None:
    plan = await w.plan()

    payload = await w.client.payload(SUBMIT, planId=plan["id"], version=1)

    assert codes(payload) == [("CORE-PLAN-GOALS", None)]


async def test_core_plan_returned_with_a_comment_is_edited_and_submitted_again(
    w: PlanWorld,
) -> None:
    plan = await w.submitted()
    silent = await w.staff.payload(
        REVIEW, planId=plan["id"], version=plan["version"], decision="RETURNED"
    )
    returned = await w.staff.mutate(
        REVIEW,
        planId=plan["id"],
        version=plan["version"],
        decision="RETURNED",
        comment="Make the second goal measurable.",
    )
    goal = (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]["goals"][0]
    version = returned["plan"]["version"]

    rewritten = await w.client.mutate(
        UPDATE_GOAL, goalId=goal["id"], version=version, **smart(days=30)
    )
    again = await w.client.mutate(SUBMIT, planId=plan["id"], version=version + 1)

    assert codes(silent) == [("INVALID", "comment")]
    assert returned["plan"]["state"] == "RETURNED"
    assert returned["plan"]["reviews"][0]["comment"] == "Make the second goal measurable."
    assert rewritten["goal"]["targetDate"] == ahead(30)
    assert again["plan"]["state"] == "SUBMITTED"


async def test_core_plan_state_submitted_and_accepted_plans_do_not_change(w: PlanWorld) -> None:
    plan = await w.submitted()
    version = plan["version"]
    while_submitted = await w.client.payload(
        UPDATE, planId=plan["id"], version=version, title="Later"
    )
    await w.staff.mutate(REVIEW, planId=plan["id"], version=version, decision="ACCEPTED")
    goal = (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]["goals"][0]

    after = [
        await w.client.payload(UPDATE, planId=plan["id"], version=version + 1, title="Later"),
        await w.client.payload(REMOVE_GOAL, goalId=goal["id"], version=version + 1),
        await w.client.payload(SUBMIT, planId=plan["id"], version=version + 1),
        await w.staff.payload(
            REVIEW, planId=plan["id"], version=version + 1, decision="RETURNED", comment="No"
        ),
    ]

    assert codes(while_submitted) == [("CORE-PLAN-STATE", None)]
    assert [codes(p) for p in after] == [[("CORE-PLAN-STATE", None)]] * 4


async def test_core_plan_group_plan_is_edited_by_active_members_only(
    w: PlanWorld, gql: GraphQLClient
) -> None:
    group = await w.circle(program="core")
    plan = await w.plan(ownerId=group, kind="core.group_plan")
    member, member_client = await w.person()
    await gql.mutate(
        "mutation($input: JoinGroupInput!) { joinGroup(input: $input) { errors { code } } }",
        groupId=group,
        personId=member,
    )
    _, outsider = await w.person()

    by_member = await member_client.payload(ADD_GOAL, planId=plan["id"], version=1, **smart())
    by_outsider = await outsider.execute(
        ADD_GOAL, {"input": {"planId": plan["id"], "version": 2, **smart()}}
    )
    by_staff = await w.staff.execute(
        UPDATE, {"input": {"planId": plan["id"], "version": 2, "title": "Staff's"}}
    )

    assert not by_member["errors"]
    assert by_outsider["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert by_staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_core_plan_reviewed_by_program_staff_only(
    w: PlanWorld, gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    plan = await w.submitted()
    elsewhere = await plan_world(gql, make, client_for)
    other_program = await plan_world(gql, make, client_for, program="example")

    refusals = [
        await client.execute(
            REVIEW,
            {"input": {"planId": plan["id"], "version": plan["version"], "decision": "ACCEPTED"}},
        )
        for client in (w.client, elsewhere.staff, other_program.staff)
    ]

    assert [r["errors"][0]["extensions"]["code"] for r in refusals] == ["FORBIDDEN"] * 3
    shown = (await w.client.data(PLAN, {"id": plan["id"]}))["plan"]
    assert (shown["state"], shown["version"]) == ("SUBMITTED", plan["version"])


async def test_core_plan_seen_by_its_owner_and_program_staff_only(w: PlanWorld) -> None:
    plan = await w.plan()
    _, stranger = await w.person()

    for viewer in (w.client, w.staff):
        listed = (await viewer.data(PLANS, {"owner": w.owner}))["plans"]["nodes"]
        assert [p["id"] for p in listed] == [plan["id"]]
    refused = await stranger.execute(PLAN, {"id": plan["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await stranger.data(PLANS, {"owner": w.owner}))["plans"]["nodes"] == []


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("ocfp_practising_well.learning_goals", "CORE-PLAN-PROGRAM"),
        ("core.group_plan", "CORE-PLAN-OWNER"),
        ("core.no_such_plan", "CORE-UNKNOWN-KIND"),
    ],
)
async def test_core_plan_kind_refusals(w: PlanWorld, kind: str, code: str) -> None:
    from tests.plans_support import CREATE

    payload = await w.client.payload(
        CREATE, ownerId=w.owner, kind=kind, title="A plan", organizationId=w.organization
    )

    assert [c for c, _ in codes(payload)] == [code]
