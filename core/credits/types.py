"""GraphQL types of the credit ledger and certifications."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

import strawberry

from core.activities.types import Activity, visible_activity
from core.credits.repository import successor_ids
from core.db import utcnow
from core.graphql.context import Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow


@strawberry.type(description="A cap that cut an award, and by how much.")
class AppliedCap:
    code: str = strawberry.field(description="The rule ID of the cap, e.g. PW-CREDIT-PEER.")
    scope: str
    limit: Decimal
    already_awarded: Decimal
    before: Decimal
    after: Decimal

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> AppliedCap:
        """A cap as the ledger stores it: amounts as strings, exact."""
        return cls(
            code=raw["code"],
            scope=raw["scope"],
            limit=Decimal(raw["limit"]),
            already_awarded=Decimal(raw["already_awarded"]),
            before=Decimal(raw["before"]),
            after=Decimal(raw["after"]),
        )


def _entry_id(pk: int | None) -> strawberry.ID | None:
    return to_global_id("CreditEntry", pk) if pk else None


@strawberry.type(description="One line of the append-only credit ledger, with its reasons.")
class CreditEntry(Node, FromRow):
    program: str
    credit_system: str
    credit_type: str
    scope: str
    formula: str
    quantity: Decimal
    unit: str
    rate: Decimal
    amount: Decimal
    caps_applied: list[AppliedCap]
    explanation: str
    earned_on: date
    created_at: datetime
    reverses_entry_id: strawberry.ID | None
    restores_entry_id: strawberry.ID | None = strawberry.field(
        description="The award whose capped-off credit this entry gives back, after a "
        "correction made room under the cap."
    )
    activity_id: strawberry.Private[int | None]

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "caps_applied": lambda row: [AppliedCap.from_raw(c) for c in row.caps_applied],
        "reverses_entry_id": lambda row: _entry_id(row.reverses_entry_id),
        "restores_entry_id": lambda row: _entry_id(row.restores_entry_id),
    }

    @strawberry.field(description="The activity that earned it, if the viewer may see it.")
    async def activity(self, info: Info) -> Activity | None:
        if self.activity_id is None:
            return None
        return await visible_activity(info, self.activity_id)


@strawberry.enum(description="Where a certification stands today.")
class CertificationState(Enum):
    PENDING = "pending"
    IN_FORCE = "in force"
    CLOSED = "closed"
    SUPERSEDED = "superseded"


def _node(name: str, pk: int | None) -> strawberry.ID | None:
    return to_global_id(name, pk) if pk else None


@strawberry.type(
    description="A credit certification of an activity kind, or of one activity: its rate "
    "holds for its period only."
)
class Certification(Node, FromRow):
    code: str
    activity_kind: str
    program: str
    title: str
    credit_system: str
    credit_type: str = strawberry.field(
        description="Its credit category: certified (Mainpro+ Certified), "
        "certified-assessment (Certified Assessment) or non-certified."
    )
    rate: Decimal
    unit: str = strawberry.field(description="hour, activity or achievement.")
    effective_from: date
    effective_to: date | None
    activity_id: strawberry.ID | None = strawberry.field(
        description="The one activity it certifies; none for a kind's certification."
    )
    supersedes_id: strawberry.ID | None = strawberry.field(
        description="The certification it replaced."
    )
    pk: strawberry.Private[int]

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "activity_id": lambda row: _node("Activity", row.activity_id),
        "supersedes_id": lambda row: _node("Certification", row.supersedes_id),
    }

    @strawberry.field(description="The certification that replaced it, if any.")
    async def superseded_by_id(self, info: Info) -> strawberry.ID | None:
        return _node("Certification", await self._successor(info))

    @strawberry.field(description="Pending (not yet in force), in force, closed or superseded.")
    async def state(self, info: Info) -> CertificationState:
        if await self._successor(info) is not None:
            return CertificationState.SUPERSEDED
        today = utcnow().date()
        if self.effective_from > today:
            return CertificationState.PENDING
        if self.effective_to is not None and self.effective_to < today:
            return CertificationState.CLOSED
        return CertificationState.IN_FORCE

    async def _successor(self, info: Info) -> int | None:
        loader = info.context.loaders(successor_ids)
        found: int | None = await loader.load(self.pk)
        return found
