"""GraphQL types of learning sessions."""

from __future__ import annotations

from typing import Any

import strawberry

from core.activities.types import Activity


@strawberry.type(description="A learning session of a collaborative (LC-SESSIONS).")
class LcLearningSession:
    number: int = strawberry.field(description="1 to the setting's count (four by default).")
    activity: Activity = strawberry.field(description="The core activity, a part per day.")

    @classmethod
    def of(cls, link: Any, activity: Any) -> LcLearningSession:
        return cls(number=link.number, activity=Activity.from_row(activity))
