"""GraphQL types of follow-up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow


@strawberry.type(description="A physician's participation payment (SGLS-ACTION-PLAN), once.")
class PspPayment(FromRow):
    id: strawberry.ID
    session_id: strawberry.ID
    person_id: strawberry.ID
    plan_id: strawberry.ID
    amount: Decimal
    recorded_at: datetime

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "session_id": lambda row: to_global_id("PspSession", row.session_id),
        "person_id": lambda row: to_global_id("Person", row.person_id),
        "plan_id": lambda row: to_global_id("Plan", row.plan_id),
    }
