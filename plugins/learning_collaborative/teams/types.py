"""GraphQL types of teams."""

from __future__ import annotations

from typing import Any

import strawberry

from core.graphql.context import Info
from core.groups.types import Group
from core.people import repository as people
from core.people.types import Person
from plugins.learning_collaborative.teams.service import Team


@strawberry.type(description="A rule a team's composition does not meet yet (LC-TEAM).")
class LcMissing:
    code: str
    message: str


@strawberry.type(description="A practice's QI team in a collaborative (LC-TEAM, LC-COACH).")
class LcTeam:
    group: Group
    complete: bool = strawberry.field(description="Whether every composition rule holds.")
    missing: list[LcMissing]
    coach_id: strawberry.Private[int | None]

    @strawberry.field(description="The team's QI coach (LC-COACH), if one is assigned.")
    async def coach(self, info: Info) -> Person | None:
        if self.coach_id is None:
            return None
        row = await info.context.loaders(people.people_by_id).load(self.coach_id)
        return None if row is None else Person.from_row(row)

    @classmethod
    def of(cls, team: Team) -> LcTeam:
        return cls(
            group=Group.from_row(team.group),
            complete=not team.missing,
            missing=[LcMissing(code=m.code, message=m.message) for m in team.missing],
            coach_id=team.coach_id,
        )


def group_of(row: Any) -> Group:
    return Group.from_row(row)
