"""PW-ACCOUNT and PW-DIRECTORY: who may join Practising Well and who sees its Peer Guides.

Program staff approve or decline an application, and the learner hears which; only an
approved learner requests a guide, and only approved learners, guides and staff of the
organization see the guide directory.

Every OCFP world is made fresh per test (its own organization and program staff), so tests
share the session's database without seeing each other's data.
"""

from __future__ import annotations

from typing import Any

from tests.factories import Factory
from tests.pw_factories import PwFactory
from tests.pw_support import (
    CREATE_GUIDE,
    DECIDE,
    MY_ACCOUNT,
    SLUG,
    UPDATE_GUIDE,
    _codes,
    _directory,
    _error_code,
    _notifications,
    _request,
    _requests,
)

# --- PW-ACCOUNT --------------------------------------------------------------------------------


async def test_pw_account_unapproved_learner_cannot_request_a_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, approved=False)

    payload = await _request(learner, guide)

    assert [code for code, _ in _codes(payload)] == ["PW-ACCOUNT"]
    assert "pending" in payload["errors"][0]["message"]
    assert payload["request"] is None
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "PENDING"
    assert await _requests(staff, organization) == {}


async def test_pw_account_approval_notifies_the_learner(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)
    assert await _notifications(learner.client) == []

    approved = await staff.mutate(DECIDE, accountId=learner.account, approve=True)

    assert approved["learner"]["status"] == "APPROVED"
    ((kind, message),) = await _notifications(learner.client)
    assert kind == f"{SLUG}.account"
    assert "approved" in message
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "APPROVED"


async def test_pw_account_declined_application_is_notified_and_cannot_request(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, approved=False)

    declined = await staff.mutate(
        DECIDE, accountId=learner.account, approve=False, note="Not an Ontario licence."
    )
    again = await staff.payload(DECIDE, accountId=learner.account, approve=True)
    request = await _request(learner, guide)

    assert declined["learner"]["status"] == "DECLINED"
    assert declined["learner"]["decisionNote"] == "Not an Ontario licence."
    ((kind, message),) = await _notifications(learner.client)
    assert kind == f"{SLUG}.account"
    assert "not approved" in message
    assert "Not an Ontario licence." in message
    assert [code for code, _ in _codes(again)] == ["PW-ACCOUNT"]
    assert [code for code, _ in _codes(request)] == ["PW-ACCOUNT"]
    assert "declined" in request["errors"][0]["message"]


async def test_pw_account_only_program_staff_decide_applications(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)
    other_learner = await pw.learner(organization, staff)
    _, other_staff = await pw.ocfp()

    by_learner = await other_learner.client.execute(
        DECIDE, {"input": {"accountId": learner.account, "approve": True}}
    )
    by_other_staff = await other_staff.execute(
        DECIDE, {"input": {"accountId": learner.account, "approve": True}}
    )

    assert _error_code(by_learner) == "FORBIDDEN"
    assert _error_code(by_other_staff) == "FORBIDDEN"
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "PENDING"


# --- PW-DIRECTORY ------------------------------------------------------------------------------


async def test_pw_directory_is_closed_to_an_unapproved_learner(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff, approved=False)

    directory = await _directory(learner.client, organization)

    assert directory["decision"]["allowed"] is False
    assert [(r["code"], r["allowed"]) for r in directory["decision"]["reasons"]] == [
        ("PW-DIRECTORY", False)
    ]
    assert directory["guides"] == []


async def test_pw_directory_is_open_to_an_approved_learner_with_capacity_and_load(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff, capacity=2)
    matched = await pw.learner(organization, staff)
    await pw.match(matched, guide, staff)
    learner = await pw.learner(organization, staff)

    directory = await _directory(learner.client, organization)

    assert directory["decision"]["allowed"] is True
    assert [r["code"] for r in directory["decision"]["reasons"]] == ["PW-DIRECTORY"]
    (profile,) = directory["guides"]
    assert profile["id"] == guide.id
    assert profile["bio"] == "Experienced family physician and mentor."
    assert profile["topics"] == ["MENTAL_HEALTH", "CHRONIC_PAIN"]
    assert (profile["capacity"], profile["load"], profile["waitlist"]) == (2, 1, 0)
    assert profile["accepting"] is True
    assert profile["available"] is True


async def test_pw_directory_filters_by_topic_and_availability(pw: PwFactory, make: Factory) -> None:
    organization, staff = await pw.ocfp()
    pain_and_mood = await pw.guide(organization, staff, capacity=1)
    full = await pw.guide(organization, staff, capacity=1)
    await pw.match(await pw.learner(organization, staff), full, staff)
    resting = await pw.guide(organization, staff, capacity=1)
    await staff.mutate(UPDATE_GUIDE, guideId=resting.id, accepting=False)
    addiction = await staff.mutate(
        CREATE_GUIDE,
        personId=await make.person(organization=organization),
        organizationId=organization,
        bio="Addiction medicine.",
        topicAreas=["SUBSTANCE_USE"],
        capacity=2,
    )
    addiction_id = addiction["guide"]["id"]
    learner = await pw.learner(organization, staff)

    async def ids(**variables: Any) -> list[str]:
        directory = await _directory(learner.client, organization, **variables)
        return [g["id"] for g in directory["guides"]]

    assert await ids() == [pain_and_mood.id, full.id, resting.id, addiction_id]
    assert await ids(topic="SUBSTANCE_USE") == [addiction_id]
    assert await ids(topic="CHRONIC_PAIN") == [pain_and_mood.id, full.id, resting.id]
    assert await ids(availableOnly=True) == [pain_and_mood.id, addiction_id]
    assert await ids(topic="CHRONIC_PAIN", availableOnly=True) == [pain_and_mood.id]


async def test_pw_directory_shows_only_the_learners_own_organizations_guides(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    await pw.guide(organization, staff)
    elsewhere, other_staff = await pw.ocfp()
    outsider = await pw.learner(elsewhere, other_staff)

    directory = await _directory(outsider.client, organization)

    assert directory["guides"] == []
