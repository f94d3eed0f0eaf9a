"""The contract kit, run against the example program installed as its own distribution."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.testing import Operation, PersonalData, ProgramContract, World

NOTES = "query Notes($person: ID!) { exNotes(personId: $person) { text } }"
ADD_NOTE = """mutation AddNote($input: ExAddNoteInput!) {
  exAddNote(input: $input) { errors { code } note { text } }
}"""


class TestExampleProgram(ProgramContract):
    slug = "example"

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _installed(cls, example_site: Path) -> Path:
        return example_site

    async def personal_data(self, world: World) -> PersonalData:
        """A note the owner keeps, read and added to through the example's fields."""
        await world.data(ADD_NOTE, {"input": {"personId": world.owner, "text": world.secret}})
        return PersonalData(
            reads=(Operation(NOTES, {"person": world.owner}),),
            changes=(Operation(ADD_NOTE, {"input": {"personId": world.owner, "text": "more"}}),),
        )
