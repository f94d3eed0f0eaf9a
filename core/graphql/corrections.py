"""Corrections through GraphQL: reversing a ledger entry, correcting or withdrawing
attendance. Each returns what it reversed and, when a cap made room, what it gave back."""

from __future__ import annotations

from collections.abc import Awaitable
from decimal import Decimal
from typing import Any, Protocol

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.credits import corrections
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id
from core.graphql.types import CreditEntry, Decision, Participation
from core.registry import Registry


@strawberry.input
class ReverseCreditEntryInput:
    entry_id: strawberry.ID
    reason: str


@strawberry.type
class ReverseCreditEntryPayload(Payload):
    entry: CreditEntry | None = None


@strawberry.input
class CorrectAttendanceInput:
    participation_id: strawberry.ID
    hours: Decimal = strawberry.field(description="The hours actually attended.")
    reason: str


@strawberry.input
class WithdrawAttendanceInput:
    participation_id: strawberry.ID
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


@strawberry.type
class CorrectionMutation:
    @strawberry.mutation(
        description="Correct the ledger with a reversing entry; credit a cap cut from the "
        "person's other entries is given back as far as the cap now allows."
    )
    async def reverse_credit_entry(
        self, info: Info, input: ReverseCreditEntryInput
    ) -> ReverseCreditEntryPayload:
        entry_id = decode_id(input.entry_id, "CreditEntry")

        async def work(session: AsyncSession) -> dict[str, Any]:
            row = await corrections.reverse_entry(
                session, info.context.registry, info.context.viewer, entry_id, input.reason
            )
            return {"entry": CreditEntry.from_row(row)}

        return await mutate(info, ReverseCreditEntryPayload, work)

    @strawberry.mutation(
        description="Staff correct the hours of attendance they recorded; its credits are "
        "reversed and awarded again for the hours attended."
    )
    async def correct_attendance(
        self, info: Info, input: CorrectAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input.participation_id, input.hours, input.reason)

    @strawberry.mutation(
        description="Staff withdraw attendance recorded in error; its credits are reversed."
    )
    async def withdraw_attendance(
        self, info: Info, input: WithdrawAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input.participation_id, None, input.reason)


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
    participation_id: strawberry.ID,
    hours: Decimal | None,
    reason: str,
    service: AttendanceCorrection = corrections.correct_attendance,
) -> CorrectAttendancePayload:
    """Correct (or, with ``hours`` None, withdraw) attendance through ``service``."""
    pk = decode_id(participation_id, "Participation")

    async def work(session: AsyncSession) -> dict[str, Any]:
        amendment = await service(
            session,
            info.context.registry,
            info.context.viewer,
            participation_id=pk,
            hours=hours,
            reason=reason,
        )
        return amended(amendment)

    return await mutate(info, CorrectAttendancePayload, work)
