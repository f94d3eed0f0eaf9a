"""The learning collaborative passes the contract every program plugin must pass."""

from __future__ import annotations

from datetime import date

from core.testing import Operation, PersonalData, ProgramContract, World

CREATE = """mutation Create($input: LcCreateCollaborativeInput!) {
  lcCreateCollaborative(input: $input) { collaborative { group { id } } errors { code } }
}"""
FORM_TEAM = """mutation Form($input: FormGroupInput!) {
  formGroup(input: $input) { group { id } errors { code } }
}"""
MEASURE = """mutation Measure($input: LcAddCharterMeasureInput!) {
  lcAddCharterMeasure(input: $input) { charterMeasure { measure { id } } errors { code } }
}"""
START = """mutation Start($input: LcStartPdsaCycleInput!) {
  lcStartPdsaCycle(input: $input) { cycle { id } errors { code } }
}"""
CYCLES = "query Cycles($team: ID!) { lcPdsaCycles(teamId: $team) { plan done learned } }"
FINISH = """mutation Finish($input: LcFinishPdsaCycleInput!) {
  lcFinishPdsaCycle(input: $input) { errors { code } }
}"""


class TestLearningCollaborative(ProgramContract):
    slug = "learning_collaborative"

    async def personal_data(self, world: World) -> PersonalData:
        """The PDSA cycle of the practice team the owner leads, read and finished."""
        collaborative = {
            "organizationId": world.organization,
            "name": "Access",
            "startsOn": date.today().replace(day=1).isoformat(),
            "facultyId": world.staff,
        }
        created = await world.data(CREATE, {"input": collaborative}, by="staff")
        group = created["lcCreateCollaborative"]["collaborative"]["group"]["id"]
        measure = {
            "collaborativeId": group,
            "name": "No-shows",
            "definition": "Visits missed",
            "kind": "COUNT",
            "unit": "visits",
            "direction": "DOWN",
            "target": "5",
        }
        added = await world.data(MEASURE, {"input": measure}, by="staff")
        team = {
            "organizationId": world.organization,
            "kind": "learning_collaborative.team",
            "name": "Our practice",
            "parentId": group,
            "practiceName": "Our practice",
        }
        team_id = (await world.data(FORM_TEAM, {"input": team}))["formGroup"]["group"]["id"]
        cycle = {
            "teamId": team_id,
            "changeIdea": "Same-day booking",
            "prediction": "Fewer no-shows",
            "plan": world.secret,
            "startedOn": date.today().isoformat(),
            "measureIds": [added["lcAddCharterMeasure"]["charterMeasure"]["measure"]["id"]],
        }
        started = await world.data(START, {"input": cycle})
        finish = {
            "cycleId": started["lcStartPdsaCycle"]["cycle"]["id"],
            "done": "Booked same day",
            "learned": "It works",
            "decision": "ADOPT",
            "endedOn": date.today().isoformat(),
        }
        return PersonalData(
            reads=(Operation(CYCLES, {"team": team_id}),),
            changes=(Operation(FINISH, {"input": finish}),),
        )
