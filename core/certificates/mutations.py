"""The mutation certifying a person's credits."""

from __future__ import annotations

from datetime import date

import strawberry

from core.certificates import service as certificates
from core.certificates.types import Certificate
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id


@strawberry.input
class IssueCertificateInput:
    person_id: strawberry.ID = node_id("Person")
    organization_id: strawberry.ID = node_id("Organization")
    program: str
    title: str
    period_start: date
    period_end: date


@strawberry.type
class IssueCertificatePayload(Payload):
    certificate: Certificate | None = None


@strawberry.type
class CertificatesMutation:
    @strawberry.mutation(description="Certify the credits a person earned in a program.")
    async def issue_certificate(
        self, info: Info, input: IssueCertificateInput
    ) -> IssueCertificatePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            IssueCertificatePayload,
            lambda s: certificates.issue_certificate(s, context.registry, context.viewer, **values),
            lambda row: {"certificate": Certificate.from_row(row)},
        )
