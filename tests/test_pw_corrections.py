"""Practising Well: what was logged in error is corrected or withdrawn by whoever may log it,
one session earns one credit, and PW-PROGRESS holds credits back on both reporting paths and
releases them when the survey is answered."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from core.db import Database
from tests.graphql_client import GraphQLClient
from tests.pw_factories import Guide, Learner, PwFactory
from tests.pw_lifecycle_support import WITHDRAW
from tests.pw_support import (
    END_MATCH,
    MARK_REPORTED,
    PENDING,
    SESSIONS,
    _ago,
    _call,
    _codes,
    _log,
    _make_surveys_overdue,
    _total,
)

CORRECT_SESSION = """
mutation($input: PwCorrectSessionInput!) {
  pwCorrectSession(input: $input) {
    session { id hours } reversals { amount } creditEntry { amount }
    errors { code field message }
  }
}"""

WITHDRAW_SESSION = """
mutation($input: PwWithdrawSessionInput!) {
  pwWithdrawSession(input: $input) {
    session { id } participation { withdrawnAt } reversals { amount }
    errors { code field message }
  }
}"""

ATTEND = """
mutation($input: PwRecordCallAttendanceInput!) {
  pwRecordCallAttendance(input: $input) {
    participation { id } creditEntry { id amount } certificate { id credits }
    errors { code field message }
  }
}"""

CORRECT_ATTENDANCE = """
mutation($input: CorrectAttendanceInput!) {
  pwCorrectCallAttendance(input: $input) {
    reversals { amount } creditEntry { amount } errors { code field message }
  }
}"""

WITHDRAW_ATTENDANCE = """
mutation($input: WithdrawAttendanceInput!) {
  pwWithdrawCallAttendance(input: $input) { reversals { amount } errors { code field message } }
}"""

SUBMIT_SURVEY = """
mutation($input: PwSubmitProgressSurveyInput!) {
  pwSubmitProgressSurvey(input: $input) {
    report { id } released { title credits } errors { code field message }
  }
}"""


async def _matched(pw: PwFactory) -> tuple[GraphQLClient, Guide, Learner]:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)
    return staff, guide, learner


async def _sessions(learner: Learner) -> list[dict[str, Any]]:
    return (await learner.client.data(SESSIONS, {"learner": learner.person}))["pwSessions"]


# --- PW-CREDIT-PEER: one session, one credit ---------------------------------------------------


async def test_pw_credit_peer_session_logged_by_the_learner_is_not_logged_again_by_the_guide(
    pw: PwFactory,
) -> None:
    _, guide, learner = await _matched(pw)
    await _log(learner.client, guide, learner, "2", _ago(3))

    again = await _log(guide.client, guide, learner, "2", _ago(3))

    assert _codes(again) == [("PW-CREDIT-PEER", "heldOn")]
    assert "correct" in again["errors"][0]["message"]
    assert await _total(learner.client, learner.person) == 6


async def test_pw_credit_peer_one_session_when_learner_and_guide_log_it_at_once(
    pw: PwFactory,
) -> None:
    _, guide, learner = await _matched(pw)

    logs = await asyncio.gather(
        *(_log(c, guide, learner, "1.5", _ago(2)) for c in [learner.client, guide.client] * 5)
    )

    assert sum(1 for p in logs if not p["errors"]) == 1
    assert {c for p in logs for c, _ in _codes(p)} == {"PW-CREDIT-PEER"}
    assert await _total(learner.client, learner.person) == Decimal("4.5")


# --- PW-CREDIT-PEER: corrections ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["learner", "guide", "staff"])
async def test_pw_credit_peer_session_withdrawn_leaves_the_list_and_the_total(
    pw: PwFactory, who: str
) -> None:
    staff, guide, learner = await _matched(pw)
    logged = await _log(learner.client, guide, learner, "2", _ago(4))
    client = {"learner": learner.client, "guide": guide.client, "staff": staff}[who]

    payload = await client.mutate(
        WITHDRAW_SESSION, sessionId=logged["session"]["id"], reason="Logged in error."
    )

    assert payload["participation"]["withdrawnAt"] is not None
    assert [Decimal(r["amount"]) for r in payload["reversals"]] == [-6]
    assert await _sessions(learner) == []
    assert await _total(learner.client, learner.person) == 0


async def test_pw_credit_peer_session_corrected_hours_earn_again_and_the_cap_gives_back(
    pw: PwFactory,
) -> None:
    """Five sessions of 2.5 h: 7.5 x 4 + 6 (cut by PW-CREDIT-PEER at 36). The first was 1 h:
    3 + 7.5 x 4 = 33, the fifth regaining what the cap cut."""
    _, guide, learner = await _matched(pw)
    logs = [await _log(learner.client, guide, learner, "2.5", _ago(n)) for n in range(1, 6)]

    payload = await guide.client.mutate(
        CORRECT_SESSION, sessionId=logs[0]["session"]["id"], hours="1", reason="One hour."
    )

    assert payload["session"]["hours"] == "1.00"
    assert Decimal(payload["creditEntry"]["amount"]) == 3
    assert await _total(learner.client, learner.person) == 33
    hours = sorted(Decimal(s["hours"]) for s in await _sessions(learner))
    assert hours == [1] + [Decimal("2.5")] * 4


async def test_pw_credit_peer_withdrawn_session_frees_the_day_for_a_new_log(
    pw: PwFactory,
) -> None:
    _, guide, learner = await _matched(pw)
    logged = await _log(learner.client, guide, learner, "2", _ago(5))
    await learner.client.mutate(WITHDRAW_SESSION, sessionId=logged["session"]["id"], reason="Oops")

    again = await _log(guide.client, guide, learner, "1", _ago(5))

    assert again["errors"] == []
    assert await _total(learner.client, learner.person) == 3


async def test_pw_credit_peer_session_of_someone_else_cannot_be_corrected(
    pw: PwFactory,
) -> None:
    _, guide, learner = await _matched(pw)
    logged = await _log(learner.client, guide, learner, "2", _ago(6))
    organization, staff = await pw.ocfp()
    stranger = await pw.learner(organization, staff)

    body = await stranger.client.execute(
        WITHDRAW_SESSION,
        {"input": {"sessionId": logged["session"]["id"], "reason": "Not mine."}},
    )

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await _total(learner.client, learner.person) == 6


async def test_pw_credit_peer_guide_whose_match_ended_cannot_correct_its_sessions(
    pw: PwFactory,
) -> None:
    """Logging needs an active match; so does correcting. The guide no longer follows the
    learner (pwSessions refuses them), so the refusal is the stranger's: it says nothing."""
    staff, guide, learner = await _matched(pw)
    logged = (await _log(guide.client, guide, learner, "2", _ago(7)))["session"]["id"]
    await staff.mutate(END_MATCH, guideId=guide.id, learnerId=learner.person)

    corrected = await guide.client.execute(
        CORRECT_SESSION, {"input": {"sessionId": logged, "hours": "8", "reason": "More."}}
    )
    withdrawn = await guide.client.execute(
        WITHDRAW_SESSION, {"input": {"sessionId": logged, "reason": "Gone."}}
    )

    assert [e["extensions"]["code"] for e in corrected["errors"]] == ["FORBIDDEN"]
    assert [e["extensions"]["code"] for e in withdrawn["errors"]] == ["FORBIDDEN"]
    assert await _total(learner.client, learner.person) == 6


