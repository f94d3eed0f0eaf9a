"""Documents and helpers for the budget tests and their authorization matrix rows."""

from __future__ import annotations

from typing import Any

from tests.factories import unique
from tests.graphql_client import GraphQLClient

ALLOCATION_FIELDS = "id ownerId program currency amount spent left periodStart periodEnd"
ENTRY_FIELDS = "id category amount currency note spentOn reversesEntryId reversedById"

ALLOCATE = f"""
mutation($input: AllocateBudgetInput!) {{
  allocateBudget(input: $input) {{
    allocation {{ {ALLOCATION_FIELDS} }} errors {{ code field message }}
  }}
}}"""

RECORD = f"""
mutation($input: RecordSpendingInput!) {{
  recordSpending(input: $input) {{
    entry {{ {ENTRY_FIELDS} }} allocation {{ spent left }} errors {{ code field message }}
  }}
}}"""

REVERSE = f"""
mutation($input: ReverseSpendingInput!) {{
  reverseSpending(input: $input) {{
    entry {{ {ENTRY_FIELDS} }} allocation {{ spent left }} errors {{ code field message }}
  }}
}}"""

BUDGET = f"""
query($id: ID!) {{
  budget(allocationId: $id) {{ {ALLOCATION_FIELDS} entries {{ {ENTRY_FIELDS} }} }}
}}"""

BUDGETS = f"""
query($owner: ID!, $program: String) {{
  budgets(ownerId: $owner, program: $program) {{ nodes {{ {ALLOCATION_FIELDS} }} }}
}}"""

PERIOD = {"periodStart": "2027-01-01", "periodEnd": "2027-12-31"}


async def allocate(
    gql: GraphQLClient,
    owner: str,
    amount: str = "1000.00",
    currency: str = "CAD",
    program: str = "example",
    **period: str,
) -> dict[str, Any]:
    """A new allocation (the payload's), failing the test if it is refused."""
    payload = await gql.mutate(
        ALLOCATE,
        ownerId=owner,
        program=program,
        title=unique("Funding"),
        amount=amount,
        currency=currency,
        **(period or PERIOD),
    )
    return payload["allocation"]


async def spend(
    gql: GraphQLClient,
    allocation: str,
    amount: str,
    currency: str = "CAD",
    category: str = "catering",
    spent_on: str = "2027-03-01",
) -> dict[str, Any]:
    """The payload of a spend, refused or not."""
    return await gql.payload(
        RECORD,
        allocationId=allocation,
        category=category,
        amount=amount,
        currency=currency,
        spentOn=spent_on,
        note="Session 1",
    )
