"""Corrections: a reversed or corrected entry gives back what a cap cut from the others
(CORE-CREDIT-CAP-REBALANCE), attendance can be corrected or withdrawn, and neither depends on
which entry is corrected nor on the order of concurrent requests.

The example program pays 3 credits an hour up to 36 (EX-CREDIT): five workshops of 2.5 hours
earn 7.50 x 4 + 6.00 (cut by the cap) = 36.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient

RECORD = """
mutation($input: RecordParticipationInput!) {
  recordParticipation(input: $input) {
    participation { id hours }
    creditEntry { id amount }
    errors { code field message }
  }
}"""

REVERSE = """
mutation($input: ReverseCreditEntryInput!) {
  reverseCreditEntry(input: $input) { entry { id amount } errors { code field message } }
}"""

CORRECT = """
mutation($input: CorrectAttendanceInput!) {
  correctAttendance(input: $input) {
    participation { id hours withdrawnAt correctionNote }
    reversals { amount reversesEntryId }
    creditEntry { amount }
    errors { code field message }
  }
}"""

WITHDRAW = """
mutation($input: WithdrawAttendanceInput!) {
  withdrawAttendance(input: $input) {
    participation { id withdrawnAt correctionNote }
    reversals { amount }
    errors { code field message }
  }
}"""

LEDGER = """
query($id: ID!) {
  transcript(personId: $id, cycleStart: "2023-07-01") {
    total
    entries { nodes { id amount explanation restoresEntryId reversesEntryId } }
  }
}"""


async def _attend(gql: GraphQLClient, make: Factory, person: str, hours: str) -> dict:
    activity = await make.activity(hours=Decimal(hours))
    return await gql.mutate(RECORD, activityId=activity, personId=person, hours=hours)


async def _five_sessions(gql: GraphQLClient, make: Factory) -> tuple[str, list[dict]]:
    person = await make.person()
    return person, [await _attend(gql, make, person, "2.5") for _ in range(5)]


async def _ledger(gql: GraphQLClient, person: str) -> dict:
    return (await gql.data(LEDGER, {"id": person}))["transcript"]


@pytest.mark.parametrize("reversed_index", [0, 2, 4])
async def test_core_credit_cap_rebalance_total_does_not_depend_on_which_entry_is_reversed(
    gql: GraphQLClient, make: Factory, reversed_index: int
) -> None:
    person, sessions = await _five_sessions(gql, make)
    assert [Decimal(s["creditEntry"]["amount"]) for s in sessions] == [7.5] * 4 + [6]

    entry = sessions[reversed_index]["creditEntry"]["id"]
    await gql.mutate(REVERSE, entryId=entry, reason="Logged in error.")

    assert Decimal((await _ledger(gql, person))["total"]) == 30


async def test_core_credit_cap_rebalance_restores_the_cut_entry_in_an_explained_entry(
    gql: GraphQLClient, make: Factory
) -> None:
    person, sessions = await _five_sessions(gql, make)

    await gql.mutate(REVERSE, entryId=sessions[0]["creditEntry"]["id"], reason="Duplicate.")

    entries = (await _ledger(gql, person))["entries"]["nodes"]
    (restoration,) = [e for e in entries if e["restoresEntryId"]]
    assert restoration["restoresEntryId"] == sessions[4]["creditEntry"]["id"]
    assert Decimal(restoration["amount"]) == Decimal("1.5")
    assert "EX-CREDIT" in restoration["explanation"]
    assert "Restores 1.50" in restoration["explanation"]


async def test_core_credit_cap_rebalance_reversal_takes_back_what_was_restored(
    gql: GraphQLClient, make: Factory
) -> None:
    person, sessions = await _five_sessions(gql, make)
    await gql.mutate(REVERSE, entryId=sessions[0]["creditEntry"]["id"], reason="Duplicate.")

    await gql.mutate(REVERSE, entryId=sessions[4]["creditEntry"]["id"], reason="Also wrong.")

    assert Decimal((await _ledger(gql, person))["total"]) == Decimal("22.5")


async def test_core_credit_not_reversible_restoration_is_reversed_with_its_award(
    gql: GraphQLClient, make: Factory
) -> None:
    person, sessions = await _five_sessions(gql, make)
    await gql.mutate(REVERSE, entryId=sessions[0]["creditEntry"]["id"], reason="Duplicate.")
    entries = (await _ledger(gql, person))["entries"]["nodes"]
    (restoration,) = [e for e in entries if e["restoresEntryId"]]

    payload = await gql.payload(REVERSE, entryId=restoration["id"], reason="Try.")

    assert [e["code"] for e in payload["errors"]] == ["CORE-CREDIT-NOT-REVERSIBLE"]


async def test_core_attendance_corrected_hours_are_awarded_again_within_the_cap(
    gql: GraphQLClient, make: Factory
) -> None:
    person, sessions = await _five_sessions(gql, make)

    payload = await gql.mutate(
        CORRECT,
        participationId=sessions[0]["participation"]["id"],
        hours="1",
        reason="Left after the first hour.",
    )

    assert payload["participation"]["hours"] == "1.00"
    assert [Decimal(r["amount"]) for r in payload["reversals"]] == [Decimal("-7.5")]
    assert Decimal(payload["creditEntry"]["amount"]) == 3
    # 3 + 7.5 x 4: the fifth session regains the 1.50 the cap cut, 33 in all, under 36
    assert Decimal((await _ledger(gql, person))["total"]) == 33


async def test_core_participation_withdrawn_reverses_its_credit_and_stays_recorded(
    gql: GraphQLClient, make: Factory
) -> None:
    person, sessions = await _five_sessions(gql, make)

    payload = await gql.mutate(
        WITHDRAW, participationId=sessions[1]["participation"]["id"], reason="Not there."
    )

    assert payload["participation"]["withdrawnAt"] is not None
    assert payload["participation"]["correctionNote"] == "Not there."
    assert [Decimal(r["amount"]) for r in payload["reversals"]] == [Decimal("-7.5")]
    assert Decimal((await _ledger(gql, person))["total"]) == 30


async def test_core_participation_withdrawn_twice_is_refused(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()
    attended = await _attend(gql, make, person, "2")
    participation = attended["participation"]["id"]
    await gql.mutate(WITHDRAW, participationId=participation, reason="Not there.")

    payload = await gql.payload(WITHDRAW, participationId=participation, reason="Again.")

    assert [e["code"] for e in payload["errors"]] == ["CORE-PARTICIPATION-WITHDRAWN"]


async def test_core_credit_cap_rebalance_holds_under_concurrent_awards_and_corrections(
    gql: GraphQLClient, make: Factory
) -> None:
    """Six of twelve 1-hour awards (36 credits) reversed while eight more are awarded, all
    at once: fourteen live hours earn 42, so the cap leaves exactly 36 whatever the order."""
    person = await make.person()
    first = [await _attend(gql, make, person, "1") for _ in range(12)]
    later = [await make.activity(hours=1) for _ in range(8)]

    results = await asyncio.gather(
        *(gql.payload(RECORD, activityId=a, personId=person, hours="1") for a in later),
        *(
            gql.payload(REVERSE, entryId=s["creditEntry"]["id"], reason="Duplicate.")
            for s in first[:6]
        ),
    )

    assert all(r["errors"] == [] for r in results)
    assert Decimal((await _ledger(gql, person))["total"]) == 36
