"""GraphQL types of monthly reports and pre-work."""

from __future__ import annotations

from datetime import date

import strawberry

from core.groups.types import Group
from core.measures.types import Measure
from plugins.learning_collaborative.reports.service import Owed


@strawberry.type(description="What a team still owes for a month (LC-MONTHLY, LC-PREWORK).")
class LcOwed:
    team: Group
    month: date = strawberry.field(description="The month, as its first day.")
    due_on: date
    late: bool = strawberry.field(description="Past its due date and still not complete.")
    missing: list[Measure] = strawberry.field(description="Charter measures not reported.")

    @classmethod
    def of(cls, owed: Owed) -> LcOwed:
        return cls(
            team=Group.from_row(owed.team),
            month=owed.month,
            due_on=owed.due_on,
            late=owed.late,
            missing=[Measure.from_row(m) for m in owed.missing],
        )
