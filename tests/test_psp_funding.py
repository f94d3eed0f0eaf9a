"""Division funding through the GraphQL API on SQLite and PostgreSQL: spending by category never
beyond the allocation, also under 24 concurrent requests (SGLS-FUNDING); a coordinator spends
only their own division's funding."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import SPEND, Province, allocate, build_province, codes, spend

CONCURRENT = 24


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


async def test_sgls_funding_spending_by_category_never_beyond_the_allocation(
    province: Province,
) -> None:
    allocation = await allocate(province, amount="500.00")
    rent = await spend(province, allocation, "300.00", "SPACE_RENTAL")
    assert rent["entry"]["category"] == "space rental"
    lead = await spend(province, allocation, "150.00", "SESSIONAL_PAYMENT")
    assert lead["allocation"] == {"spent": "450.00", "left": "50.00"}
    refused = await spend(province, allocation, "50.01", "PEER_MENTOR_PAYMENT")
    assert codes(refused) == ["SGLS-FUNDING"]
    assert "Only CAD 50.00 is left" in refused["errors"][0]["message"]


async def test_sgls_funding_holds_under_concurrent_spending(province: Province) -> None:
    allocation = await allocate(province, amount="1000.00")
    results = await asyncio.gather(
        *(spend(province, allocation, "75.00") for _ in range(CONCURRENT))
    )
    taken = [r for r in results if not r["errors"]]
    assert len(taken) == 13
    assert {c for r in results for c in codes(r)} == {"SGLS-FUNDING"}
    assert max(Decimal(r["allocation"]["spent"]) for r in taken) == Decimal("975.00")


async def test_sgls_funding_coordinator_spends_only_their_division(province: Province) -> None:
    allocation = await allocate(province)
    body = await province.as_(province.other_coordinator).execute(
        SPEND,
        {
            "input": {
                "allocationId": allocation,
                "category": "CATERING",
                "amount": "10.00",
                "spentOn": "2026-03-01",
            }
        },
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
