"""The authorization matrix's rows for CPSO QI Groups' root fields and mutations.

A runs the program too: its unscoped coordinator C is its staff there. Each case works on a
fresh QI group P leads in A (P is selected by CPSO first, once): P's group's members act on it;
A's staff (C, the platform admin) read every group, a member's answers and completion, review
and answer support; nobody else learns the group exists. Only a selected member forms a group:
the others in A are refused by QIG-FORM, not by access."""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import (
    ALLOW,
    DENY,
    P_ONLY,
    P_OR_STAFF_OF_A,
    STAFF_OF_A,
    Entry,
    expect,
    inputs,
    mutation,
    refused_by,
)
from tests.authz_world import PHYSICIAN, World
from tests.factories import unique
from tests.qig_support import (
    ADD_GOAL,
    RECORD,
    REQUEST_SUPPORT,
    SELECT,
    START_PIP,
    UPDATE_PIP,
    goal,
    yesterday,
)

ACTIVITIES = ("QI_SURVEY", "PRACTICE_PROFILE", "CHART_REVIEW", "DATA_DRIVEN_QI")


async def p_group(w: World) -> str:
    """A fresh QI group in A that P (selected by CPSO) leads."""
    await w.gql.mutate(SELECT, organizationId=w.ids["A"], cycle="2026", personIds=[w.ids["P"]])
    payload = await w.client(PHYSICIAN).mutate(
        "mutation($input: QigFormGroupInput!) { qigFormGroup(input: $input) "
        "{ group { id } errors { code field message } } }",
        organizationId=w.ids["A"],
        name=unique("QI group"),
        basis="AREA_OF_PRACTICE",
    )
    return payload["group"]["id"]


async def p_pip(w: World, goals: int = 0) -> dict[str, Any]:
    p, group = w.client(PHYSICIAN), await p_group(w)
    pip = (await p.mutate(START_PIP, groupId=group))["pip"]
    pip = (
        await p.mutate(
            UPDATE_PIP,
            planId=pip["id"],
            version=pip["version"],
            strengths="Continuity",
            improvements="Screening",
        )
    )["pip"]
    for _ in range(goals):
        pip = (await p.mutate(ADD_GOAL, planId=pip["id"], version=pip["version"], **goal()))["pip"]
    return pip | {"group": group}


async def selection(w: World, caller: str) -> dict[str, Any]:
    person = await w.make.person(organization=w.ids["A"])
    return {"organizationId": w.ids["A"], "cycle": "2026", "personIds": [person]}


async def form(w: World, caller: str) -> dict[str, Any]:
    await w.gql.mutate(SELECT, organizationId=w.ids["A"], cycle="2026", personIds=[w.ids["P"]])
    return {"organizationId": w.ids["A"], "name": unique("QI group"), "basis": "LEARNING_GROUP"}


async def group_p_joined(w: World, caller: str) -> dict[str, Any]:
    """A fresh group a selected member of A leads, which P joined by invitation."""
    lead = await w.make.person(organization=w.ids["A"])
    await w.gql.mutate(SELECT, organizationId=w.ids["A"], cycle="2026", personIds=[lead])
    lead_client = w.client_for(lead)
    group = (
        await lead_client.mutate(
            "mutation($input: QigFormGroupInput!) { qigFormGroup(input: $input) "
            "{ group { id } errors { code field message } } }",
            organizationId=w.ids["A"],
            name=unique("QI group"),
            basis="PRACTICE_SETTING",
        )
    )["group"]["id"]
    email = (
        await w.gql.data(
            "query($id: ID!) { node(id: $id) { ... on Person { email } } }", {"id": w.ids["P"]}
        )
    )["node"]["email"]
    invitation = (
        await lead_client.mutate(
            "mutation($input: InviteToGroupInput!) { inviteToGroup(input: $input) "
            "{ invitation { id } errors { code field message } } }",
            groupId=group,
            email=email,
        )
    )["invitation"]["id"]
    await w.client(PHYSICIAN).mutate(
        "mutation($input: InvitationInput!) { acceptInvitation(input: $input) "
        "{ invitation { id } errors { code field message } } }",
        invitationId=invitation,
    )
    return {"groupId": group}


async def activity(w: World, caller: str) -> dict[str, Any]:
    return {
        "groupId": await p_group(w),
        "activity": "QI_SURVEY",
        "completedOn": yesterday(),
        "minutesSpent": 30,
    }


async def group_and_p(w: World, caller: str) -> dict[str, Any]:
    return {"group": await p_group(w), "person": w.ids["P"]}


async def group_var(w: World, caller: str) -> dict[str, Any]:
    return {"group": await p_group(w)}


async def group_input(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await p_group(w)}


async def pip_update(w: World, caller: str) -> dict[str, Any]:
    pip = await p_pip(w)
    return {"planId": pip["id"], "version": pip["version"], "strengths": "A", "improvements": "B"}


async def pip_goal(w: World, caller: str) -> dict[str, Any]:
    pip = await p_pip(w)
    return {"planId": pip["id"], "version": pip["version"], **goal()}


async def pip_goal_rewritten(w: World, caller: str) -> dict[str, Any]:
    pip = await p_pip(w, goals=1)
    return {"goalId": pip["goals"][0]["id"], "version": pip["version"], **goal(days=30)}


async def pip_goal_removed(w: World, caller: str) -> dict[str, Any]:
    pip = await p_pip(w, goals=1)
    return {"goalId": pip["goals"][0]["id"], "version": pip["version"]}


