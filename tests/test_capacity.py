"""Capacity-bound groups: the limit holds exactly, also under concurrent requests."""

from __future__ import annotations

import asyncio

from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

GROUP_MEMBERS = """
query($id: ID!) {
  node(id: $id) {
    ... on Group { capacity memberCount placesLeft
                   waitlist: memberships(status: WAITLISTED) { nodes { person { id } } } }
  }
}"""

LEAVE_GROUP = """
mutation($input: LeaveGroupInput!) {
  leaveGroup(input: $input) {
    membership { status } promoted { status person { id } } errors { code message }
  }
}"""


async def test_group_capacity_holds_under_50_concurrent_joins(
    gql: GraphQLClient, make: Factory
) -> None:
    group = await make.group(capacity=12)
    people = [await make.person() for _ in range(50)]

    payloads = await asyncio.gather(
        *(gql.payload(JOIN_GROUP, groupId=group, personId=p) for p in people)
    )

    joined = [p for p in payloads if not p["errors"]]
    refused = [p for p in payloads if p["errors"]]
    assert len(joined) == 12
    assert len(refused) == 38
    assert {e["code"] for p in refused for e in p["errors"]} == {"EX-CAPACITY"}
    group_now = (await gql.data(GROUP_MEMBERS, {"id": group}))["node"]
    assert group_now["memberCount"] == 12
    assert group_now["placesLeft"] == 0


async def test_group_full_refusal_names_rule_and_reason(gql: GraphQLClient, make: Factory) -> None:
    group = await make.group(capacity=1)
    await gql.mutate(JOIN_GROUP, groupId=group, personId=await make.person())

    payload = await gql.payload(JOIN_GROUP, groupId=group, personId=await make.person())

    (error,) = payload["errors"]
    assert error["code"] == "EX-CAPACITY"
    assert "all 1 places are taken" in error["message"]
    assert payload["membership"] is None


async def test_group_waitlist_is_served_first_come_first_served(
    gql: GraphQLClient, make: Factory
) -> None:
    group = await make.group(capacity=1)
    member, first, second = [await make.person() for _ in range(3)]
    await gql.mutate(JOIN_GROUP, groupId=group, personId=member)
    waiting = [
        await gql.mutate(JOIN_GROUP, groupId=group, personId=p, waitlist=True)
        for p in (first, second)
    ]
    assert [w["membership"]["status"] for w in waiting] == ["WAITLISTED", "WAITLISTED"]

    left = await gql.mutate(LEAVE_GROUP, groupId=group, personId=member)

    assert left["membership"]["status"] == "LEFT"
    assert [(p["person"]["id"], p["status"]) for p in left["promoted"]] == [(first, "ACTIVE")]
    group_now = (await gql.data(GROUP_MEMBERS, {"id": group}))["node"]
    assert [w["person"]["id"] for w in group_now["waitlist"]["nodes"]] == [second]


async def test_group_eligibility_rule_refuses_before_capacity(
    gql: GraphQLClient, make: Factory
) -> None:
    group = await make.group(capacity=5)

    payload = await gql.payload(JOIN_GROUP, groupId=group, personId=await make.person("MOA"))

    assert [e["code"] for e in payload["errors"]] == ["EX-PHYSICIAN"]


async def test_group_program_rules_do_not_reach_other_programs_groups(
    gql: GraphQLClient, make: Factory
) -> None:
    group = await make.group(kind="core.group", capacity=5)

    payload = await gql.mutate(JOIN_GROUP, groupId=group, personId=await make.person("MOA"))

    assert payload["membership"]["status"] == "ACTIVE"


async def test_group_capacity_above_program_maximum_is_refused(
    gql: GraphQLClient, make: Factory
) -> None:
    from tests.factories import CREATE_GROUP

    payload = await gql.payload(
        CREATE_GROUP,
        organizationId=await make.organization(),
        kind="example.circle",
        name="Too big",
        capacity=13,
    )

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("EX-CAPACITY", "capacity")]
