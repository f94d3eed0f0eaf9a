"""The authorization matrix's rows for the budgets slice's root fields and mutations.

Each case works on a fresh allocation of organization A for the example program, made by the
platform admin: A's staff (and the platform admin) allocate, spend, reverse and read it; no
one else learns it exists. ``budgets`` is a list, so others see it empty rather than refused.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.authz_outcomes import ALLOW, DENY, STAFF_OF_A, Entry, expect, inputs, mutation, seen
from tests.authz_world import World
from tests.budget_support import allocate, spend
from tests.factories import unique

# Each case's allocation has a year of its own: A holds one per program, currency and period.
_years = itertools.count(2100)


def _period(year: int) -> dict[str, str]:
    return {"periodStart": f"{year}-01-01", "periodEnd": f"{year}-12-31"}


async def fresh_allocation(w: World) -> tuple[str, int]:
    year = next(_years)
    return (await allocate(w.gql, w.ids["A"], **_period(year)))["id"], year


async def new_allocation_in_a(w: World, caller: str) -> dict[str, Any]:
    return {
        "ownerId": w.ids["A"],
        "program": "example",
        "title": unique("Funding"),
        **_period(next(_years)),
        "amount": "100.00",
        "currency": "CAD",
    }


async def spend_from_fresh_allocation(w: World, caller: str) -> dict[str, Any]:
    allocation, year = await fresh_allocation(w)
    return {
        "allocationId": allocation,
        "category": "catering",
        "amount": "10.00",
        "currency": "CAD",
        "spentOn": f"{year}-02-01",
    }


async def reverse_fresh_spend(w: World, caller: str) -> dict[str, Any]:
    allocation, year = await fresh_allocation(w)
    payload = await spend(w.gql, allocation, "10.00", spent_on=f"{year}-02-01")
    return {"entryId": payload["entry"]["id"], "reason": "Recorded twice."}


async def fresh_allocation_id(w: World, caller: str) -> dict[str, Any]:
    return {"id": (await fresh_allocation(w))[0]}


async def owner_a(w: World, caller: str) -> dict[str, Any]:
    await fresh_allocation(w)
    return {"owner": w.ids["A"]}


NOTHING_SEEN = seen()

BUDGETS_MATRIX: dict[str, Entry] = {
    "budget": Entry(
        "query($id: ID!) { budget(allocationId: $id) { id left } }",
        fresh_allocation_id,
        STAFF_OF_A,
    ),
    "budgets": Entry(
        "query($owner: ID!) { budgets(ownerId: $owner) { nodes { id } } }",
        owner_a,
        expect(
            anonymous=DENY,
            physician=NOTHING_SEEN,
            other_physician=NOTHING_SEEN,
            guide=NOTHING_SEEN,
            coordinator_a=ALLOW,
            staff_b=NOTHING_SEEN,
            admin=ALLOW,
        ),
    ),
    "allocateBudget": Entry(
        mutation("allocateBudget", "AllocateBudgetInput", "allocation { id }"),
        inputs(new_allocation_in_a),
        STAFF_OF_A,
    ),
    "recordSpending": Entry(
        mutation("recordSpending", "RecordSpendingInput", "entry { id }"),
        inputs(spend_from_fresh_allocation),
        STAFF_OF_A,
    ),
    "reverseSpending": Entry(
        mutation("reverseSpending", "ReverseSpendingInput", "entry { id }"),
        inputs(reverse_fresh_spend),
        STAFF_OF_A,
    ),
}
