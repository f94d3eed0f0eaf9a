"""Credits a physician earned outside peerlearn and recorded themself: in the categories of the
system they follow (or one they name), within bounds, once earned; theirs alone to withdraw and,
with no program behind them, no program's staff to see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.exports_support import staff
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.organization_hierarchy_support import error_code

Clients = Callable[[int | str | None], GraphQLClient]

CREDIT_FIELDS = "id earnedOn provider title hours credits creditSystem category note withdrawnAt"

RECORD = f"""
mutation($input: RecordExternalCreditInput!) {{
  recordExternalCredit(input: $input) {{
    externalCredit {{ {CREDIT_FIELDS} }} errors {{ code field message }}
  }}
}}"""

WITHDRAW = f"""
mutation($input: WithdrawExternalCreditInput!) {{
  withdrawExternalCredit(input: $input) {{
    externalCredit {{ {CREDIT_FIELDS} }} errors {{ code field message }}
  }}
}}"""

NODE = "query($id: ID!) { node(id: $id) { id ... on ExternalCredit { credits } } }"

EXTERNAL = "CORE-EXTERNAL-CREDIT"


def _credit(**fields: Any) -> dict[str, Any]:
    return {
        "earnedOn": "2024-05-14",
        "provider": "Ontario College of Family Physicians",
        "title": "Annual scientific assembly",
        "credits": "6.5",
        "category": "certified",
        **fields,
    }


async def _recorded(make: Factory, client_for: Clients) -> tuple[str, GraphQLClient, str]:
    """A family physician in a fresh organization, their client, and a credit they recorded."""
    organization = await make.organization()
    physician = await make.person(organization=organization)
    own = client_for(physician)
    credit = (await own.mutate(RECORD, **_credit()))["externalCredit"]["id"]
    return organization, own, credit


@pytest.mark.parametrize(
    ("profession", "category", "system"),
    [
        ("FAMILY_PHYSICIAN", "certified-assessment", "mainpro+"),
        ("SPECIALIST", "section-3", "rcpsc-moc"),
    ],
    ids=["mainpro", "moc"],
)
async def test_core_external_credit_recorded_in_the_system_the_physician_follows(
    make: Factory, client_for: Clients, profession: str, category: str, system: str
) -> None:
    own = client_for(await make.person(profession))

    payload = await own.mutate(
        RECORD, **_credit(category=category, hours="6", note="  Workshop day  ")
    )

    credit = payload["externalCredit"]
    assert (credit["creditSystem"], credit["category"]) == (system, category)
    assert (credit["credits"], credit["hours"], credit["note"]) == ("6.50", "6.00", "Workshop day")
    assert credit["withdrawnAt"] is None


async def test_core_external_credit_in_a_system_the_physician_names(
    make: Factory, client_for: Clients
) -> None:
    own = client_for(await make.person())

    payload = await own.mutate(RECORD, **_credit(creditSystem="rcpsc-moc", category="section-1"))

    assert payload["externalCredit"]["creditSystem"] == "rcpsc-moc"


def _days_ahead(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "section-1"}, "category"),
        ({"creditSystem": "cme-us"}, "creditSystem"),
        ({"credits": "0"}, "credits"),
        ({"credits": "-1"}, "credits"),
        ({"credits": "250.01"}, "credits"),
        ({"credits": "1.005"}, "credits"),
        ({"hours": "1.005"}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"provider": "  "}, "provider"),
        ({"title": ""}, "title"),
        ({"provider": "x" * 201}, "provider"),
        ({"title": "x" * 201}, "title"),
        ({"note": "x" * 1001}, "note"),
        ({"earnedOn": _days_ahead(2)}, "earnedOn"),
        ({"earnedOn": "1899-12-31"}, "earnedOn"),
    ],
    ids=[
        "category-of-another-system",
        "unknown-system",
        "no-credits",
        "negative-credits",
        "more-than-a-cycle",
        "credits-past-hundredths",
        "hours-past-hundredths",
        "no-hours",
        "no-provider",
        "no-title",
        "long-provider",
        "long-title",
        "long-note",
        "future-date",
        "before-any-cycle",
    ],
)
async def test_core_external_credit_refused_naming_its_field(
    make: Factory, client_for: Clients, change: dict[str, str], field: str
) -> None:
    own = client_for(await make.person())

    payload = await own.payload(RECORD, **_credit(**change))

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(EXTERNAL, field)]
    assert payload["externalCredit"] is None


async def test_core_external_credit_withdrawn_once_then_refused(
    make: Factory, client_for: Clients
) -> None:
    _, own, credit = await _recorded(make, client_for)

    withdrawn = await own.mutate(WITHDRAW, externalCreditId=credit)
    again = await own.payload(WITHDRAW, externalCreditId=credit)

    assert withdrawn["externalCredit"]["withdrawnAt"] is not None
    assert [(e["code"], e["field"]) for e in again["errors"]] == [
        ("CORE-EXTERNAL-CREDIT-WITHDRAWN", "externalCreditId")
    ]


@pytest.mark.parametrize("who", ["colleague", "staff"])
async def test_core_external_credit_of_another_person_may_not_be_withdrawn(
    gql: GraphQLClient, make: Factory, client_for: Clients, who: str
) -> None:
    organization, own, credit = await _recorded(make, client_for)
    other = (
        await make.person(organization=organization)
        if who == "colleague"
        else await staff(gql, make, organization, None)
    )

    body = await client_for(other).execute(WITHDRAW, {"input": {"externalCreditId": credit}})

    assert error_code(body) == "FORBIDDEN"
    assert (await own.data(NODE, {"id": credit}))["node"] == {"id": credit, "credits": "6.50"}


@pytest.mark.parametrize("program", ["example", None], ids=["program-staff", "every-program"])
async def test_core_external_credit_not_shown_to_staff_through_node(
    gql: GraphQLClient, make: Factory, client_for: Clients, program: str | None
) -> None:
    organization, own, credit = await _recorded(make, client_for)
    coordinator = client_for(await staff(gql, make, organization, program))

    assert (await coordinator.data(NODE, {"id": credit}))["node"] is None
    assert (await own.data(NODE, {"id": credit}))["node"] is not None
