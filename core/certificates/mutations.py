"""Mutations certifying credits: one person's, a batch, and a corrected certificate anew."""

from __future__ import annotations

from datetime import date

import strawberry

from core.certificates import batches
from core.certificates import service as certificates
from core.certificates.types import Certificate
from core.graphql.context import Info
from core.graphql.errors import Payload, UserError, mutate
from core.graphql.relay import decoded, node_id, to_global_id


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


@strawberry.input
class IssueCertificatesInput:
    organization_id: strawberry.ID = node_id("Organization")
    program: str
    title: str
    period_start: date
    period_end: date
    activity_id: strawberry.ID | None = node_id(
        "Activity", optional=True, description="Only the credits this activity earned."
    )


@strawberry.type(description="A person a batch left out, and the rule that refused them.")
class CertificateRefusal:
    person_id: strawberry.ID
    error: UserError


@strawberry.type
class IssueCertificatesPayload(Payload):
    certificates: list[Certificate] = strawberry.field(default_factory=list)
    refused: list[CertificateRefusal] = strawberry.field(default_factory=list)


@strawberry.input
class ReissueCertificateInput:
    certificate_id: strawberry.ID = node_id("Certificate")
    title: str | None = strawberry.field(default=None, description="A corrected title.")


def _batch(batch: batches.Batch) -> dict[str, object]:
    return {
        "certificates": [Certificate.from_row(row) for row in batch.certificates],
        "refused": [
            CertificateRefusal(
                person_id=to_global_id("Person", person), error=UserError.from_reason(reason)
            )
            for person, reason in batches.refused_people(batch.refused)
        ],
    }


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

    @strawberry.mutation(
        description="Certify everyone with credits outstanding in a program over a period (a "
        "quarter), or from one activity (a call, a session); people the program's rules refuse "
        "are listed with the reason."
    )
    async def issue_certificates(
        self, info: Info, input: IssueCertificatesInput
    ) -> IssueCertificatesPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            IssueCertificatesPayload,
            lambda s: batches.issue_many(s, context.registry, context.viewer, **values),
            _batch,
        )

    @strawberry.mutation(
        description="Issue a corrected certificate in place of one whose credits changed; the "
        "old one stays verifiable and names its replacement."
    )
    async def reissue_certificate(
        self, info: Info, input: ReissueCertificateInput
    ) -> IssueCertificatePayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            IssueCertificatePayload,
            lambda s: batches.reissue(s, context.viewer, **values),
            lambda row: {"certificate": Certificate.from_row(row)},
        )