async def test_pw_credit_peer_learner_who_left_cannot_correct_their_sessions(
    pw: PwFactory,
) -> None:
    """The learner still sees their own sessions, so they are told why (and who can)."""
    _, guide, learner = await _matched(pw)
    logged = (await _log(learner.client, guide, learner, "2", _ago(8)))["session"]["id"]
    await learner.client.mutate(WITHDRAW)

    corrected = await learner.client.payload(
        CORRECT_SESSION, sessionId=logged, hours="8", reason="More."
    )
    withdrawn = await learner.client.payload(WITHDRAW_SESSION, sessionId=logged, reason="Gone.")

    assert _codes(corrected) == _codes(withdrawn) == [("PW-CREDIT-PEER", "sessionId")]
    assert "staff" in withdrawn["errors"][0]["message"]
    assert await _total(learner.client, learner.person) == 6


async def test_pw_credit_peer_staff_correct_sessions_after_the_match_and_the_account_end(
    pw: PwFactory,
) -> None:
    staff, guide, learner = await _matched(pw)
    logged = (await _log(learner.client, guide, learner, "2", _ago(9)))["session"]["id"]
    await learner.client.mutate(WITHDRAW)  # ends the match too

    corrected = await staff.mutate(CORRECT_SESSION, sessionId=logged, hours="1", reason="1 h.")

    assert Decimal(corrected["creditEntry"]["amount"]) == 3
    assert await _total(learner.client, learner.person) == 3