async def pip_submitted(w: World, caller: str) -> dict[str, Any]:
    pip = await p_pip(w, goals=2)
    for name in ACTIVITIES:
        await w.client(PHYSICIAN).mutate(
            RECORD,
            groupId=pip["group"],
            activity=name,
            completedOn=yesterday(),
            minutesSpent=30,
        )
    return {"planId": pip["id"], "version": pip["version"]}


async def support_request(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await p_group(w), "advisor": "QI_COACH", "question": "How to measure?"}


async def support_answer(w: World, caller: str) -> dict[str, Any]:
    asked = await w.client(PHYSICIAN).mutate(
        REQUEST_SUPPORT, groupId=await p_group(w), advisor="QI_COACH", question="Measures?"
    )
    return {"requestId": asked["request"]["id"], "answer": "Start with one."}


async def person_p(w: World, caller: str) -> dict[str, Any]:
    return {"person": w.ids["P"]}


async def organization_a(w: World, caller: str) -> dict[str, Any]:
    return {"org": w.ids["A"], "cycle": "2026"}


QIG_FORM = refused_by("QIG-FORM")
PIP_FIELDS = "pip { version }"

QIG_MATRIX: dict[str, Entry] = {
    "qigSelections": Entry(
        "query($org: ID!, $cycle: String!) { qigSelections(organizationId: $org, cycle: $cycle)"
        " { cycle } }",
        organization_a,
        STAFF_OF_A,
    ),
    "qigGroups": Entry(
        "query($org: ID!) { qigGroups(organizationId: $org) { name } }",
        organization_a,
        STAFF_OF_A,
    ),
    "qigGroupProgress": Entry(
        "query($group: ID!) { qigGroupProgress(groupId: $group) { name } }",
        group_var,
        P_OR_STAFF_OF_A,
    ),
    "qigActivityRecords": Entry(
        "query($group: ID!, $person: ID!) { qigActivityRecords(groupId: $group, "
        "personId: $person) { answers } }",
        group_and_p,
        P_OR_STAFF_OF_A,
    ),
    "qigPip": Entry(
        "query($group: ID!) { qigPip(groupId: $group) { version } }", group_var, P_OR_STAFF_OF_A
    ),
    "qigPipEligibility": Entry(
        "query($group: ID!) { qigPipEligibility(groupId: $group) { eligible } }",
        group_var,
        P_OR_STAFF_OF_A,
    ),
    "qigQualityStatus": Entry(
        "query($person: ID!) { qigQualityStatus(personId: $person) { metUntil } }",
        person_p,
        expect(
            anonymous=DENY,
            physician=ALLOW,
            other_physician=DENY,
            guide=ALLOW,
            coordinator_a=ALLOW,
            staff_b=DENY,
            admin=ALLOW,
        ),
    ),
    "qigSupportRequests": Entry(
        "query($group: ID!) { qigSupportRequests(groupId: $group) { question } }",
        group_var,
        P_OR_STAFF_OF_A,
    ),
    "qigSelectMembers": Entry(
        mutation("qigSelectMembers", "QigSelectMembersInput", "selections { cycle }"),
        inputs(selection),
        STAFF_OF_A,
    ),
    "qigFormGroup": Entry(
        mutation("qigFormGroup", "QigFormGroupInput", "group { capacity }"),
        inputs(form),
        expect(
            anonymous=DENY,
            physician=ALLOW,
            other_physician=QIG_FORM,
            guide=QIG_FORM,
            coordinator_a=QIG_FORM,
            staff_b=DENY,
            admin=QIG_FORM,
        ),
    ),
    "qigLeaveGroup": Entry(
        mutation("qigLeaveGroup", "QigLeaveGroupInput", "membership { status }"),
        inputs(group_p_joined),
        P_ONLY,
    ),
    "qigRecordActivity": Entry(
        mutation("qigRecordActivity", "QigRecordActivityInput", "records { activity }"),
        inputs(activity),
        P_ONLY,
    ),
    "qigStartPip": Entry(
        mutation("qigStartPip", "QigStartPipInput", PIP_FIELDS), inputs(group_input), P_ONLY
    ),
    "qigUpdatePip": Entry(
        mutation("qigUpdatePip", "QigUpdatePipInput", PIP_FIELDS), inputs(pip_update), P_ONLY
    ),
    "qigAddPipGoal": Entry(
        mutation("qigAddPipGoal", "QigAddPipGoalInput", PIP_FIELDS), inputs(pip_goal), P_ONLY
    ),
    "qigUpdatePipGoal": Entry(
        mutation("qigUpdatePipGoal", "QigUpdatePipGoalInput", PIP_FIELDS),
        inputs(pip_goal_rewritten),
        P_ONLY,
    ),
    "qigRemovePipGoal": Entry(
        mutation("qigRemovePipGoal", "QigRemovePipGoalInput", PIP_FIELDS),
        inputs(pip_goal_removed),
        P_ONLY,
    ),
    "qigSubmitPip": Entry(
        mutation("qigSubmitPip", "QigSubmitPipInput", PIP_FIELDS), inputs(pip_submitted), P_ONLY
    ),
    "qigRequestSupport": Entry(
        mutation("qigRequestSupport", "QigRequestSupportInput", "request { question }"),
        inputs(support_request),
        P_ONLY,
    ),
    "qigAnswerSupport": Entry(
        mutation("qigAnswerSupport", "QigAnswerSupportInput", "request { answer }"),
        inputs(support_answer),
        STAFF_OF_A,
    ),
}
