"""Mutations that send credits on to Mainpro+: quarterly certificates, credits OCFP entered."""

from __future__ import annotations

from datetime import date

import strawberry

from core.certificates.types import Certificate
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, decoded, node_id
from plugins.ocfp_practising_well.reporting import service
from plugins.ocfp_practising_well.reporting.types import PwWithheldCertificate


@strawberry.input
class PwIssueQuarterlyCertificatesInput:
    organization_id: strawberry.ID = node_id("Organization")
    quarter: date = strawberry.field(description="Any day of the quarter to certify.")


@strawberry.type
class PwQuarterPayload(Payload):
    issued: list[Certificate] = strawberry.field(default_factory=list)
    withheld: list[PwWithheldCertificate] = strawberry.field(default_factory=list)


@strawberry.input
class PwMarkCreditsReportedInput:
    organization_id: strawberry.ID = node_id("Organization")
    credit_entry_ids: list[strawberry.ID]


@strawberry.type
class PwMarkCreditsReportedPayload(Payload):
    reported: int = 0


def _quarter(outcomes: list[service.QuarterOutcome]) -> dict[str, list[object]]:
    return {
        "issued": [Certificate.from_row(o.certificate) for o in outcomes if o.certificate],
        "withheld": [PwWithheldCertificate.from_row(o) for o in outcomes if not o.certificate],
    }


@strawberry.type
class ReportingMutation:
    @strawberry.mutation(description="Staff issue a quarter's Peer Connect certificates.")
    async def pw_issue_quarterly_certificates(
        self, info: Info, input: PwIssueQuarterlyCertificatesInput
    ) -> PwQuarterPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            PwQuarterPayload,
            lambda s: service.issue_quarterly_certificates(
                s, context.registry, context.viewer, **values
            ),
            _quarter,
        )

    @strawberry.mutation(description="Record credits OCFP entered into Mainpro+ for learners.")
    async def pw_mark_credits_reported(
        self, info: Info, input: PwMarkCreditsReportedInput
    ) -> PwMarkCreditsReportedPayload:
        values, viewer = decoded(input), info.context.viewer
        # A list of IDs: ``node_id`` declares one, so these are decoded here.
        values["credit_entry_ids"] = [decode_id(e, "CreditEntry") for e in input.credit_entry_ids]
        return await mutate(
            info,
            PwMarkCreditsReportedPayload,
            lambda s: service.mark_reported(s, viewer, **values),
            lambda count: {"reported": count},
        )
