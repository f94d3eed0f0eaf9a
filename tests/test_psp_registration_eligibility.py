"""SGLS-PARTICIPANTS and SGLS-CAPACITY asked ahead of registering, through the API: a
participant asks whether they may register for a session of their division (core's
``eligibility`` query only answers about activities they already see), and hears the seats
left or that registering joins the waitlist; a session of another division and one that does
not exist are refused alike, so the answer reveals no session they may not see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.graphql.relay import to_global_id
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import Province, build_province

ASK = """
query($session: ID!, $person: ID) {
  pspRegistrationEligibility(sessionId: $session, personId: $person) {
    allowed reasons { code message allowed }
  }
}"""


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


async def _ask(client: GraphQLClient, session: str, person: str | None = None) -> dict[str, Any]:
    return await client.execute(ASK, {"session": session, "person": person})


def _messages(body: dict[str, Any]) -> list[str]:
    return [r["message"] for r in body["data"]["pspRegistrationEligibility"]["reasons"]]


async def test_sgls_capacity_participant_asks_about_a_session_of_their_division(
    province: Province,
) -> None:
    session = (await province.session(capacity=1))["session"]["id"]
    first, second = await province.participant(), await province.participant()

    before = await _ask(province.as_(first), session)
    await province.seated(session, first)
    full = await _ask(province.as_(second), session)

    assert before["data"]["pspRegistrationEligibility"]["allowed"] is True
    assert "1 of 1 seats are left." in _messages(before)
    assert full["data"]["pspRegistrationEligibility"]["allowed"] is True
    assert any("joins the waitlist" in m for m in _messages(full))


async def test_sgls_participants_others_hear_why_they_cannot_register(
    province: Province,
) -> None:
    session = (await province.session())["session"]["id"]
    other = await province.participant("OTHER")

    answer = (await _ask(province.as_(other), session))["data"]["pspRegistrationEligibility"]

    assert answer["allowed"] is False
    assert "SGLS-PARTICIPANTS" in [r["code"] for r in answer["reasons"] if not r["allowed"]]


async def test_sgls_capacity_eligibility_reveals_no_session_the_asker_may_not_see(
    province: Province,
) -> None:
    elsewhere = (
        await province.session(division=province.other_division, by=province.other_coordinator)
    )["session"]["id"]
    physician = await province.participant()
    client = province.as_(physician)

    hidden = await _ask(client, elsewhere)
    unknown = await _ask(client, to_global_id("PspSession", 10**9))

    assert hidden["data"] is None
    assert [e["extensions"]["code"] for e in hidden["errors"]] == ["FORBIDDEN"]
    assert [(e["message"], e["extensions"]) for e in unknown["errors"]] == [
        (e["message"], e["extensions"]) for e in hidden["errors"]
    ]


async def test_sgls_capacity_only_staff_ask_for_someone_else(province: Province) -> None:
    session = (await province.session())["session"]["id"]
    physician, colleague = await province.participant(), await province.participant()

    asked_by_peer = await _ask(province.as_(physician), session, colleague)
    asked_by_staff = await _ask(province.as_(province.coordinator), session, colleague)

    assert [e["extensions"]["code"] for e in asked_by_peer["errors"]] == ["FORBIDDEN"]
    assert asked_by_staff["data"]["pspRegistrationEligibility"]["allowed"] is True
