"""Enrolment with approval (issue 9, primitive 11): a person asks to join a program, its staff
approve or decline and the person is told, the person may withdraw, staff may close, and an
ended enrolment stops what falls due. Through the public API, on both databases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from core.db import Database
from core.enrolments.models import Enrolment, EnrolmentState
from core.repository import add
from tests.core_service_support import pk
from tests.enrolment_support import (
    CLOSE,
    CREATE_DUE_ITEM,
    DECIDE,
    DUE_ITEMS,
    ENROLMENTS,
    MINE,
    PROGRAM,
    REQUEST,
    WITHDRAW,
    Office,
    approved,
    codes,
    error_code,
    notifications,
    office,
    requested,
)
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

CONCURRENT_REQUESTS = 24


@pytest.fixture
async def o(make: Factory, gql: GraphQLClient, client_for: Callable[..., Any]) -> Office:
    return await office(make, gql, client_for)


async def test_core_enrolment_requested_by_the_signed_in_person(o: Office) -> None:
    enrolment = await requested(o)

    assert (enrolment["state"], enrolment["personId"]) == ("REQUESTED", o.person)
    assert (enrolment["program"], enrolment["organizationId"]) == (PROGRAM, o.organization)
    mine = (await o.client.data(MINE, {"program": PROGRAM}))["myEnrolments"]
    assert [e["id"] for e in mine] == [enrolment["id"]]


async def test_core_enrolment_open_refuses_a_second_open_enrolment(o: Office) -> None:
    await requested(o)

    again = await o.client.payload(REQUEST, program=PROGRAM, organizationId=o.organization)

    assert (codes(again), again["errors"][0]["field"]) == (["CORE-ENROLMENT-OPEN"], "program")
    assert "requested" in again["errors"][0]["message"]


async def test_core_enrolment_open_holds_under_24_concurrent_requests(o: Office) -> None:
    payloads = await asyncio.gather(
        *(
            o.client.payload(REQUEST, program=PROGRAM, organizationId=o.organization)
            for _ in range(CONCURRENT_REQUESTS)
        )
    )

    made = [p for p in payloads if not p["errors"]]
    refused = [p for p in payloads if p["errors"]]
    assert len(made) == 1
    assert {c for p in refused for c in codes(p)} == {"CORE-ENROLMENT-OPEN"}
    mine = (await o.client.data(MINE, {"program": PROGRAM}))["myEnrolments"]
    assert [e["id"] for e in mine] == [made[0]["enrolment"]["id"]]


async def test_core_enrolment_open_is_kept_by_the_database_itself(
    o: Office, database: Database
) -> None:
    enrolment = await requested(o)
    row = {"person_id": pk(o.person), "program": PROGRAM, "organization_id": pk(o.organization)}

    with pytest.raises(IntegrityError):
        async with database.write() as session:
            await add(session, Enrolment(**row, state=EnrolmentState.APPROVED))
    async with database.write() as session:
        await add(session, Enrolment(**row, state=EnrolmentState.DECLINED))

    mine = (await o.client.data(MINE, {"program": PROGRAM}))["myEnrolments"]
    assert [e["state"] for e in mine] == ["REQUESTED", "DECLINED"]
    assert mine[0]["id"] == enrolment["id"]


async def test_core_enrolment_approved_by_staff_notifies_the_person(o: Office) -> None:
    enrolment = await approved(o)

    assert enrolment["state"] == "APPROVED"
    assert enrolment["decidedById"] is not None
    assert enrolment["decidedAt"] is not None
    assert await notifications(o.client) == [
        (f"{PROGRAM}.enrolment", "Your enrolment in Example program was approved.")
    ]


async def test_core_enrolment_declined_with_a_reason_tells_it(o: Office) -> None:
    enrolment = await requested(o)

    payload = await o.staff.mutate(
        DECIDE, enrolmentId=enrolment["id"], approve=False, reason="The cohort is full."
    )

    assert payload["enrolment"]["state"] == "DECLINED"
    assert payload["enrolment"]["decisionReason"] == "The cohort is full."
    ((kind, message),) = await notifications(o.client)
    assert kind == f"{PROGRAM}.enrolment"
    assert "declined" in message
    assert "The cohort is full." in message


@pytest.mark.parametrize("who", ["person", "other_staff"])
async def test_core_enrolment_decided_only_by_the_programs_staff_there(
    o: Office, make: Factory, gql: GraphQLClient, client_for: Callable[..., Any], who: str
) -> None:
    enrolment = await requested(o)
    caller = o.client if who == "person" else (await office(make, gql, client_for)).staff

    body = await caller.execute(
        DECIDE, {"input": {"enrolmentId": enrolment["id"], "approve": True}}
    )

    assert error_code(body) == "FORBIDDEN"
    mine = (await o.client.data(MINE))["myEnrolments"]
    assert [e["state"] for e in mine] == ["REQUESTED"]


@pytest.mark.parametrize(
    ("document", "state"),
    [(DECIDE, "APPROVED"), (DECIDE, "DECLINED"), (CLOSE, "REQUESTED"), (WITHDRAW, "CLOSED")],
)
async def test_core_enrolment_state_refuses_a_transition_it_does_not_allow(
    o: Office, document: str, state: str
) -> None:
    enrolment = await requested(o)
    if state != "REQUESTED":
        await o.staff.mutate(DECIDE, enrolmentId=enrolment["id"], approve=state != "DECLINED")
    if state == "CLOSED":
        await o.staff.mutate(CLOSE, enrolmentId=enrolment["id"])

    extra = {"approve": True} if document == DECIDE else {}
    payload = await o.staff.payload(document, enrolmentId=enrolment["id"], **extra)

    assert codes(payload) == ["CORE-ENROLMENT-STATE"]
    assert state.lower() in payload["errors"][0]["message"]


async def _owes(o: Office, gql: GraphQLClient, title: str) -> None:
    await o.staff.mutate(
        CREATE_DUE_ITEM,
        personId=o.person,
        program=PROGRAM,
        kind=f"{PROGRAM}.reading",
        title=title,
        dueOn="2030-01-31",
    )


@pytest.mark.parametrize("ending", ["withdrawn_by_self", "withdrawn_by_staff", "closed"])
async def test_core_enrolment_ended_cancels_open_due_items(
    o: Office, gql: GraphQLClient, ending: str
) -> None:
    enrolment = await approved(o)
    await _owes(o, gql, "Read the guide")
    by, document = {
        "withdrawn_by_self": (o.client, WITHDRAW),
        "withdrawn_by_staff": (o.staff, WITHDRAW),
        "closed": (o.staff, CLOSE),
    }[ending]

    payload = await by.mutate(document, enrolmentId=enrolment["id"], reason="Moved away.")

    assert payload["enrolment"]["state"] == ending.split("_")[0].upper()
    assert payload["enrolment"]["endReason"] == "Moved away."
    dues = (await o.client.data(DUE_ITEMS))["me"]
    assert dues["open"]["nodes"] == []
    assert [(d["title"], d["closedAt"] is not None) for d in dues["all"]["nodes"]] == [
        ("Read the guide", True)
    ]


async def test_core_enrolment_withdrawn_by_staff_or_closed_tells_the_person(o: Office) -> None:
    first = await approved(o)
    await o.client.mutate(WITHDRAW, enrolmentId=first["id"])
    told_after_own = await notifications(o.client)
    second = await approved(o)
    await o.staff.mutate(CLOSE, enrolmentId=second["id"], reason="The program ended.")

    messages = [m for _, m in await notifications(o.client)]
    assert len(told_after_own) == 1  # the approval; no one tells a person what they did
    assert "Your enrolment in Example program was closed. The program ended." in messages


async def test_core_enrolment_closed_only_by_staff(o: Office) -> None:
    enrolment = await approved(o)

    body = await o.client.execute(CLOSE, {"input": {"enrolmentId": enrolment["id"]}})

    assert error_code(body) == "FORBIDDEN"


async def test_core_enrolment_requested_again_after_withdrawal(o: Office) -> None:
    first = await requested(o)
    await o.client.mutate(WITHDRAW, enrolmentId=first["id"])

    second = await requested(o)

    mine = (await o.client.data(MINE, {"program": PROGRAM}))["myEnrolments"]
    assert [(e["id"], e["state"]) for e in mine] == [
        (first["id"], "WITHDRAWN"),
        (second["id"], "REQUESTED"),
    ]


async def test_core_enrolment_list_is_for_the_programs_staff(o: Office) -> None:
    enrolment = await requested(o)
    variables = {"org": o.organization, "program": PROGRAM, "state": "REQUESTED"}

    listed = (await o.staff.data(ENROLMENTS, variables))["enrolments"]["nodes"]
    by_person = await o.client.execute(ENROLMENTS, variables)

    assert [e["id"] for e in listed] == [enrolment["id"]]
    assert error_code(by_person) == "FORBIDDEN"


async def test_core_enrolment_of_an_unknown_program_is_invalid(o: Office) -> None:
    payload = await o.client.payload(REQUEST, program="nowhere", organizationId=o.organization)

    assert (codes(payload), payload["errors"][0]["field"]) == (["INVALID"], "program")