# --- PW-CREDIT-COP: corrections ----------------------------------------------------------------


async def test_pw_credit_cop_attendance_corrected_by_staff_follows_through_the_ledger(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    call = await _call(staff, organization, hours=2)
    attended = await staff.mutate(ATTEND, callId=call, learnerId=learner.person, hours="2")

    corrected = await staff.mutate(
        CORRECT_ATTENDANCE,
        participationId=attended["participation"]["id"],
        hours="1",
        reason="Joined an hour late.",
    )

    assert [Decimal(r["amount"]) for r in corrected["reversals"]] == [-2]
    assert Decimal(corrected["creditEntry"]["amount"]) == 1
    assert await _total(learner.client, learner.person) == 1


async def test_pw_credit_cop_attendance_withdrawn_only_by_program_staff(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    call = await _call(staff, organization, hours=1)
    attended = await staff.mutate(ATTEND, callId=call, learnerId=learner.person, hours="1")
    variables = {"input": {"participationId": attended["participation"]["id"], "reason": "No."}}

    refused = await learner.client.execute(WITHDRAW_ATTENDANCE, variables)
    withdrawn = await staff.mutate(WITHDRAW_ATTENDANCE, **variables["input"])

    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert [Decimal(r["amount"]) for r in withdrawn["reversals"]] == [-1]
    assert await _total(learner.client, learner.person) == 0


# --- PW-PROGRESS on both reporting paths -------------------------------------------------------


async def test_pw_progress_answered_survey_releases_the_withheld_call_certificate(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)
    await _make_surveys_overdue(database, learner.person)
    call = await _call(staff, organization, hours=1)
    attended = await staff.mutate(ATTEND, callId=call, learnerId=learner.person, hours="1")
    assert attended["certificate"] is None

    answered = await learner.client.mutate(SUBMIT_SURVEY, progress=4, reflection="On track.")

    (certificate,) = answered["released"]
    assert "Community of Practice" in certificate["title"]
    assert Decimal(certificate["credits"]) == 1


async def test_pw_progress_overdue_survey_holds_credits_back_from_the_ocfp_report(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, reporting="OCFP_ENTERS")
    await _make_surveys_overdue(database, learner.person)
    call = await _call(staff, organization, hours=1)
    attended = await staff.mutate(ATTEND, callId=call, learnerId=learner.person, hours="1")
    entry = attended["creditEntry"]["id"]

    held = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]
    refused = await staff.payload(
        MARK_REPORTED, organizationId=organization, creditEntryIds=[entry]
    )
    await learner.client.mutate(SUBMIT_SURVEY, progress=3, reflection="Caught up.")
    released = (await staff.data(PENDING, {"org": organization}))["pwPendingCreditReport"]

    assert held == []
    assert _codes(refused) == [("PW-PROGRESS", "entryIds")]
    assert [r["creditEntryId"] for r in released] == [entry]
