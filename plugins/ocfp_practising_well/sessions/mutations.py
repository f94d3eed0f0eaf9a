"""Mutations of Peer Connect sessions and Community of Practice calls, and their corrections:
sessions by whoever may log them, call attendance by program staff."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from core.activities.types import Activity, Participation
from core.catalog.types import Decision
from core.certificates.types import Certificate
from core.credits.mutations import (
    CorrectAttendanceInput,
    CorrectAttendancePayload,
    WithdrawAttendanceInput,
    amend_attendance,
    amended,
)
from core.credits.types import CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.ocfp_practising_well.sessions import corrections, service
from plugins.ocfp_practising_well.sessions.types import PwSession


@strawberry.input
class PwLogSessionInput:
    guide_id: strawberry.ID = node_id("PwGuide")
    learner_id: strawberry.ID = node_id("Person")
    held_on: date
    hours: Decimal
    goal_id: strawberry.ID | None = node_id("PwGoal", optional=True)


@strawberry.type
class PwSessionPayload(Payload):
    session: PwSession | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None


@strawberry.input
class PwScheduleCallInput:
    organization_id: strawberry.ID = node_id("Organization")
    title: str
    starts_at: datetime
    ends_at: datetime


@strawberry.type
class PwCallPayload(Payload):
    call: Activity | None = None


@strawberry.input
class PwRecordCallAttendanceInput:
    call_id: strawberry.ID = node_id("Activity")
    learner_id: strawberry.ID = node_id("Person")
    hours: Decimal


@strawberry.type
class PwAttendancePayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None
    certificate: Certificate | None = None
    certificate_decision: Decision | None = None


@strawberry.input
class PwCorrectSessionInput:
    session_id: strawberry.ID = node_id("PwSession")
    hours: Decimal = strawberry.field(description="The hours the session actually lasted.")
    reason: str


@strawberry.input
class PwWithdrawSessionInput:
    session_id: strawberry.ID = node_id("PwSession")
    reason: str


@strawberry.type
class PwSessionCorrectionPayload(CorrectAttendancePayload):
    session: PwSession | None = None


def _logged(logged: service.LoggedSession) -> dict[str, Any]:
    entry = logged.award.entry
    return {
        "session": PwSession.from_row(logged.session),
        "credit_entry": CreditEntry.from_row(entry) if entry else None,
        "credit_decision": Decision.from_value(logged.award.decision),
    }


def _attended(attended: service.Attendance) -> dict[str, Any]:
    entry, certificate = attended.award.entry, attended.certificate
    decision = attended.certificate_decision
    return {
        "participation": Participation.from_row(attended.participation),
        "credit_entry": CreditEntry.from_row(entry) if entry else None,
        "credit_decision": Decision.from_value(attended.award.decision),
        "certificate": Certificate.from_row(certificate) if certificate else None,
        "certificate_decision": Decision.from_value(decision) if decision else None,
    }


def _corrected(corrected: corrections.SessionAmendment) -> dict[str, Any]:
    return {**amended(corrected.amendment), "session": PwSession.from_row(corrected.session)}


async def _amend_session(
    info: Info, input: PwCorrectSessionInput | PwWithdrawSessionInput
) -> PwSessionCorrectionPayload:
    """Correct a session's hours, or withdraw it: an input without hours."""
    values, context = decoded(input), info.context
    values.setdefault("hours", None)
    return await mutate(
        info,
        PwSessionCorrectionPayload,
        lambda s: corrections.correct_session(s, context.registry, context.viewer, **values),
        _corrected,
    )


@strawberry.type
class SessionsMutation:
    @strawberry.mutation(
        description="Log Peer Connect time with a matched guide: 3 credits an hour up to 36 "
        "(PW-CREDIT-PEER)."
    )
    async def pw_log_session(self, info: Info, input: PwLogSessionInput) -> PwSessionPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwSessionPayload,
            lambda s: service.log_session(s, context.registry, context.viewer, **values),
            _logged,
        )

    @strawberry.mutation(description="Staff schedule a monthly Community of Practice call.")
    async def pw_schedule_call(self, info: Info, input: PwScheduleCallInput) -> PwCallPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwCallPayload,
            lambda s: service.schedule_call(s, context.registry, context.viewer, **values),
            lambda call: {"call": Activity.from_row(call)},
        )

    @strawberry.mutation(
        description="Staff record call attendance: up to 12 credits (PW-CREDIT-COP); a "
        "certificate follows each call for learners who chose certificates."
    )
    async def pw_record_call_attendance(
        self, info: Info, input: PwRecordCallAttendanceInput
    ) -> PwAttendancePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwAttendancePayload,
            lambda s: service.record_call_attendance(s, context.registry, context.viewer, **values),
            _attended,
        )

    @strawberry.mutation(
        description="Correct a Peer Connect session's hours (the learner, the guide or program "
        "staff); its credits are reversed and awarded again (PW-CREDIT-PEER)."
    )
    async def pw_correct_session(
        self, info: Info, input: PwCorrectSessionInput
    ) -> PwSessionCorrectionPayload:
        return await _amend_session(info, input)

    @strawberry.mutation(
        description="Withdraw a Peer Connect session logged in error; its credits are reversed "
        "and it leaves the session list."
    )
    async def pw_withdraw_session(
        self, info: Info, input: PwWithdrawSessionInput
    ) -> PwSessionCorrectionPayload:
        return await _amend_session(info, input)

    @strawberry.mutation(
        description="Program staff correct the hours of a call's attendance (PW-CREDIT-COP)."
    )
    async def pw_correct_call_attendance(
        self, info: Info, input: CorrectAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input, corrections.correct_call_attendance)

    @strawberry.mutation(description="Program staff withdraw call attendance recorded in error.")
    async def pw_withdraw_call_attendance(
        self, info: Info, input: WithdrawAttendanceInput
    ) -> CorrectAttendancePayload:
        return await amend_attendance(info, input, corrections.correct_call_attendance)
