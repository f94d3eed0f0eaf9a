"""My program passes the contract every peerlearn program passes, the access checks included."""

from __future__ import annotations

from core.testing import Operation, PersonalData, ProgramContract, World

ENTRIES = "query Entries($person: ID!) { myProgramEntries(personId: $person) { text } }"
ADD_ENTRY = """mutation AddEntry($input: MyProgramAddEntryInput!) {
  myProgramAddEntry(input: $input) { errors { code } entry { text } }
}"""


class TestMyProgram(ProgramContract):
    slug = "my_program"

    async def personal_data(self, world: World) -> PersonalData:
        """The owner's learning log: strangers neither read nor write it."""
        await world.data(ADD_ENTRY, {"input": {"personId": world.owner, "text": world.secret}})
        return PersonalData(
            reads=(Operation(ENTRIES, {"person": world.owner}),),
            changes=(Operation(ADD_ENTRY, {"input": {"personId": world.owner, "text": "more"}}),),
        )
