"""GraphQL types of support visits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow


@strawberry.type(description="An in-practice support visit after a session (SGLS-VISITS).")
class PspVisit(FromRow):
    id: strawberry.ID
    session_id: strawberry.ID
    plan_id: strawberry.ID
    visitor_id: strawberry.ID
    practice: str
    visited_on: date
    notes: str

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "session_id": lambda row: to_global_id("PspSession", row.session_id),
        "plan_id": lambda row: to_global_id("Plan", row.plan_id),
        "visitor_id": lambda row: to_global_id("Person", row.visitor_id),
    }
