"""GraphQL type of the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import strawberry
from strawberry.scalars import JSON

from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow


def _person(pk: int | None) -> strawberry.ID | None:
    return to_global_id("Person", pk) if pk else None


@strawberry.type(
    description="Something done, as the trail recorded it: a mutation that committed, or a "
    "read of someone else's transcript. It is never changed or removed."
)
class AuditEvent(Node, FromRow):
    at: datetime
    action: str = strawberry.field(
        description="The mutation's name (setCreditCycle), or a read's (transcript.read)."
    )
    actor_id: strawberry.ID | None = strawberry.field(description="Who did it.")
    person_id: strawberry.ID | None = strawberry.field(description="Whose record it touched.")
    targets: JSON = strawberry.field(
        description="The IDs its input named, by field (personId, activityId); never free text."
    )

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "actor_id": lambda row: _person(row.actor_id),
        "person_id": lambda row: _person(row.person_id),
    }
