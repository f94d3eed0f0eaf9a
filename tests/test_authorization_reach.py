"""Beyond the matrix: ways to reach, or learn about, people and objects out of the caller's sight.

A node of another organization is null, not an error that would confirm it exists; a person of
another organization cannot be placed, recorded, made a guide or shown through a payload.
"""

from __future__ import annotations

import pytest

from tests.authz_documents import ELIGIBILITY, MY_ACCOUNT, NODE
from tests.authz_matrix_core import new_activity_in_a
from tests.authz_matrix_pw_mutations import application_to_a, fresh_guide_profile
from tests.authz_outcomes import assert_allowed, assert_refused, collect_ids, mutation
from tests.authz_world import COORDINATOR_A, PHYSICIAN, STAFF_B, World
from tests.factories import JOIN_GROUP

A_OBJECTS = ("P", "circle", "actA", "entryP")


@pytest.mark.parametrize("label", A_OBJECTS)
async def test_node_in_another_organization_is_null_without_error(world: World, label: str) -> None:
    body = await world.client(STAFF_B).execute(NODE, {"id": world.ids[label]})

    assert "errors" not in body
    assert body["data"] == {"node": None}


@pytest.mark.parametrize("label", A_OBJECTS)
async def test_node_in_own_organization_is_returned_to_its_coordinator(
    world: World, label: str
) -> None:
    data = await world.client(COORDINATOR_A).data(NODE, {"id": world.ids[label]})

    assert data["node"] == {"id": world.ids[label]}


JOIN = mutation("joinGroup", "JoinGroupInput", "membership { person { id name email } }")
LEAVE = mutation(
    "leaveGroup",
    "LeaveGroupInput",
    "membership { status } promoted { person { id name email } }",
)
RECORD = mutation(
    "recordParticipation", "RecordParticipationInput", "participation { person { id email } }"
)
CREATE_ACTIVITY_FOR = mutation("createActivity", "CreateActivityInput", "activity { id }")


async def visible_to(world: World, caller: str, person: str) -> bool:
    return (await world.client(caller).data(NODE, {"id": person}))["node"] is not None


async def test_coordinator_cannot_place_another_organizations_person_in_a_group(
    world: World,
) -> None:
    stranger = await world.person_in("B")
    group = await world.group_in("A")

    body = await world.client(COORDINATOR_A).execute(
        JOIN, {"input": {"groupId": group, "personId": stranger}}
    )

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger)


async def test_coordinator_cannot_record_attendance_of_another_organizations_person(
    world: World,
) -> None:
    stranger = await world.person_in("B")
    activity = await world.activity_in("A")

    body = await world.client(COORDINATOR_A).execute(
        RECORD, {"input": {"activityId": activity, "personId": stranger, "hours": "1"}}
    )

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger)


async def test_coordinator_cannot_hold_an_activity_for_another_organizations_group(
    world: World,
) -> None:
    group_in_b = await world.group_in("B")
    data = await new_activity_in_a(world, COORDINATOR_A)

    body = await world.client(COORDINATOR_A).execute(
        CREATE_ACTIVITY_FOR, {"input": {**data, "groupId": group_in_b}}
    )

    assert_refused(body, COORDINATOR_A, world)


async def test_member_leaving_a_group_is_not_shown_whom_the_waitlist_promoted(
    world: World,
) -> None:
    leaver, waiting = await world.person_in("A"), await world.person_in("A")
    group = await world.group_in("A", capacity=1)
    await world.gql.mutate(JOIN_GROUP, groupId=group, personId=leaver)
    await world.gql.mutate(JOIN_GROUP, groupId=group, personId=waiting, waitlist=True)

    body = await world.client_for(leaver).execute(
        LEAVE, {"input": {"groupId": group, "personId": leaver}}
    )

    assert_allowed(body)
    assert waiting not in collect_ids(body)


async def test_eligibility_about_another_organizations_group_is_forbidden(world: World) -> None:
    body = await world.client(STAFF_B).execute(
        ELIGIBILITY, {"person": world.ids["S"], "subject": world.ids["circle"]}
    )

    assert_refused(body, STAFF_B, world)


async def test_a_physician_applies_for_themselves(world: World) -> None:
    physician = await world.person_in("A")
    client = world.client_for(physician)

    body = await client.execute(
        mutation("pwApply", "PwApplyInput", "learner { id status person { id } }"),
        {"input": await application_to_a(world, PHYSICIAN)},
    )

    assert_allowed(body)
    learner = body["data"]["pwApply"]["learner"]
    assert (learner["status"], learner["person"]["id"]) == ("PENDING", physician)
    assert (await client.data(MY_ACCOUNT))["pwMyAccount"]["id"] == learner["id"]


CREATE_GUIDE_FOR = mutation("pwCreateGuide", "PwCreateGuideInput", "guide { id }")
ADD_TO_LEARNER_GROUP = mutation("pwAddToLearnerGroup", "PwAddToLearnerGroupInput", "group { id }")


async def test_coordinator_cannot_make_another_organizations_person_a_guide(
    world: World,
) -> None:
    stranger = await world.person_in("B")
    profile = {**await fresh_guide_profile(world, COORDINATOR_A), "personId": stranger}

    body = await world.client(COORDINATOR_A).execute(CREATE_GUIDE_FOR, {"input": profile})

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger)


async def test_coordinator_cannot_place_another_organizations_learner_in_a_learner_group(
    world: World,
) -> None:
    stranger = await world.pw.learner(world.ids["B"], world.client(STAFF_B))
    group = await world.pw_learner_group()

    body = await world.client(COORDINATOR_A).execute(
        ADD_TO_LEARNER_GROUP, {"input": {"groupId": group, "learnerId": stranger.person}}
    )

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger.person)
