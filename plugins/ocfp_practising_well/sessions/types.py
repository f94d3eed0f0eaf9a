"""GraphQL types of Peer Connect sessions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from plugins.ocfp_practising_well.goals.types import goal_id


@strawberry.type(description="Peer Connect time with a guide (PW-CREDIT-PEER).")
class PwSession(FromRow):
    id: strawberry.ID
    guide_id: strawberry.ID
    goal_id: strawberry.ID | None
    held_on: date
    hours: Decimal
    activity_id: strawberry.ID

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "guide_id": lambda row: to_global_id("PwGuide", row.guide_id),
        "goal_id": goal_id,
        "activity_id": lambda row: to_global_id("Activity", row.activity_id),
    }
