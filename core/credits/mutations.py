"""Corrections: reversing a ledger entry, correcting or withdrawing attendance. Each returns
what it reversed and, when a cap made room, what it gave back."""

from __future__ import annotations

from collections.abc import Awaitable
from decimal import Decimal
from typing import Any, Protocol

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.activities.types import Participation
from core.catalog.types import Decision
from core.credits import corrections
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from core.registry import Registry


@strawberry.input
class ReverseCreditEntryInput:
    entry_id: strawberry.ID = node_id("CreditEntry")
    reason: str


@strawberry.type
class ReverseCreditEntryPayload(Payload):
    entry: CreditEntry | None = None


@strawberry.input
class CorrectAttendanceInput:
    participation_id: strawberry.ID = node_id("Participation")
    hours: Decimal = strawberry.field(description="The hours actually attended.")
    reason: str


@strawberry.input
class WithdrawAttendanceInput:
    participation_id: strawberry.ID = node_id("Participation")
    reason: str


@strawberry.type
class CorrectAttendancePayload(Payload):
    participation: Participation | None = None
    reversals: list[CreditEntry] = strawberry.field(default_factory=list)
    credit_entry: CreditEntry | None = strawberry.field(
        default=None, description="The new award for corrected hours."
    )
    credit_decision: Decision | None = None


def amended(amendment: corrections.Amendment) -> dict[str, Any]:
    """The payload fields of a corrected or withdrawn attendance (programs reuse it)."""
    award = amendment.award
    return {
        "participation": Participation.from_row(amendment.participation),
        "reversals": [CreditEntry.from_row(r) for r in amendment.reversals],
        "credit_entry": CreditEntry.from_row(award.entry) if award and award.entry else None,
        "credit_decision": Decision.from_value(award.decision) if award else None,
    }


class AttendanceCorrection(Protocol):
    """Core's staff correction, or a program's for its own kinds: the same call either way."""

    def __call__(
        self,
        session: AsyncSession,
        registry: Registry,
        viewer: Viewer,
        *,
        participation_id: int,
        hours: Decimal | None,
        reason: str,
    ) -> Awaitable[corrections.Amendment]: ...


async def amend_attendance(
    info: Info,
    input: CorrectAttendanceInput | WithdrawAttendanceInput,
    service: AttendanceCorrection = corrections.correct_attendance,
) -> CorrectAttendancePayload:
    """Correct attendance through ``service`` (or withdraw it: an input without hours)."""
    values, context = decoded(input), info.context
    values.setdefault("hours", None)
    return await mutate(
        info,
        CorrectAttendancePayload,
        lambda s: service(s, context.registry, context.viewer, **values),
        amended,
    )


@strawberry.type
class CreditsMutation:
    @strawberry.mutation(
        description="Correct the ledger with a reversing entry; credit a cap cut from the "
        "person's other entries is given back as far as the cap now allows."
    )
    async def reverse_credit_entry(
        self, info: Info, input: ReverseCreditEntryInput
    ) -> ReverseCreditEntryPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            ReverseCreditEntryPayload,
            lambda s: corrections.reverse_entry(
                s, context.registry, context.viewer, values["entry_id"], values["reason"]
            ),
            lambda row: {"entry": CreditEntry.from_row(row)},
        )

    @strawberry.mutation(
        description="Staff correct the hours of attendance they recorded; its credits are "
        "reversed and awarded again for the hours attended."
    )
    async def correct_attendance(
        self, info: Info, input: CorrectAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input)

    @strawberry.mutation(
        description="Staff withdraw attendance recorded in error; its credits are reversed."
    )
    async def withdraw_attendance(
        self, info: Info, input: WithdrawAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input)
