"""CPSO QI Groups passes the contract every program plugin must pass."""

from __future__ import annotations

from core.testing import Operation, PersonalData, ProgramContract, World

SELECT = """mutation Select($input: QigSelectMembersInput!) {
  qigSelectMembers(input: $input) { errors { code } }
}"""
FORM = """mutation Form($input: QigFormGroupInput!) {
  qigFormGroup(input: $input) { group { id } errors { code } }
}"""
PROGRESS = """query Progress($group: ID!) {
  qigGroupProgress(groupId: $group) { name basisDescription pipId members { personId } }
}"""
START_PIP = """mutation Start($input: QigStartPipInput!) {
  qigStartPip(input: $input) { errors { code } }
}"""


class TestCpsoQiGroups(ProgramContract):
    slug = "cpso_qi_groups"

    async def personal_data(self, world: World) -> PersonalData:
        """The QI group the owner forms once CPSO selected them, and its PIP started."""
        selected = {
            "organizationId": world.organization,
            "cycle": "2026",
            "personIds": [world.owner],
        }
        await world.data(SELECT, {"input": selected}, by="staff")
        formed = {
            "organizationId": world.organization,
            "name": "Our group",
            "basis": "PRACTICE_SETTING",
            "description": world.secret,
        }
        group = (await world.data(FORM, {"input": formed}))["qigFormGroup"]["group"]["id"]
        return PersonalData(
            reads=(Operation(PROGRESS, {"group": group}),),
            changes=(Operation(START_PIP, {"input": {"groupId": group}}),),
        )
