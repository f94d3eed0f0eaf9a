"""Mutations of follow-up: payments (division staff) and certificates (the physician or staff)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from core.certificates.types import Certificate
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id
from plugins.psp_sgls.followup import service
from plugins.psp_sgls.followup.types import PspPayment


@strawberry.input
class PspRecordPaymentInput:
    session_id: strawberry.ID = node_id("PspSession")
    person_id: strawberry.ID = node_id("Person")
    amount: Decimal
    allocation_id: strawberry.ID | None = node_id(
        "Allocation", optional=True, description="Spend it from this division allocation."
    )


@strawberry.type
class PspPaymentPayload(Payload):
    payment: PspPayment | None = None


@strawberry.input
class PspIssueCertificateInput:
    session_id: strawberry.ID = node_id("PspSession")
    person_id: strawberry.ID = node_id("Person")


@strawberry.type
class PspCertificatePayload(Payload):
    certificate: Certificate | None = None


@strawberry.type
class FollowupMutation:
    @strawberry.mutation(
        description="Record a physician's participation payment: division staff, once, only "
        "after the action plan (SGLS-ACTION-PLAN)."
    )
    async def psp_record_payment(
        self, info: Info, input: PspRecordPaymentInput
    ) -> PspPaymentPayload:
        values, viewer, registry = decoded(input), info.context.viewer, info.context.registry
        return await mutate(
            info,
            PspPaymentPayload,
            lambda s: service.record_payment(s, registry, viewer, **values),
            lambda row: {"payment": PspPayment.from_row(row)},
        )

    @strawberry.mutation(
        description="Issue the session's accreditation certificate: the physician or division "
        "staff, only once the questionnaire is in (SGLS-CERTIFICATE)."
    )
    async def psp_issue_certificate(
        self, info: Info, input: PspIssueCertificateInput
    ) -> PspCertificatePayload:
        values, viewer, registry = decoded(input), info.context.viewer, info.context.registry
        return await mutate(
            info,
            PspCertificatePayload,
            lambda s: service.issue_certificate(s, registry, viewer, **values),
            lambda row: {"certificate": Certificate.from_row(row)},
        )
