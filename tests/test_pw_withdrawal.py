"""Practising Well dead ends around a learner who leaves the program, each proved closed
through the public GraphQL API and named after the rule it restores: the withdrawal is
recorded, ends matches, cancels requests and leaves groups (PW-ACCOUNT), and closes the
surveys that would otherwise hold the learner's certificates (PW-PROGRESS)."""

from __future__ import annotations

import pytest

from core.db import Database
from tests.factories import unique
from tests.pw_factories import APPLY, DECIDE, PwFactory
from tests.pw_lifecycle_support import (
    ANSWER_SURVEY,
    ELIGIBILITY,
    ROLES,
    WITHDRAW,
    _apply_again,
    _history,
    _open_and_record,
    _waitlist,
)
from tests.pw_support import (
    ADD_TO_LEARNER_GROUP,
    CREATE_LEARNER_GROUP,
    PENDING,
    REQUEST_GUIDE,
    SLUG,
    SUBMIT_SURVEY,
    _attend,
    _call,
    _codes,
    _error_code,
    _guide_profile,
    _make_surveys_overdue,
    _notifications,
    _request_id,
    _requests,
    _surveys,
)

# --- PW-ACCOUNT, PW-PROGRESS: a learner who leaves ----------------------------------------------


@pytest.mark.parametrize("by", ["learner", "staff"])
async def test_pw_account_withdrawal_is_recorded_with_when_and_by_whom(
    pw: PwFactory, by: str
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    if by == "learner":
        withdrawn = await learner.client.mutate(WITHDRAW, reason="Moving abroad.")
    else:
        withdrawn = await staff.mutate(WITHDRAW, accountId=learner.account, reason="Moving abroad.")

    account = withdrawn["learner"]
    assert account["status"] == "WITHDRAWN"
    assert account["withdrawnAt"] is not None
    assert account["withdrawalReason"] == "Moving abroad."
    if by == "learner":
        assert account["withdrawnById"] == learner.person
    else:
        assert account["withdrawnById"] not in (None, learner.person)


async def test_pw_account_withdrawal_ends_matches_and_offers_the_freed_place(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    line = await _waitlist(pw, organization, staff)
    guide, matched, (waiting,) = line.guide, line.matched, line.requests
    (match,) = [
        r["id"]
        for r in (await _history(matched.client, organization)).values()
        if r["status"] == "MATCHED"
    ]

    await matched.client.mutate(WITHDRAW)

    history = await _history(staff, organization)
    assert history[match]["status"] == "ENDED"
    assert history[match]["endedById"] == matched.person
    assert history[waiting]["status"] == "OFFERED"
    assert (await _guide_profile(staff, organization, guide))["load"] == 0


async def test_pw_account_withdrawal_cancels_open_requests(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    full = (await _waitlist(pw, organization, staff, waiting=0)).guide
    waiting = await pw.waitlist(learner, full, staff)
    requested = await _request_id(learner, await pw.guide(organization, staff))

    await learner.client.mutate(WITHDRAW)

    statuses = await _requests(learner.client, organization)
    assert (statuses[waiting], statuses[requested]) == ("CANCELLED", "CANCELLED")
    assert (await _guide_profile(staff, organization, full))["waitlist"] == 0


async def test_pw_account_withdrawal_leaves_learner_groups(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    facilitator = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    group = (
        await staff.mutate(
            CREATE_LEARNER_GROUP, guideId=facilitator.id, name=unique("Group"), capacity=2
        )
    )["group"]["id"]
    await staff.mutate(ADD_TO_LEARNER_GROUP, groupId=group, learnerId=learner.person)

    await staff.mutate(WITHDRAW, accountId=learner.account)

    added = await staff.payload(
        ADD_TO_LEARNER_GROUP,
        groupId=group,
        learnerId=(await pw.learner(organization, staff)).person,
    )
    assert added["errors"] == []
    assert added["group"]["memberCount"] == 1


async def test_pw_progress_withdrawal_closes_open_surveys_unanswered(pw: PwFactory) -> None:
    """Closed, not completed: a survey the learner never answered must not read as answered
    in their record (PW-PROGRESS feeds program evaluation), nor stay owed."""
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    await learner.client.mutate(WITHDRAW)

    still_owed, record = await _open_and_record(learner.client)
    assert still_owed == []
    (survey,) = record
    assert survey["closedAt"] is not None
    assert survey["completedAt"] is None


async def test_pw_progress_withdrawal_issues_the_certificates_an_overdue_survey_held(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)
    call = await _call(staff, organization, hours=1)
    assert (await _attend(staff, call, learner))["certificate"] is None

    await learner.client.mutate(WITHDRAW)

    (left,) = [m for _, m in await _notifications(learner.client) if "You left" in m]
    assert "Community of Practice" in left
    # Nothing waits any longer: back in the program, answering a survey releases nothing.
    await _apply_again(learner, organization, staff)
    answered = await learner.client.mutate(ANSWER_SURVEY, progress=3, reflection="Back.")
    assert answered["released"] == []


async def test_pw_progress_withdrawn_learners_credits_reach_the_ocfp_report(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await _make_surveys_overdue(database, learner.person)
    call = await _call(staff, organization, hours=1)
    entry = (await _attend(staff, call, learner))["creditEntry"]["id"]

    await staff.mutate(WITHDRAW, accountId=learner.account)

    pending = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    assert [p["creditEntryId"] for p in pending] == [entry]


async def test_pw_progress_learner_back_after_leaving_answers_the_new_survey_not_a_closed_one(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)
    await _apply_again(learner, organization, staff)

    await learner.client.mutate(SUBMIT_SURVEY, progress=3, reflection="Back at it.")

    still_owed, record = await _open_and_record(learner.client)
    (closed,) = [s for s in record if s["closedAt"] is not None]
    assert closed["completedAt"] is None
    assert len(still_owed) == 1


async def test_pw_progress_withdrawn_learners_overdue_survey_withholds_nothing(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)

    await learner.client.mutate(WITHDRAW)

    decision = (
        await staff.data(ELIGIBILITY, {"person": learner.person, "action": f"{SLUG}.certificate"})
    )["eligibility"]
    assert decision["reasons"] == [{"code": "PW-PROGRESS", "allowed": True}]


async def test_pw_progress_withdrawn_learner_is_scheduled_no_new_survey(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    answered = await learner.client.payload(SUBMIT_SURVEY, progress=3, reflection="Still here")

    assert [code for code, _ in _codes(answered)] == ["PW-ACCOUNT"]
    still_owed, record = await _open_and_record(learner.client)
    assert still_owed == []
    assert len(record) == 1  # the survey closed on leaving, and no other


async def test_pw_account_withdrawn_learner_cannot_request_a_guide(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    requested = await learner.client.payload(REQUEST_GUIDE, guideId=guide.id)

    assert [code for code, _ in _codes(requested)] == ["PW-ACCOUNT"]
    assert "apply again" in requested["errors"][0]["message"]


async def test_pw_account_withdrawn_learner_applies_again_and_staff_approve_again(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    applied = await learner.client.mutate(
        APPLY, organizationId=organization, topicAreas=["CHRONIC_PAIN"], reporting="CERTIFICATE"
    )
    pending = await learner.client.payload(REQUEST_GUIDE, guideId=guide.id)
    approved = await staff.payload(DECIDE, accountId=applied["learner"]["id"], approve=True)

    assert applied["learner"] == {"id": learner.account, "status": "PENDING"}
    assert [code for code, _ in _codes(pending)] == ["PW-ACCOUNT"]
    assert approved["errors"] == []
    assert approved["learner"]["status"] == "APPROVED"
    assert [s["completedAt"] for s in await _surveys(learner.client)][-1] is None
    roles = (await staff.data(ROLES, {"id": learner.person}))["node"]["roles"]
    assert roles.count({"role": "MEMBER", "program": SLUG}) == 1
    await pw.match(learner, guide, staff)


async def test_pw_account_another_learner_cannot_withdraw_an_account(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner, other = [await pw.learner(organization, staff) for _ in range(2)]

    body = await other.client.execute(WITHDRAW, {"input": {"accountId": learner.account}})

    assert _error_code(body) == "FORBIDDEN"


async def test_pw_account_withdrawn_account_is_not_withdrawn_twice(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(WITHDRAW)

    again = await staff.payload(WITHDRAW, accountId=learner.account)

    assert [code for code, _ in _codes(again)] == ["PW-ACCOUNT"]
