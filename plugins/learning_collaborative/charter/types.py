"""GraphQL types of the collaborative and its charter."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from core.graphql.relay import to_global_id
from core.groups.types import Group
from core.measures.types import Measure
from plugins.learning_collaborative.charter.service import Charter


@strawberry.type(description="A goal of a collaborative's charter (LC-CHARTER).")
class LcCharterGoal:
    id: strawberry.ID
    statement: str

    @classmethod
    def of(cls, row: Any) -> LcCharterGoal:
        return cls(id=to_global_id("LcCharterGoal", row.id), statement=row.statement)


@strawberry.type(description="A charter measure: a core measure and how it is counted.")
class LcCharterMeasure:
    measure: Measure
    definition: str = strawberry.field(description="Numerator/denominator or what is counted.")

    @classmethod
    def of(cls, link: Any, measure: Any) -> LcCharterMeasure:
        return cls(measure=Measure.from_row(measure), definition=link.definition)


@strawberry.type(description="A learning collaborative: a core group of practice teams.")
class LcCollaborative:
    group: Group = strawberry.field(description="The collaborative's group; teams are children.")
    starts_on: date = strawberry.field(description="The first month of the action period.")
    shares_reports: bool = strawberry.field(
        description="Whether teams see each other's monthly values."
    )


def collaborative_of(row: Any, group: Any) -> LcCollaborative:
    return LcCollaborative(
        group=Group.from_row(group), starts_on=row.starts_on, shares_reports=row.shares_reports
    )


@strawberry.type(description="A collaborative's charter (LC-CHARTER): goals, measures, targets.")
class LcCharter:
    collaborative: LcCollaborative
    goals: list[LcCharterGoal]
    measures: list[LcCharterMeasure]

    @classmethod
    def of(cls, charter: Charter) -> LcCharter:
        return cls(
            collaborative=collaborative_of(charter.collaborative, charter.group),
            goals=[LcCharterGoal.of(g) for g in charter.goals],
            measures=[LcCharterMeasure.of(link, m) for link, m in charter.measures],
        )
