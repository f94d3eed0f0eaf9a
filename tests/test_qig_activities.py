"""QIG-INDIVIDUAL: each member completes the four activities once, with date and time spent;
their answers are theirs and CPSO staff's, the group sees only who completed what."""

from __future__ import annotations

from datetime import date, timedelta

from tests.qig_support import (
    ACTIVITIES,
    PROGRESS,
    RECORD,
    RECORDS,
    Qig,
    codes,
    qig_fixture,  # noqa: F401 (the fixture qig)
    yesterday,
)


async def test_qig_individual_each_activity_is_recorded_once_with_date_and_time(qig: Qig) -> None:
    group = await qig.group(peers=1)
    lead = group.lead[1]
    await qig.complete(lead, group.id, "QI_SURVEY", "PRACTICE_PROFILE")
    again = await lead.payload(
        RECORD,
        groupId=group.id,
        activity="QI_SURVEY",
        completedOn=yesterday(),
        minutesSpent=20,
    )
    assert codes(again) == ["QIG-INDIVIDUAL"]
    future = (date.today() + timedelta(days=2)).isoformat()
    ahead = await lead.payload(
        RECORD, groupId=group.id, activity="CHART_REVIEW", completedOn=future, minutesSpent=20
    )
    assert [e["field"] for e in ahead["errors"]] == ["completedOn"]
    mine = (await lead.data(RECORDS, {"group": group.id, "person": group.lead[0]}))[
        "qigActivityRecords"
    ]
    assert [(r["activity"], r["minutesSpent"]) for r in mine] == [
        ("QI_SURVEY", 40),
        ("PRACTICE_PROFILE", 40),
    ]


async def test_qig_individual_answers_are_private_the_group_sees_completion(qig: Qig) -> None:
    group = await qig.group(peers=1)
    (lead_person, lead), (_, peer) = group.lead, group.members[0]
    await qig.complete(lead, group.id, "QI_SURVEY")

    refused = await peer.execute(RECORDS, {"group": group.id, "person": lead_person})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    staff = (await qig.staff.data(RECORDS, {"group": group.id, "person": lead_person}))[
        "qigActivityRecords"
    ]
    assert staff[0]["answers"] == "My private notes on QI_SURVEY."
    progress = (await peer.data(PROGRESS, {"group": group.id}))["qigGroupProgress"]
    shown = {m["personId"]: m for m in progress["members"]}
    assert shown[lead_person]["completed"] == ["QI_SURVEY"]
    assert shown[lead_person]["missing"] == list(ACTIVITIES[1:])
    assert "answers" not in str(progress)


async def test_qig_individual_only_members_record_their_own(qig: Qig) -> None:
    group = await qig.group(peers=0)
    _, outsider = await qig.person()
    refused = await outsider.execute(
        RECORD.replace("$input", "$input"),
        {
            "input": {
                "groupId": group.id,
                "activity": "QI_SURVEY",
                "completedOn": yesterday(),
                "minutesSpent": 10,
            }
        },
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
