"""A collaborative's charter (LC-CHARTER), its practice teams (LC-TEAM) and their coaches
(LC-COACH), through the API on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from tests.lc_support import (
    ADD_GOAL,
    ASSIGN_COACH,
    CHARTER,
    TEAMS,
    Lc,
    codes,
    lc_fixture,  # noqa: F401 (the fixture lc)
)


async def test_lc_charter_goals_and_measures_with_direction_and_target(lc: Lc) -> None:
    await lc.start()
    await lc.f.mutate(ADD_GOAL, collaborativeId=lc.collaborative, statement="Fewer ER visits.")
    added = await lc.measure(target="0.75")

    charter = (await lc.f.data(CHARTER, {"id": lc.collaborative}))["lcCharter"]

    assert charter["goals"] == [{"statement": "Fewer ER visits."}]
    (measure,) = charter["measures"]
    assert measure["measure"]["id"] == added["charterMeasure"]["measure"]["id"]
    assert measure["measure"]["direction"] == "UP"
    assert measure["measure"]["target"] == "0.75"
    assert measure["definition"] == "Patients with a plan over patients seen."


async def test_lc_charter_measure_without_target_refused(lc: Lc) -> None:
    await lc.start()

    missing = await lc.measure(target=None)
    above_one = await lc.measure(target="80")

    assert codes(missing) == codes(above_one) == ["LC-CHARTER"]


async def test_lc_charter_written_by_faculty_only(lc: Lc) -> None:
    await lc.start()
    _, physician = await lc.person()

    body = await physician.execute(
        "mutation($input: LcAddCharterGoalInput!) { lcAddCharterGoal(input: $input) "
        "{ errors { code } } }",
        {"input": {"collaborativeId": lc.collaborative, "statement": "Mine."}},
    )
    charter = (await physician.data(CHARTER, {"id": lc.collaborative}))["lcCharter"]

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert charter["goals"] == []


async def test_lc_team_composition_shown_until_two_professions(lc: Lc) -> None:
    await lc.start()
    alone = await lc.team()
    mixed = await lc.team("NURSE")

    teams = (await lc.f.data(TEAMS, {"id": lc.collaborative}))["lcTeams"]

    by_id = {t["group"]["id"]: t for t in teams}
    assert by_id[alone.id]["complete"] is False
    assert [m["code"] for m in by_id[alone.id]["missing"]] == ["CORE-GROUP-COMPOSITION-PROFESSIONS"]
    assert by_id[mixed.id]["complete"] is True


async def test_lc_coach_assigned_and_replaced(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    await lc.coach(team)
    second, _ = await lc.coach(team)

    teams = (await lc.f.data(TEAMS, {"id": lc.collaborative}))["lcTeams"]

    assert teams[0]["coach"] == {"id": second}


async def test_lc_coach_not_a_member_of_the_team(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")

    payload = await lc.f.payload(ASSIGN_COACH, teamId=team.id, coachId=team.members[1])

    assert codes(payload) == ["LC-COACH"]


COACH_OF = """
query($id: ID!) {
  node(id: $id) { ... on Person { memberships { nodes { group { id } role status } } } }
}"""


async def test_lc_coach_one_per_team_under_concurrent_assignments(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    coaches = [(await lc.person("NURSE"))[0] for _ in range(20)]

    await asyncio.gather(
        *(lc.f.payload(ASSIGN_COACH, teamId=team.id, coachId=coach) for coach in coaches)
    )
    coaching = []
    for coach in coaches:
        person = (await lc.gql.data(COACH_OF, {"id": coach}))["node"]
        coaching += [
            m
            for m in person["memberships"]["nodes"]
            if m["group"]["id"] == team.id and m["status"] == "ACTIVE"
        ]

    assert coaching == [{"group": {"id": team.id}, "role": "FACILITATOR", "status": "ACTIVE"}]
