"""Root fields reading plans: one plan, or a person's or group's."""

from __future__ import annotations

import strawberry

from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.permissions import SignedIn, requires
from core.graphql.relay import decode_id, decode_one_of
from core.plans import repository
from core.plans.editors import require_plan
from core.plans.types import Plan

OWNER_TYPES = ("Person", "Group")


def decode_owner(value: str) -> tuple[str, int]:
    """An owner's global ID: a person's or a group's."""
    return decode_one_of(value, OWNER_TYPES)


@strawberry.type
class PlansQuery:
    @strawberry.field(
        description="One plan with its goals, reviews and current version: for those who "
        "see it, and for the co-editors its program names.",
        extensions=requires(SignedIn()),
    )
    async def plan(self, info: Info, plan_id: strawberry.ID) -> Plan:
        pk = decode_id(plan_id, "Plan")
        async with info.context.db.read() as session:
            row = await require_plan(session, info.context.viewer, pk, info.context.registry)
        return Plan.from_row(row)

    @connection(
        Plan,
        description="A person's or group's plans the viewer may see, optionally of one "
        "program, in the order they were started.",
        extensions=requires(SignedIn()),
    )
    async def plans(
        self,
        info: Info,
        owner_id: strawberry.ID,
        program: str | None = None,
    ) -> Rows[Plan]:
        owner = decode_owner(owner_id)
        statement = repository.plans_of(info.context.viewer, owner, program)
        return Rows(statement, Plan.from_row)
