"""The group PIP: QIG-GOALS (at least two, at most one self-care), QIG-PIP (submitted only
once every member completed all four activities; the eligibility query names who misses
what), concurrent edits refused with CONFLICT, staff return and accept."""

from __future__ import annotations

import asyncio

from tests.qig_support import (
    ADD_GOAL,
    ELIGIBILITY,
    PIP,
    REMOVE_GOAL,
    REVIEW,
    START_PIP,
    SUBMIT_PIP,
    UPDATE_GOAL,
    UPDATE_PIP,
    Qig,
    codes,
    goal,
    qig_fixture,  # noqa: F401 (the fixture qig)
)


async def test_qig_goals_at_most_one_self_care_goal(qig: Qig) -> None:
    group = await qig.group(peers=1)
    pip = await qig.pip(group.lead[1], group.id, goals=0)
    pip = (
        await group.members[0][1].mutate(
            ADD_GOAL, planId=pip["id"], version=pip["version"], **goal(self_care=True)
        )
    )["pip"]
    second = await group.lead[1].payload(
        ADD_GOAL, planId=pip["id"], version=pip["version"], **goal(self_care=True)
    )
    assert codes(second) == ["QIG-GOALS"]
    assert [g["selfCare"] for g in pip["goals"]] == [True]


async def test_qig_goals_a_rewritten_goal_may_not_become_a_second_self_care_goal(
    qig: Qig,
) -> None:
    group = await qig.group(peers=1)
    pip = await qig.pip(group.lead[1], group.id, goals=0)
    for care in (True, False):
        pip = (
            await group.lead[1].mutate(
                ADD_GOAL, planId=pip["id"], version=pip["version"], **goal(self_care=care)
            )
        )["pip"]
    care_goal, other_goal = pip["goals"]
    refused = await group.members[0][1].payload(
        UPDATE_GOAL, goalId=other_goal["id"], version=pip["version"], **goal(self_care=True)
    )
    assert codes(refused) == ["QIG-GOALS"]
    rewritten = (
        await group.members[0][1].mutate(
            UPDATE_GOAL,
            goalId=care_goal["id"],
            version=pip["version"],
            **goal(self_care=True, specific="Protect one half-day a month for my own health."),
        )
    )["pip"]
    assert rewritten["goals"][0]["specific"] == "Protect one half-day a month for my own health."
    assert [g["selfCare"] for g in rewritten["goals"]] == [True, False]


async def test_qig_goals_at_least_two_before_submission(qig: Qig) -> None:
    group = await qig.group(peers=1)
    for _, client in group.everyone:
        await qig.complete(client, group.id)
    pip = await qig.pip(group.lead[1], group.id, goals=1)
    refused = await group.lead[1].payload(SUBMIT_PIP, planId=pip["id"], version=pip["version"])
    assert codes(refused) == ["QIG-GOALS"]
    pip = (
        await group.lead[1].mutate(
            REMOVE_GOAL, goalId=pip["goals"][0]["id"], version=pip["version"]
        )
    )["pip"]
    assert pip["goals"] == []


async def test_qig_pip_submitted_only_when_every_member_completed_all_four(qig: Qig) -> None:
    group = await qig.group(peers=2)
    (lead_person, lead), (peer_person, peer), (other_person, other) = group.everyone
    await qig.complete(lead, group.id)
    await qig.complete(peer, group.id, "QI_SURVEY", "PRACTICE_PROFILE")
    pip = await qig.pip(lead, group.id)

    refused = await lead.payload(SUBMIT_PIP, planId=pip["id"], version=pip["version"])
    assert set(codes(refused)) == {"QIG-PIP"}
    found = (await peer.data(ELIGIBILITY, {"group": group.id}))["qigPipEligibility"]
    assert found["eligible"] is False
    assert {m["personId"]: m["activities"] for m in found["missing"]} == {
        peer_person: ["CHART_REVIEW", "DATA_DRIVEN_QI"],
        other_person: ["QI_SURVEY", "PRACTICE_PROFILE", "CHART_REVIEW", "DATA_DRIVEN_QI"],
    }

    await qig.complete(peer, group.id, "CHART_REVIEW", "DATA_DRIVEN_QI")
    await qig.complete(other, group.id)
    found = (await lead.data(ELIGIBILITY, {"group": group.id}))["qigPipEligibility"]
    assert (found["eligible"], found["missing"], found["reasons"]) == (True, [], [])
    submitted = await other.mutate(SUBMIT_PIP, planId=pip["id"], version=pip["version"])
    assert submitted["pip"]["state"] == "SUBMITTED"
    assert lead_person


async def test_qig_pip_names_strengths_and_improvements(qig: Qig) -> None:
    group = await qig.group(peers=0)
    await qig.complete(group.lead[1], group.id)
    pip = (await group.lead[1].mutate(START_PIP, groupId=group.id))["pip"]
    for _ in range(2):
        pip = (
            await group.lead[1].mutate(ADD_GOAL, planId=pip["id"], version=pip["version"], **goal())
        )["pip"]
    refused = await group.lead[1].payload(SUBMIT_PIP, planId=pip["id"], version=pip["version"])
    assert codes(refused) == ["QIG-PIP"]


async def test_qig_pip_concurrent_edits_of_one_version_conflict(qig: Qig) -> None:
    group = await qig.group(peers=2)
    pip = await qig.pip(group.lead[1], group.id, goals=0)
    edits = [
        client.payload(
            UPDATE_PIP,
            planId=pip["id"],
            version=pip["version"],
            strengths=f"Strength by {n}",
            improvements="Screening",
        )
        for n, (_, client) in enumerate(group.everyone * 8)
    ]
    payloads = await asyncio.gather(*edits)
    assert sum(1 for p in payloads if not p["errors"]) == 1
    assert {c for p in payloads for c in codes(p)} == {"CONFLICT"}
    shown = (await group.lead[1].data(PIP, {"group": group.id}))["qigPip"]
    assert shown["version"] == pip["version"] + 1


async def test_qig_pip_staff_return_it_for_revision_then_accept(qig: Qig) -> None:
    group, pip = await qig.submitted(peers=1)
    member = group.members[0][1]
    refused = await member.execute(
        REVIEW,
        {
            "input": {
                "planId": pip["id"],
                "version": pip["version"],
                "decision": "ACCEPTED",
                "comment": "",
            }
        },
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    returned = await qig.staff.mutate(
        REVIEW,
        planId=pip["id"],
        version=pip["version"],
        decision="RETURNED",
        comment="Make the second goal measurable.",
    )
    assert returned["plan"]["state"] == "RETURNED"
    revised = (
        await member.mutate(
            ADD_GOAL, planId=pip["id"], version=returned["plan"]["version"], **goal()
        )
    )["pip"]
    resubmitted = (await member.mutate(SUBMIT_PIP, planId=pip["id"], version=revised["version"]))[
        "pip"
    ]
    accepted = await qig.staff.mutate(
        REVIEW,
        planId=pip["id"],
        version=resubmitted["version"],
        decision="ACCEPTED",
        comment="",
    )
    assert accepted["plan"]["state"] == "ACCEPTED"
    after = await member.payload(
        ADD_GOAL, planId=pip["id"], version=accepted["plan"]["version"], **goal()
    )
    assert codes(after) == ["CORE-PLAN-STATE"]
