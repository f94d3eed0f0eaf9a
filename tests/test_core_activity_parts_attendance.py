"""Attendance per part, through the API on SQLite and PostgreSQL: the participation's hours are
the hours of the parts attended, credited by the activity kind's formula (LC-CREDIT); correcting
which parts were attended corrects the credits through the ledger; the program hears of the
attendance once its parts are written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.access import load_viewer
from core.activities import repository
from core.activities.attendance import record_part_attendance
from core.db import Database
from core.events import ATTENDANCE_RECORDED, Event, EventHandler
from core.graphql.relay import from_global_id
from core.plugin_host import load_registry
from core.settings import Settings
from tests.activity_parts_support import (
    ATTEND,
    CORRECT,
    attend,
    codes,
    learning_session,
)
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.test_core_events import DUE_ITEMS, with_handlers

WITHDRAW = """
mutation($input: WithdrawAttendanceInput!) {
  withdrawAttendance(input: $input) { participation { withdrawnAt } errors { code } }
}"""


async def test_lc_credit_two_days_attended_earn_the_hours_of_both_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)

    payload = await attend(gql, session, await make.person(), "Day 1", "Day 2")

    assert payload["errors"] == []
    assert payload["participation"]["hours"] == "13.50"
    assert [p["title"] for p in payload["participation"]["parts"]] == ["Day 1", "Day 2"]
    entry = payload["creditEntry"]
    assert (entry["quantity"], entry["amount"]) == ("13.50", "13.50")  # 1 credit per hour
    assert entry["explanation"].startswith("13.50 hour(s) x 1.00 credits per hour (EX-2024)")


async def test_lc_credit_one_day_attended_earns_that_days_hours(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)

    payload = await attend(gql, session, await make.person(), "Day 2")

    assert payload["participation"]["hours"] == "6.50"
    assert payload["creditEntry"]["amount"] == "6.50"


async def test_core_activity_part_unknown_when_the_part_is_of_another_activity(
    gql: GraphQLClient, make: Factory
) -> None:
    session, other = await learning_session(gql, make), await learning_session(gql, make)
    foreign = other["parts"][0]["id"]

    payload = await gql.payload(
        ATTEND, activityId=session["id"], personId=await make.person(), partIds=[foreign]
    )

    assert codes(payload) == ["CORE-ACTIVITY-PART-UNKNOWN"]
    assert payload["errors"][0]["field"] == "partIds"
    assert payload["participation"] is None


async def test_core_activity_part_none_at_an_activity_not_held_in_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    workshop = await make.activity()
    part = (await learning_session(gql, make))["parts"][0]["id"]

    payload = await gql.payload(
        ATTEND, activityId=workshop, personId=await make.person(), partIds=[part]
    )

    assert codes(payload) == ["CORE-ACTIVITY-PART-NONE"]


async def test_core_activity_part_attendance_names_at_least_one_part(
    gql: GraphQLClient, make: Factory
) -> None:
    session = await learning_session(gql, make)

    payload = await attend(gql, session, await make.person())

    assert codes(payload) == ["INVALID"]


async def test_core_participation_recorded_once_per_person_at_a_session_in_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    session, person = await learning_session(gql, make), await make.person()
    await attend(gql, session, person, "Day 1")

    payload = await attend(gql, session, person, "Day 2")

    assert codes(payload) == ["CORE-PARTICIPATION-RECORDED"]


async def _attended(
    gql: GraphQLClient, make: Factory, *titles: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    session = await learning_session(gql, make)
    return session, await attend(gql, session, await make.person(), *titles)


def _ids(session: dict[str, Any], *titles: str) -> list[str]:
    return [part["id"] for part in session["parts"] if part["title"] in titles]


async def test_core_activity_part_correction_reverses_and_awards_the_parts_attended(
    gql: GraphQLClient, make: Factory
) -> None:
    session, recorded = await _attended(gql, make, "Day 1", "Day 2")

    payload = await gql.mutate(
        CORRECT,
        participationId=recorded["participation"]["id"],
        partIds=_ids(session, "Day 1"),
        reason="Left after the first day.",
    )

    assert payload["participation"]["hours"] == "7.00"
    assert [p["title"] for p in payload["participation"]["parts"]] == ["Day 1"]
    assert [r["amount"] for r in payload["reversals"]] == ["-13.50"]
    assert payload["creditEntry"] == {"amount": "7.00", "quantity": "7.00"}


async def test_core_activity_part_correction_may_add_a_part_missed_at_first(
    gql: GraphQLClient, make: Factory
) -> None:
    session, recorded = await _attended(gql, make, "Day 2")

    payload = await gql.mutate(
        CORRECT,
        participationId=recorded["participation"]["id"],
        partIds=_ids(session, "Day 1", "Day 2"),
        reason="Signed in late on the first day.",
    )

    assert [p["title"] for p in payload["participation"]["parts"]] == ["Day 1", "Day 2"]
    assert payload["creditEntry"]["amount"] == "13.50"


async def test_core_participation_withdrawn_is_not_corrected_by_parts(
    gql: GraphQLClient, make: Factory
) -> None:
    session, recorded = await _attended(gql, make, "Day 1")
    participation = recorded["participation"]["id"]
    await gql.mutate(WITHDRAW, participationId=participation, reason="Not there.")

    payload = await gql.payload(
        CORRECT, participationId=participation, partIds=_ids(session, "Day 2"), reason="Oops."
    )

    assert codes(payload) == ["CORE-PARTICIPATION-WITHDRAWN"]


async def test_core_activity_part_attendance_withdrawn_in_error_is_recorded_again(
    gql: GraphQLClient, make: Factory
) -> None:
    session, person = await learning_session(gql, make), await make.person()
    first = await attend(gql, session, person, "Day 1")
    await gql.mutate(WITHDRAW, participationId=first["participation"]["id"], reason="Wrong.")

    again = await attend(gql, session, person, "Day 2")

    assert again["participation"]["id"] == first["participation"]["id"]
    assert [p["title"] for p in again["participation"]["parts"]] == ["Day 2"]
    assert again["creditEntry"]["amount"] == "6.50"


async def test_core_event_attendance_recorded_for_parts_asks_for_a_reflection(
    gql: GraphQLClient, make: Factory
) -> None:
    session, person = await learning_session(gql, make), await make.person()

    await attend(gql, session, person, "Day 1")

    items = (await gql.data(DUE_ITEMS, {"id": person}))["node"]["dueItems"]["nodes"]
    assert [i["kind"] for i in items] == ["example.reflection"]


async def test_core_event_attendance_recorded_once_its_parts_are_written(
    gql: GraphQLClient,
    make: Factory,
    settings: Settings,
    database: Database,
    platform_admin: int,
) -> None:
    heard: list[tuple[Event, set[int]]] = []

    async def listen(session: Any, _registry: object, event: Event) -> None:
        heard.append((event, await repository.attended_part_ids(session, event.subject_id)))

    registry = with_handlers(
        load_registry(settings), "example", EventHandler(ATTENDANCE_RECORDED, listen)
    )
    activity = await learning_session(gql, make)
    person = from_global_id(await make.person())[1]
    parts = [from_global_id(part["id"])[1] for part in activity["parts"]]
    async with database.write() as session:
        viewer = await load_viewer(session, platform_admin)
        participation, _ = await record_part_attendance(
            session,
            registry,
            viewer,
            activity_id=from_global_id(activity["id"])[1],
            person_id=person,
            part_ids=parts,
        )

    assert participation.hours == Decimal("13.50")
    assert heard == [(Event(ATTENDANCE_RECORDED, "example", participation.id, person), set(parts))]
