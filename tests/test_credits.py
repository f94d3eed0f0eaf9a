"""The credit ledger: rates from certifications, caps that hold, explanations, reversals."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from core.db import Database
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

TRANSCRIPT = """
query($id: ID!) {
  transcript(personId: $id, cycleStart: "2023-07-01") {
    total byProgram { program total certified }
    cycle { total met requirements { code earned } years { startsOn total met } }
    entries { nodes { amount formula } }
  }
}"""

ENTRY = "query($id: ID!) { node(id: $id) { ... on CreditEntry { earnedOn } } }"

REVERSE = """
mutation($input: ReverseCreditEntryInput!) {
  reverseCreditEntry(input: $input) { entry { amount explanation reversesEntryId }
                                      errors { code message } }
}"""


async def _log(gql: GraphQLClient, make: Factory, person: str, hours: str) -> dict:
    activity = await make.activity(hours=Decimal(hours))
    return await gql.mutate(RECORD_PARTICIPATION, activityId=activity, personId=person, hours=hours)


async def test_credit_cap_at_its_edge_cuts_the_award_and_names_the_cap(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()

    first = await _log(gql, make, person, "11.5")
    second = await _log(gql, make, person, "1")

    assert Decimal(first["creditEntry"]["amount"]) == Decimal("34.5")
    entry = second["creditEntry"]
    assert Decimal(entry["amount"]) == Decimal("1.5")
    (cap,) = entry["capsApplied"]
    assert cap["code"] == "EX-CREDIT"
    assert Decimal(cap["limit"]) == 36
    assert Decimal(cap["alreadyAwarded"]) == Decimal("34.5")
    assert (Decimal(cap["before"]), Decimal(cap["after"])) == (Decimal(3), Decimal("1.5"))
    assert "EX-CREDIT" in entry["explanation"]
    assert "36.00" in entry["explanation"]
    total = (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]["total"]
    assert Decimal(total) == 36


async def test_credit_cap_reached_awards_zero_and_explains(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()
    await _log(gql, make, person, "12")

    entry = (await _log(gql, make, person, "2"))["creditEntry"]

    assert Decimal(entry["amount"]) == 0
    assert "EX-CREDIT" in entry["explanation"]


async def test_credit_cap_holds_under_50_concurrent_awards(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()
    activities = [await make.activity(hours=1) for _ in range(50)]

    payloads = await asyncio.gather(
        *(
            gql.payload(RECORD_PARTICIPATION, activityId=a, personId=person, hours="1")
            for a in activities
        )
    )

    assert all(not p["errors"] for p in payloads)
    amounts = sorted(Decimal(p["creditEntry"]["amount"]) for p in payloads)
    assert sum(amounts) == 36
    assert amounts.count(Decimal(3)) == 12
    total = (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]["total"]
    assert Decimal(total) == 36


async def test_credit_rate_comes_from_the_certification_in_force(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()
    before = await make.activity(hours=2, starts_at=datetime(2024, 11, 1, 17, tzinfo=UTC))
    after = await make.activity(hours=2, starts_at=datetime(2025, 1, 10, 17, tzinfo=UTC))

    old = await gql.mutate(RECORD_PARTICIPATION, activityId=before, personId=person, hours="2")
    new = await gql.mutate(RECORD_PARTICIPATION, activityId=after, personId=person, hours="2")

    assert Decimal(old["creditEntry"]["rate"]) == 3
    assert Decimal(old["creditEntry"]["amount"]) == 6
    assert Decimal(new["creditEntry"]["rate"]) == 1
    assert Decimal(new["creditEntry"]["amount"]) == 2


async def test_credit_refused_by_program_rule_is_explained(
    gql: GraphQLClient, make: Factory
) -> None:
    moa = await make.person("MOA")
    activity = await make.activity(hours=1)

    payload = await gql.mutate(RECORD_PARTICIPATION, activityId=activity, personId=moa, hours="1")

    assert payload["participation"]["hours"] == "1.00"
    assert payload["creditEntry"] is None
    decision = payload["creditDecision"]
    assert decision["allowed"] is False
    assert [r["code"] for r in decision["reasons"]] == ["EX-PHYSICIAN"]


async def test_credit_reversal_appends_and_frees_the_cap(gql: GraphQLClient, make: Factory) -> None:
    person = await make.person()
    entry = (await _log(gql, make, person, "12"))["creditEntry"]

    reversal = await gql.mutate(REVERSE, entryId=entry["id"], reason="Logged twice")
    again = await gql.payload(REVERSE, entryId=entry["id"], reason="Again")
    refill = (await _log(gql, make, person, "1"))["creditEntry"]

    assert Decimal(reversal["entry"]["amount"]) == -36
    assert reversal["entry"]["reversesEntryId"] == entry["id"]
    assert [e["code"] for e in again["errors"]] == ["CORE-CREDIT-REVERSED"]
    assert Decimal(refill["amount"]) == 3
    transcript = (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]
    assert [Decimal(e["amount"]) for e in transcript["entries"]["nodes"]] == [36, -36, 3]


async def test_credit_ledger_refuses_update_and_delete(database: Database) -> None:
    for statement in (
        "UPDATE core_credit_entries SET amount = 0",
        "DELETE FROM core_credit_entries",
    ):
        with pytest.raises(Exception, match="append-only"):
            async with database.write() as session:
                await session.execute(text(statement))


async def test_credit_transcript_totals_by_program_and_cycle(
    gql: GraphQLClient, make: Factory
) -> None:
    person = await make.person()
    await _log(gql, make, person, "2")

    transcript = (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]

    assert transcript["byProgram"] == [{"program": "example", "total": "6.00", "certified": "6.00"}]
    cycle = transcript["cycle"]
    certified = {r["code"]: Decimal(r["earned"]) for r in cycle["requirements"]}
    assert certified["CORE-MAINPRO-CERTIFIED"] == 6
    assert cycle["met"] is False
    assert cycle["years"][0]["startsOn"] == "2023-07-01"
    assert Decimal(cycle["years"][0]["total"]) == 6


async def test_credit_counts_on_the_local_date_of_the_activity(
    gql: GraphQLClient, make: Factory
) -> None:
    """An evening session in Ontario on 30 June is 1 July in UTC; its credits belong to June,
    the last day of a Mainpro+ cycle year."""
    person = await make.person()
    evening = datetime.fromisoformat("2025-06-30T21:00:00-04:00")
    activity = await make.activity(hours=2, starts_at=evening)

    payload = await gql.mutate(
        RECORD_PARTICIPATION, activityId=activity, personId=person, hours="2"
    )

    entry = (await gql.data(ENTRY, {"id": payload["creditEntry"]["id"]}))["node"]
    assert entry["earnedOn"] == "2025-06-30"
