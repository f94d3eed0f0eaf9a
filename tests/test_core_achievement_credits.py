"""Credits that are not time: an achievement earns a fixed, certified credit with no activity
(the example's completed exercise, 5 certified assessment credits, at most 12), once per
program, person and key, also under concurrent requests; it is capped, reversed, on the
transcript and on certificates like any other credit."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.certification_support import ADD, TRANSCRIPT, code, codes
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

COMPLETE = """
mutation($input: ExCompleteExerciseInput!) {
  exCompleteExercise(input: $input) {
    recorded
    creditEntry { id amount creditType unit explanation capsApplied { code after } }
    creditDecision { allowed reasons { code } }
    errors { code field message }
  }
}"""
REVERSE = """
mutation($input: ReverseCreditEntryInput!) {
  reverseCreditEntry(input: $input) { entry { amount } errors { code } }
}"""
ISSUE = """
mutation($input: IssueCertificateInput!) {
  issueCertificate(input: $input) { certificate { credits certificationCode } errors { code } }
}"""


async def _learner(make: Factory) -> tuple[str, str]:
    organization = await make.organization()
    return organization, await make.person(organization=organization)


async def complete(
    gql: GraphQLClient, organization: str, person: str, exercise: str, on: str = "2026-01-15"
) -> dict[str, Any]:
    return await gql.payload(
        COMPLETE, personId=person, organizationId=organization, exercise=exercise, completedOn=on
    )


async def test_core_achievement_earns_its_certified_fixed_credit(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, person = await _learner(make)

    entry = (await complete(gql, organization, person, "asthma"))["creditEntry"]

    assert (entry["amount"], entry["creditType"], entry["unit"]) == (
        "5.00",
        "certified-assessment",
        "achievement",
    )
    assert entry["explanation"].startswith("Exercise asthma: 1.00 achievement(s) x 5.00")
    transcript = (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]
    assert transcript["total"] == "5.00"
    assert transcript["byCategory"] == [{"category": "certified-assessment", "total": "5.00"}]


async def test_core_achievement_awarded_once_under_20_concurrent_requests(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, person = await _learner(make)

    payloads = await asyncio.gather(
        *(complete(gql, organization, person, "copd") for _ in range(20))
    )

    assert all(p["errors"] == [] for p in payloads)
    assert sum(p["recorded"] for p in payloads) == 1
    assert len({p["creditEntry"]["id"] for p in payloads}) == 1
    entries = (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]["entries"]["nodes"]
    assert [e["amount"] for e in entries] == ["5.00"]


async def test_core_achievement_credits_are_capped(gql: GraphQLClient, make: Factory) -> None:
    organization, person = await _learner(make)

    amounts = [
        (await complete(gql, organization, person, name))["creditEntry"]["amount"]
        for name in ("one", "two", "three")
    ]

    assert amounts == ["5.00", "5.00", "2.00"]


async def test_core_achievement_credit_reversed_by_its_organizations_staff(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, person = await _learner(make)
    entry = (await complete(gql, organization, person, "diabetes"))["creditEntry"]

    reversal = await gql.mutate(REVERSE, entryId=entry["id"], reason="Recorded for someone else.")

    assert reversal["entry"]["amount"] == "-5.00"
    assert (await gql.data(TRANSCRIPT, {"id": person}))["transcript"]["total"] == "0.00"


async def test_core_achievement_credit_is_certified_by_its_organization(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, person = await _learner(make)
    await complete(gql, organization, person, "pain")

    certificate = await gql.mutate(
        ISSUE,
        personId=person,
        organizationId=organization,
        program="example",
        title="Example exercises",
        periodStart="2026-01-01",
        periodEnd="2026-12-31",
    )

    assert certificate["certificate"] == {"credits": "5.00", "certificationCode": "EX-EXERCISE"}


async def test_core_credit_certification_pending_achievement_awarded_retroactively(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, person = await _learner(make)
    pending = await complete(gql, organization, person, "early", on="2020-03-01")
    assert pending["creditEntry"] is None
    assert [r["code"] for r in pending["creditDecision"]["reasons"]] == [
        "CORE-CREDIT-CERTIFICATION"
    ]

    payload = await gql.payload(
        ADD,
        activityKind="example.exercise",
        code=code("EXERCISE"),
        title="Example exercises, 2020",
        category="certified-assessment",
        rate="4",
        unit="achievement",
        effectiveFrom="2020-01-01",
        effectiveTo="2020-12-31",
    )

    assert payload["errors"] == []
    (entry,) = [e for e in payload["awarded"] if "'Exercise early'" in e["explanation"]]
    assert entry["amount"] == "4.00"
    assert entry["explanation"].startswith("Awarded retroactively: certification")
    again = await complete(gql, organization, person, "early", on="2020-03-01")
    assert again["recorded"] is False
    assert again["creditEntry"]["amount"] == "4.00"


async def test_core_achievement_kind_is_certified_per_achievement(gql: GraphQLClient) -> None:
    refused = await gql.payload(
        ADD,
        activityKind="example.exercise",
        code=code("EXERCISE"),
        title="Per hour",
        rate="1",
        unit="hour",
        effectiveFrom="1999-01-01",
    )

    assert codes(refused) == ["INVALID"]
