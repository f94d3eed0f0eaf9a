"""Attendance past retention (``PEERLEARN_ATTENDANCE_RETENTION_DAYS``, six years by default):
the nightly task removes what attendance says beyond the credit ledger and keeps the ledger and
the credited attendance it names, so a credit stays provable.

The task is run for a time the test gives: activities here are held in 2019, before any other
test's (2024 on), so the run retires only this module's attendance.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from core.db import Database
from core.privacy.retention import retire_attendance
from core.settings import Settings, SettingsError
from tests.activity_parts_support import REGISTER, SET_CAPACITY
from tests.core_service_support import registry_of
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient
from tests.test_core_activity_parts import CORRECT_HOURS

HELD = date(2019, 6, 3)
RETENTION = timedelta(days=2192)
NODE = """
query($id: ID!) {
  node(id: $id) {
    ... on Participation { hours correctionNote }
    ... on CreditEntry { amount }
    ... on Activity { registrations { person { id } } }
  }
}"""


def _night_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(3, 17), UTC)


async def _attended(gql: GraphQLClient, make: Factory) -> dict[str, Any]:
    """A physician's credited attendance, corrected with a note, an MOA's, uncredited, and a
    nurse's seat."""
    organization = await make.organization()
    activity = await make.activity(
        starts_at=datetime.combine(HELD, time(17), UTC), organization=organization
    )
    physician = await make.person(organization=organization)
    moa = await make.person("MOA", organization=organization)
    credited = await gql.mutate(
        RECORD_PARTICIPATION, activityId=activity, personId=physician, hours="2"
    )
    uncredited = await gql.mutate(
        RECORD_PARTICIPATION, activityId=activity, personId=moa, hours="2"
    )
    assert uncredited["creditEntry"] is None
    await gql.mutate(SET_CAPACITY, activityId=activity, capacity=5)
    await gql.mutate(REGISTER, activityId=activity, personId=await make.person("NURSE"))
    participation = credited["participation"]["id"]
    correction = {"participationId": participation, "hours": "1.5", "reason": "Left early."}
    await gql.mutate(CORRECT_HOURS, **correction)
    return {
        "credited": participation,
        "entry": credited["creditEntry"]["id"],
        "uncredited": uncredited["participation"]["id"],
        "activity": activity,
    }


async def _nodes(gql: GraphQLClient, ids: dict[str, Any]) -> dict[str, Any]:
    return {name: (await gql.data(NODE, {"id": id_}))["node"] for name, id_ in ids.items()}


async def test_core_attendance_retention_removes_what_the_ledger_does_not_need(
    gql: GraphQLClient, make: Factory, database: Database, settings: Settings
) -> None:
    ids = await _attended(gql, make)
    registry = registry_of(settings)
    kept = await _nodes(gql, ids)

    await retire_attendance(database, registry, _night_after(HELD + RETENTION - timedelta(days=2)))
    within = await _nodes(gql, ids)
    await retire_attendance(database, registry, _night_after(HELD + RETENTION))
    past = await _nodes(gql, ids)

    assert within == kept
    assert kept["credited"] == {"hours": "1.50", "correctionNote": "Left early."}
    assert past["credited"] == {"hours": "1.50", "correctionNote": None}
    assert past["entry"] == kept["entry"]
    assert past["uncredited"] is None
    assert len(kept["activity"]["registrations"]) == 1
    assert past["activity"]["registrations"] == []
    assert await retire_attendance(database, registry, _night_after(HELD + RETENTION)) == 0


async def test_core_attendance_retention_of_zero_keeps_everything(
    gql: GraphQLClient, make: Factory, database: Database, settings: Settings
) -> None:
    ids = await _attended(gql, make)
    forever = registry_of(settings.replace(attendance_retention_days=0))

    done = await retire_attendance(database, forever, _night_after(HELD + 10 * RETENTION))

    assert done == 0
    assert (await _nodes(gql, ids))["uncredited"] is not None


@pytest.mark.parametrize("days", [1, 1825, 36526])
def test_core_attendance_retention_shorter_than_a_cpd_cycle_is_refused(days: int) -> None:
    with pytest.raises(SettingsError, match="ATTENDANCE_RETENTION_DAYS"):
        Settings.from_env({"PEERLEARN_ATTENDANCE_RETENTION_DAYS": str(days)})
