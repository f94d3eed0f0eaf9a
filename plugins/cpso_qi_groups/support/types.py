"""GraphQL types of support requests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from plugins.cpso_qi_groups.models import Advisor

QigAdvisor = Advisor
strawberry.enum(QigAdvisor, name="QigAdvisor")


@strawberry.type(description="A group's request for support and its answer (QIG-SUPPORT).")
class QigSupportRequest(FromRow):
    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "id": lambda row: to_global_id("QigSupportRequest", row.id),
        "group_id": lambda row: to_global_id("Group", row.group_id),
        "requested_by_id": lambda row: to_global_id("Person", row.requested_by_id),
        "advisor": lambda row: Advisor(row.advisor),
    }

    id: strawberry.ID
    group_id: strawberry.ID
    requested_by_id: strawberry.ID
    advisor: QigAdvisor
    question: str
    answer: str | None
    created_at: datetime
    answered_at: datetime | None
