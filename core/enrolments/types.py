"""GraphQL type of an enrolment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

import strawberry

from core.enrolments import models, repository
from core.graphql.context import Context
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow

EnrolmentState = models.EnrolmentState
strawberry.enum(EnrolmentState, name="EnrolmentState")


def _person(pk: int | None) -> strawberry.ID | None:
    return to_global_id("Person", pk) if pk is not None else None


@strawberry.type(description="A person's request to join a program, and what became of it.")
class Enrolment(Node, FromRow):
    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "person_id": lambda row: _person(row.person_id),
        "organization_id": lambda row: to_global_id("Organization", row.organization_id),
        "decided_by_id": lambda row: _person(row.decided_by_id),
        "ended_by_id": lambda row: _person(row.ended_by_id),
    }

    person_id: strawberry.ID
    program: str
    organization_id: strawberry.ID
    state: EnrolmentState
    requested_at: datetime
    decided_at: datetime | None
    decided_by_id: strawberry.ID | None
    decision_reason: str | None = strawberry.field(description="Why it was declined, if said.")
    ended_at: datetime | None = strawberry.field(description="When it was withdrawn or closed.")
    ended_by_id: strawberry.ID | None = strawberry.field(
        description="The person themselves, or the program's staff."
    )
    end_reason: str | None


async def enrolment_nodes(context: Context, ids: Sequence[int]) -> list[Enrolment | None]:
    """``node(id:)`` for enrolments: the person's own, and their program staff's."""
    loader = context.loaders(repository.visible_enrolments_by_id, context.viewer)
    rows = await loader.load_many(list(ids))
    return [None if row is None else Enrolment.from_row(row) for row in rows]
