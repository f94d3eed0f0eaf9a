"""The whole CPSO QI Groups workflow, end to end, as its roles drive it through the API:
CPSO staff select a member; the member forms a group on a basis and invites peers (one
unselected, one who declines); every member completes the four activities while the group
sees only completion; the group drafts its PIP and asks a QI Coach for help; submission waits
for the last activity; staff return the PIP, the group revises and resubmits, staff accept;
every member's requirement is then met for five years and their 34 credits are claimable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.invitation_support import ACCEPT, DECLINE, MY_INVITATIONS
from tests.qig_support import (
    ACTIVITIES,
    ADD_GOAL,
    ANSWER_SUPPORT,
    ELIGIBILITY,
    FORM,
    GROUPS,
    RECORD,
    REQUEST_SUPPORT,
    REVIEW,
    SELECT,
    STATUS,
    SUBMIT_PIP,
    Qig,
    codes,
    five_years_after,
    goal,
    qig_fixture,  # noqa: F401 (the fixture qig)
    yesterday,
)


async def test_qig_workflow_end_to_end(qig: Qig) -> None:
    # 1. CPSO staff record whom they invited in the cycle.
    lead_person, lead = await qig.person()
    await qig.staff.mutate(
        SELECT, organizationId=qig.organization, cycle="2027", personIds=[lead_person]
    )
    # 2. The member forms a group on a basis and invites peers who were not selected.
    group = (
        await lead.mutate(
            FORM,
            organizationId=qig.organization,
            name="Kingston family medicine QI",
            basis="PRACTICE_SETTING",
            description="One clinic",
        )
    )["group"]["id"]
    peer_person, peer = await qig.person()
    decliner_person, decliner = await qig.person()
    for person in (peer_person, decliner_person):
        await qig.invite(lead, group, person)
    (offered,) = (await peer.data(MY_INVITATIONS, {"state": "PENDING"}))["myInvitations"]["nodes"]
    await peer.mutate(ACCEPT, invitationId=offered["id"])
    (other,) = (await decliner.data(MY_INVITATIONS, {"state": "PENDING"}))["myInvitations"]["nodes"]
    await decliner.mutate(DECLINE, invitationId=other["id"])

    # 3. Each member completes the four activities; the peer is one short for now.
    await qig.complete(lead, group)
    await qig.complete(peer, group, *ACTIVITIES[:3])

    # 4. The group drafts its PIP; 8. and asks a QI Coach for help, which staff answer.
    pip = await qig.pip(lead, group)
    asked = await peer.mutate(
        REQUEST_SUPPORT, groupId=group, advisor="QI_COACH", question="Is a run chart enough?"
    )
    await qig.staff.mutate(ANSWER_SUPPORT, requestId=asked["request"]["id"], answer="Yes, monthly.")

    # 5. Submission waits for every member's four activities; eligibility says who misses what.
    refused = await peer.payload(SUBMIT_PIP, planId=pip["id"], version=pip["version"])
    assert codes(refused) == ["QIG-PIP"]
    found = (await lead.data(ELIGIBILITY, {"group": group}))["qigPipEligibility"]
    assert [(m["personId"], m["activities"]) for m in found["missing"]] == [
        (peer_person, ["DATA_DRIVEN_QI"])
    ]
    await peer.mutate(
        RECORD,
        groupId=group,
        activity="DATA_DRIVEN_QI",
        completedOn=yesterday(),
        minutesSpent=50,
    )
    submitted = (await peer.mutate(SUBMIT_PIP, planId=pip["id"], version=pip["version"]))["pip"]

    # 9. Staff see the group's progress.
    (shown,) = [
        g
        for g in (await qig.staff.data(GROUPS, {"org": qig.organization}))["qigGroups"]
        if g["groupId"] == group
    ]
    assert (shown["pipState"], len(shown["members"]), shown["supportRequests"]) == (
        "SUBMITTED",
        2,
        1,
    )
    assert all(m["missing"] == [] for m in shown["members"])

    # 6. Staff return it with a comment; the group revises and resubmits; staff accept.
    returned = await qig.staff.mutate(
        REVIEW,
        planId=pip["id"],
        version=submitted["version"],
        decision="RETURNED",
        comment="Add a goal on chronic disease follow-up.",
    )
    revised = (
        await lead.mutate(
            ADD_GOAL, planId=pip["id"], version=returned["plan"]["version"], **goal(90)
        )
    )["pip"]
    again = (await lead.mutate(SUBMIT_PIP, planId=pip["id"], version=revised["version"]))["pip"]
    accepted = await qig.staff.mutate(
        REVIEW, planId=pip["id"], version=again["version"], decision="ACCEPTED", comment="Fine."
    )
    assert accepted["plan"]["state"] == "ACCEPTED"

    # 7. Every member met the requirement for five years; credits: 18 + 6 + 3 x 5 = 39.
    today = date.today()
    for person, client in ((lead_person, lead), (peer_person, peer)):
        status = (await client.data(STATUS, {"person": person}))["qigQualityStatus"]
        assert status["metUntil"] == five_years_after(today).isoformat()
        assert Decimal(status["total"]) == Decimal(39)
    declined = (await decliner.data(STATUS, {"person": decliner_person}))["qigQualityStatus"]
    assert declined["metUntil"] is None
