"""Budgets through the API, on SQLite and PostgreSQL: spending never exceeds an allocation
(SGLS-FUNDING, enforced by core's CORE-BUDGET-EXCEEDED), also under concurrent requests;
every refusal names its rule and what is left; the ledger is append-only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from core.access import load_viewer
from core.budgets import service
from core.db import Database
from core.graphql.relay import from_global_id
from core.plugin_host import load_registry
from core.registry import Program, Registry
from core.settings import ProgramSettings, Settings
from tests.authz_documents import ASSIGN_ROLE
from tests.budget_support import ALLOCATE as ALLOCATE_DOC
from tests.budget_support import BUDGET, BUDGETS, REVERSE, allocate, spend
from tests.budget_support import RECORD as RECORD_DOC
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient

CONCURRENT_SPENDS = 24


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_sgls_funding_spending_cannot_exceed_allocation(
    gql: GraphQLClient, make: Factory
) -> None:
    allocation = await allocate(gql, await make.organization(), amount="500.00")
    first = await spend(gql, allocation["id"], "380.00")

    refused = await spend(gql, allocation["id"], "120.01")
    exact = await spend(gql, allocation["id"], "120.00")

    assert first["allocation"] == {"spent": "380.00", "left": "120.00"}
    (error,) = refused["errors"]
    assert error["code"] == "CORE-BUDGET-EXCEEDED"
    assert error["field"] == "amount"
    assert "Only CAD 120.00 is left of this allocation." in error["message"]
    assert refused["entry"] is None
    assert exact["allocation"] == {"spent": "500.00", "left": "0.00"}
    after = await spend(gql, allocation["id"], "0.01")
    assert "Only CAD 0.00 is left" in after["errors"][0]["message"]


async def test_sgls_funding_holds_under_24_concurrent_spends(
    gql: GraphQLClient, make: Factory
) -> None:
    # 1000.00 takes thirteen spends of 75.00 (975.00); the other eleven must be refused.
    allocation = await allocate(gql, await make.organization(), amount="1000.00")

    payloads = await asyncio.gather(
        *(spend(gql, allocation["id"], "75.00") for _ in range(CONCURRENT_SPENDS))
    )

    taken = [p for p in payloads if not p["errors"]]
    refused = [p for p in payloads if p["errors"]]
    assert len(taken) == 13
    assert len(refused) == CONCURRENT_SPENDS - 13
    assert {c for p in refused for c in codes(p)} == {"CORE-BUDGET-EXCEEDED"}
    assert all("Only CAD 25.00 is left" in p["errors"][0]["message"] for p in refused)
    budget = (await gql.data(BUDGET, {"id": allocation["id"]}))["budget"]
    assert Decimal(budget["spent"]) == Decimal("975.00") <= Decimal(budget["amount"])
    assert budget["left"] == "25.00"
    assert len(budget["entries"]) == 13


async def test_core_budget_currency_refused_naming_amount_left(
    gql: GraphQLClient, make: Factory
) -> None:
    allocation = await allocate(gql, await make.organization(), amount="200.00")
    await spend(gql, allocation["id"], "80.00")

    payload = await spend(gql, allocation["id"], "10.00", currency="USD")

    (error,) = payload["errors"]
    assert (error["code"], error["field"]) == ("CORE-BUDGET-CURRENCY", "currency")
    assert "in CAD, not USD" in error["message"]
    assert "Only CAD 120.00 is left of this allocation." in error["message"]


async def test_core_budget_period_refused_naming_amount_left(
    gql: GraphQLClient, make: Factory
) -> None:
    allocation = await allocate(gql, await make.organization(), amount="200.00")

    payload = await spend(gql, allocation["id"], "10.00", spent_on="2028-01-01")

    (error,) = payload["errors"]
    assert error["code"] == "CORE-BUDGET-PERIOD"
    assert "Only CAD 200.00 is left" in error["message"]


async def test_core_budget_overlap_one_allocation_per_owner_program_and_period(
    gql: GraphQLClient, make: Factory
) -> None:
    owner = await make.organization()
    await allocate(gql, owner)
    clash = await gql.payload(
        ALLOCATE_DOC,
        ownerId=owner,
        program="example",
        title="Second",
        amount="10",
        currency="CAD",
        periodStart="2027-06-01",
        periodEnd="2028-05-31",
    )
    next_year = await allocate(gql, owner, periodStart="2028-01-01", periodEnd="2028-12-31")

    assert codes(clash) == ["CORE-BUDGET-OVERLAP"]
    assert next_year["periodStart"] == "2028-01-01"
    listed = (await gql.data(BUDGETS, {"owner": owner, "program": "example"}))["budgets"]
    assert [a["periodStart"] for a in listed["nodes"]] == ["2027-01-01", "2028-01-01"]


async def test_core_budget_money_is_exact_in_whole_cents(gql: GraphQLClient, make: Factory) -> None:
    allocation = await allocate(gql, await make.organization(), amount="0.30")
    for amount in ("0.10", "0.20"):
        await spend(gql, allocation["id"], amount)

    fraction = await spend(gql, allocation["id"], "0.005")
    negative = await spend(gql, allocation["id"], "-5")

    budget = (await gql.data(BUDGET, {"id": allocation["id"]}))["budget"]
    assert (budget["spent"], budget["left"]) == ("0.30", "0.00")
    assert [(e["code"], e["field"]) for e in fraction["errors"]] == [("INVALID", "amount")]
    assert [(e["code"], e["field"]) for e in negative["errors"]] == [("INVALID", "amount")]


async def test_core_budget_reversal_gives_money_back_and_keeps_history(
    gql: GraphQLClient, make: Factory
) -> None:
    allocation = await allocate(gql, await make.organization(), amount="100.00")
    entry = (await spend(gql, allocation["id"], "100.00"))["entry"]

    reversal = await gql.mutate(REVERSE, entryId=entry["id"], reason="Invoiced twice")
    again = await spend(gql, allocation["id"], "60.00")

    assert reversal["entry"]["amount"] == "-100.00"
    assert reversal["entry"]["reversesEntryId"] == entry["id"]
    assert reversal["entry"]["note"] == "Invoiced twice"
    assert reversal["allocation"] == {"spent": "0.00", "left": "100.00"}
    assert again["allocation"] == {"spent": "60.00", "left": "40.00"}
    budget = (await gql.data(BUDGET, {"id": allocation["id"]}))["budget"]
    assert [e["amount"] for e in budget["entries"]] == ["100.00", "-100.00", "60.00"]
    assert budget["entries"][0]["reversedById"] == reversal["entry"]["id"]


async def test_core_budget_reversed_entry_is_not_reversed_twice(
    gql: GraphQLClient, make: Factory
) -> None:
    allocation = await allocate(gql, await make.organization(), amount="100.00")
    entry = (await spend(gql, allocation["id"], "30.00"))["entry"]
    reversal = await gql.mutate(REVERSE, entryId=entry["id"], reason="Wrong group")

    twice = await gql.payload(REVERSE, entryId=entry["id"], reason="Again")
    of_reversal = await gql.payload(REVERSE, entryId=reversal["entry"]["id"], reason="Undo")

    for payload in (twice, of_reversal):
        (error,) = payload["errors"]
        assert error["code"] == "CORE-BUDGET-REVERSED"
        assert "Only CAD 100.00 is left of this allocation." in error["message"]


async def test_core_budget_ledger_refuses_update_and_delete(
    gql: GraphQLClient, make: Factory, database: Database
) -> None:
    allocation = await allocate(gql, await make.organization())
    await spend(gql, allocation["id"], "1.00")
    for statement in (
        "UPDATE core_budget_entries SET amount = 0",
        "DELETE FROM core_budget_entries",
    ):
        with pytest.raises(Exception, match="append-only"):
            async with database.write() as session:
                await session.execute(text(statement))


async def test_core_budget_staff_of_the_owner_allocate_and_spend(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
) -> None:
    organization = await make.organization()
    group = await make.group(organization=organization)
    coordinator, facilitator, member = [
        await make.person(organization=organization) for _ in range(3)
    ]
    await gql.mutate(
        ASSIGN_ROLE, personId=coordinator, organizationId=organization, role="COORDINATOR"
    )
    await gql.mutate(JOIN_GROUP, groupId=group, personId=facilitator, role="FACILITATOR")
    staff = client_for(coordinator)

    allocation = await allocate(staff, group, amount="50.00")
    spent = await spend(staff, allocation["id"], "20.00")
    by_facilitator = await client_for(facilitator).execute(
        RECORD_DOC, {"input": _spend_input(allocation["id"])}
    )
    by_member = await client_for(member).execute(
        RECORD_DOC, {"input": _spend_input(allocation["id"])}
    )

    assert allocation["ownerId"] == group
    assert spent["allocation"] == {"spent": "20.00", "left": "30.00"}
    # The example program does not set budget_facilitators_spend: facilitators only look.
    assert by_facilitator["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert by_member["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    seen = await client_for(facilitator).data(BUDGET, {"id": allocation["id"]})
    assert seen["budget"]["left"] == "30.00"
    listed = await client_for(member).data(BUDGETS, {"owner": group, "program": None})
    assert listed["budgets"]["nodes"] == []


async def test_core_budget_staff_of_another_organization_are_refused(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> None:
    organization, elsewhere = await make.organization(), await make.organization()
    outsider = await make.person(organization=elsewhere)
    await gql.mutate(ASSIGN_ROLE, personId=outsider, organizationId=elsewhere, role="PROGRAM_STAFF")
    allocation = await allocate(gql, organization)
    outside = client_for(outsider)

    made = await outside.execute(ALLOCATE_DOC, {"input": _allocation_input(organization)})
    spent = await outside.execute(RECORD_DOC, {"input": _spend_input(allocation["id"])})
    read = await outside.execute(BUDGET, {"id": allocation["id"]})

    for body in (made, spent, read):
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    budget = (await gql.data(BUDGET, {"id": allocation["id"]}))["budget"]
    assert budget["entries"] == []


def _allocation_input(owner: str) -> dict[str, str]:
    return {
        "ownerId": owner,
        "program": "example",
        "title": "Outside",
        "amount": "5.00",
        "currency": "CAD",
        "periodStart": "2030-01-01",
        "periodEnd": "2030-12-31",
    }


def _spend_input(allocation: str) -> dict[str, str]:
    return {
        "allocationId": allocation,
        "category": "catering",
        "amount": "1.00",
        "currency": "CAD",
        "spentOn": "2027-02-01",
    }


async def test_core_budget_facilitator_spends_when_the_program_allows(
    gql: GraphQLClient, make: Factory, settings: Settings, database: Database
) -> None:
    # No program in the suite sets budget_facilitators_spend, so the service is asked with a
    # registry in which the example program does; the API test above shows the default.
    group = await make.group(organization=await make.organization())
    facilitator = await make.person()
    await gql.mutate(JOIN_GROUP, groupId=group, personId=facilitator, role="FACILITATOR")
    allocation = await allocate(gql, group, amount="40.00")
    registry = _allowing_facilitators(load_registry(settings))
    person = from_global_id(facilitator)[1]

    async with database.write() as session:
        viewer = await load_viewer(session, person)
        entry, _ = await service.record_spending(
            session,
            registry,
            viewer,
            allocation_id=from_global_id(allocation["id"])[1],
            category="catering",
            amount=Decimal("40.00"),
            currency="CAD",
            note="",
            spent_on=date(2027, 5, 1),
        )

    assert entry.recorded_by_id == person
    budget = (await gql.data(BUDGET, {"id": allocation["id"]}))["budget"]
    assert (budget["spent"], budget["left"]) == ("40.00", "0.00")


def _allowing_facilitators(registry: Registry) -> Registry:
    def allow(program: Program) -> Program:
        if program.slug != "example":
            return program
        values = {**program.settings, service.FACILITATORS_SPEND: True}
        return replace(program, settings=ProgramSettings(program.slug, values))

    return Registry(allow(p) for p in registry.programs)
