"""Practising Well corrections through GraphQL: sessions by whoever may log them, call
attendance by program staff. Thin: decode, call one service, map with core's mapping."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from core.credits.mutations import (
    CorrectAttendanceInput,
    CorrectAttendancePayload,
    WithdrawAttendanceInput,
    amend_attendance,
    amended,
)
from core.graphql.context import Info
from core.graphql.errors import mutate
from core.graphql.relay import decode_id
from plugins.ocfp_practising_well import corrections
from plugins.ocfp_practising_well.types import PwSession

CALL_ATTENDANCE = corrections.correct_call_attendance


@strawberry.input
class PwCorrectSessionInput:
    session_id: strawberry.ID
    hours: Decimal = strawberry.field(description="The hours the session actually lasted.")
    reason: str


@strawberry.input
class PwWithdrawSessionInput:
    session_id: strawberry.ID
    reason: str


@strawberry.type
class PwSessionCorrectionPayload(CorrectAttendancePayload):
    session: PwSession | None = None


async def _session(
    info: Info, session_id: strawberry.ID, hours: Decimal | None, reason: str
) -> PwSessionCorrectionPayload:
    pk = decode_id(session_id, "PwSession")

    async def work(session: AsyncSession) -> dict[str, Any]:
        corrected = await corrections.correct_session(
            session,
            info.context.registry,
            info.context.viewer,
            session_id=pk,
            hours=hours,
            reason=reason,
        )
        return {**amended(corrected.amendment), "session": PwSession.from_row(corrected.session)}

    return await mutate(info, PwSessionCorrectionPayload, work)


@strawberry.type
class PwCorrectionMutation:
    @strawberry.mutation(
        description="Correct a Peer Connect session's hours (the learner, the guide or program "
        "staff); its credits are reversed and awarded again (PW-CREDIT-PEER)."
    )
    async def pw_correct_session(
        self, info: Info, input: PwCorrectSessionInput
    ) -> PwSessionCorrectionPayload:
        return await _session(info, input.session_id, input.hours, input.reason)

    @strawberry.mutation(
        description="Withdraw a Peer Connect session logged in error; its credits are reversed "
        "and it leaves the session list."
    )
    async def pw_withdraw_session(
        self, info: Info, input: PwWithdrawSessionInput
    ) -> PwSessionCorrectionPayload:
        return await _session(info, input.session_id, None, input.reason)

    @strawberry.mutation(
        description="Program staff correct the hours of a call's attendance (PW-CREDIT-COP)."
    )
    async def pw_correct_call_attendance(
        self, info: Info, input: CorrectAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input, CALL_ATTENDANCE)

    @strawberry.mutation(description="Program staff withdraw call attendance recorded in error.")
    async def pw_withdraw_call_attendance(
        self, info: Info, input: WithdrawAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input, CALL_ATTENDANCE)
