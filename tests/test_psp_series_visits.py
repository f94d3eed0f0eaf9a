"""Series and topics (SGLS-SERIES) and support visits (SGLS-VISITS) through the GraphQL API,
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import (
    CREATE_SERIES,
    LOG_VISIT,
    PROPOSE,
    SELECT_TOPIC,
    VISITS,
    Province,
    build_province,
    codes,
    submit_action_plan,
)

TOPICS = "{ pspTopics { id title seriesId } }"


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


async def test_sgls_series_topics_proposed_locally_selected_by_the_province(
    province: Province,
) -> None:
    doctor = await province.participant()
    topic = (
        await province.as_(doctor).mutate(
            PROPOSE, organizationId=province.division, title="Team huddles"
        )
    )["topic"]
    assert topic["seriesId"] is None
    by_coordinator = await province.as_(province.coordinator).execute(
        SELECT_TOPIC, {"input": {"topicId": topic["id"], "seriesId": province.series}}
    )
    assert by_coordinator["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    selected = await province.as_(province.staff).mutate(
        SELECT_TOPIC, topicId=topic["id"], seriesId=province.series
    )
    assert selected["topic"]["seriesId"] == province.series
    again = await province.as_(province.staff).payload(
        SELECT_TOPIC, topicId=topic["id"], seriesId=province.series
    )
    assert codes(again) == ["SGLS-SERIES"]
    outsider = await province.participant(division=province.other_division)
    assert topic["id"] not in {
        t["id"] for t in (await province.as_(outsider).data(TOPICS))["pspTopics"]
    }
    seen_by_staff = (await province.as_(province.staff).data(TOPICS))["pspTopics"]
    assert topic["id"] in {t["id"] for t in seen_by_staff}


async def test_sgls_series_only_provincial_staff_theme_series(province: Province) -> None:
    body = await province.as_(province.coordinator).execute(
        CREATE_SERIES, {"input": {"organizationId": province.office, "title": "Mine"}}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    blank = await province.as_(province.staff).payload(
        CREATE_SERIES, organizationId=province.office, title="  "
    )
    assert codes(blank) == ["SGLS-SERIES"]


async def test_sgls_visits_follow_the_session_against_its_action_plan(province: Province) -> None:
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    session = (await province.session(starts_at=start))["session"]["id"]
    physician = await province.participant()
    await province.seated(session, physician)
    await province.attend(session, physician)
    plan = await submit_action_plan(province, session, physician)
    other = (await province.session(starts_at=start))["session"]["id"]
    after = (start + timedelta(days=14)).date().isoformat()
    visit = {"planId": plan["id"], "practice": "Harbour Clinic", "visitedOn": after}

    logged = await province.as_(province.mentor).payload(LOG_VISIT, sessionId=session, **visit)
    assert logged["errors"] == []
    wrong_plan = await province.as_(province.coordinator).payload(
        LOG_VISIT, sessionId=other, **visit
    )
    assert codes(wrong_plan) == ["SGLS-VISITS"]
    before = await province.as_(province.coordinator).payload(
        LOG_VISIT, sessionId=session, **{**visit, "visitedOn": "2026-03-01"}
    )
    assert codes(before) == ["SGLS-VISITS"]
    by_physician = await province.as_(physician).execute(
        LOG_VISIT, {"input": {"sessionId": session, **visit}}
    )
    assert by_physician["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    by_other_division = await province.as_(province.other_coordinator).execute(
        LOG_VISIT, {"input": {"sessionId": session, **visit}}
    )
    assert by_other_division["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    seen = (await province.as_(physician).data(VISITS, {"session": session}))["pspVisits"]
    assert [v["practice"] for v in seen] == ["Harbour Clinic"]
