"""QIG-COMPLETE: an accepted PIP meets every member's quality requirement until completion
plus five years (setting), and awards CPSO's published credits as achievement credits, each
explained: 6 per credited activity (at most 18, none for the QI Survey), 6 for the PIP and 5
per Linking Learning exercise per goal (34 with two goals). QIG-SUPPORT: requests and their
answers are kept; a request is answered once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.qig_support import (
    ANSWER_SUPPORT,
    PROGRESS,
    REQUEST_SUPPORT,
    REVIEW,
    STATUS,
    SUPPORT_REQUESTS,
    Qig,
    codes,
    five_years_after,
    qig_fixture,  # noqa: F401 (the fixture qig)
)


async def test_qig_complete_met_until_and_credits_follow_cpso_values(qig: Qig) -> None:
    group, pip = await qig.submitted(peers=1)
    await qig.staff.mutate(
        REVIEW, planId=pip["id"], version=pip["version"], decision="ACCEPTED", comment=""
    )

    today = date.today()
    for person, client in group.everyone:
        status = (await client.data(STATUS, {"person": person}))["qigQualityStatus"]
        assert status["metUntil"] == five_years_after(today).isoformat()
        assert [c["groupId"] for c in status["completions"]] == [group.id]
        amounts = sorted(Decimal(c["amount"]) for c in status["claims"])
        assert amounts == [Decimal(5)] * 2 + [Decimal(6)] * 4
        assert Decimal(status["total"]) == Decimal(34)
        assert {c["creditType"] for c in status["claims"]} == {"certified-assessment"}
        assert all(c["explanation"] for c in status["claims"])
        assert not any("QI Survey" in c["explanation"] for c in status["claims"])

    staff_view = (await qig.staff.data(STATUS, {"person": group.lead[0]}))["qigQualityStatus"]
    assert Decimal(staff_view["total"]) == Decimal(34)
    progress = (await qig.staff.data(PROGRESS, {"group": group.id}))["qigGroupProgress"]
    assert progress["pipState"] == "ACCEPTED"


async def test_qig_complete_nothing_is_met_before_acceptance(qig: Qig) -> None:
    group, _ = await qig.submitted(peers=0)
    status = (await group.lead[1].data(STATUS, {"person": group.lead[0]}))["qigQualityStatus"]
    assert (status["metUntil"], status["claims"], Decimal(status["total"])) == (None, [], 0)


async def test_qig_support_requests_and_answers_are_kept(qig: Qig) -> None:
    group = await qig.group(peers=1)
    asked = await group.members[0][1].mutate(
        REQUEST_SUPPORT,
        groupId=group.id,
        advisor="MEDICAL_ADVISOR",
        question="Can our PIP include a goal on after-hours coverage?",
    )
    request = asked["request"]["id"]
    refused = await group.lead[1].execute(
        ANSWER_SUPPORT, {"input": {"requestId": request, "answer": "Yes."}}
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    answered = await qig.staff.mutate(
        ANSWER_SUPPORT, requestId=request, answer="Yes, as an access goal."
    )
    assert answered["request"]["answer"] == "Yes, as an access goal."
    again = await qig.staff.payload(ANSWER_SUPPORT, requestId=request, answer="Again")
    assert codes(again) == ["QIG-SUPPORT"]
    shown = (await group.lead[1].data(SUPPORT_REQUESTS, {"group": group.id}))["qigSupportRequests"]
    assert [(r["advisor"], r["answer"]) for r in shown] == [
        ("MEDICAL_ADVISOR", "Yes, as an access goal.")
    ]
    progress = (await qig.staff.data(PROGRESS, {"group": group.id}))["qigGroupProgress"]
    assert (progress["supportRequests"], progress["openSupportRequests"]) == (1, 0)
