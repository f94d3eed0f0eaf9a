"""GraphQL types of individual activities."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from plugins.cpso_qi_groups.models import QiActivity

QigActivity = QiActivity
strawberry.enum(QigActivity, name="QigActivity")


@strawberry.type(description="A member's completed individual activity (QIG-INDIVIDUAL).")
class QigActivityRecord(FromRow):
    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "id": lambda row: to_global_id("QigActivityRecord", row.id),
        "person_id": lambda row: to_global_id("Person", row.person_id),
        "activity": lambda row: QiActivity(row.activity),
    }

    id: strawberry.ID
    person_id: strawberry.ID
    activity: QigActivity
    completed_on: date
    minutes_spent: int
    answers: str = strawberry.field(description="Only the member and CPSO staff read these.")
    recorded_at: datetime
