"""Mutations on certifications: add one to a kind or an activity, close it, supersede it, and
award what it covers that earned nothing while pending. Each returns what it awarded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from core.credits import certifications
from core.credits.constants import CERTIFIED
from core.credits.types import Certification, CreditEntry
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decoded, node_id

EFFECTIVE_TO = (
    "The last day it certifies; by default its category's standard period (Mainpro+: 12 "
    "months for certified, 36 for certified assessment)."
)


@strawberry.input
class AddCertificationInput:
    activity_kind: str | None = strawberry.field(
        default=None, description="Certify every activity of this kind (or give activityId)."
    )
    activity_id: strawberry.ID | None = node_id("Activity", optional=True)
    code: str
    title: str
    category: str = strawberry.field(
        default=CERTIFIED, description="certified, certified-assessment or non-certified."
    )
    rate: Decimal
    unit: str = strawberry.field(default="hour", description="hour, activity or achievement.")
    effective_from: date
    effective_to: date | None = strawberry.field(default=None, description=EFFECTIVE_TO)
    credit_system: str = "mainpro+"


@strawberry.input
class CloseCertificationInput:
    certification_id: strawberry.ID = node_id("Certification")
    effective_to: date | None = strawberry.field(
        default=None, description="Its last day; today when not given."
    )


@strawberry.input
class SupersedeCertificationInput:
    certification_id: strawberry.ID = node_id("Certification")
    effective_from: date = strawberry.field(description="The successor's first day.")
    rate: Decimal
    code: str | None = strawberry.field(default=None, description="By default CODE@date.")
    title: str | None = None
    category: str | None = None
    unit: str | None = None
    effective_to: date | None = strawberry.field(default=None, description=EFFECTIVE_TO)


@strawberry.input
class AwardCertifiedCreditsInput:
    certification_id: strawberry.ID = node_id("Certification")


@strawberry.type
class CertificationPayload(Payload):
    certification: Certification | None = None
    closed: Certification | None = strawberry.field(
        default=None, description="The certification a successor replaced."
    )
    awarded: list[CreditEntry] = strawberry.field(
        default_factory=list,
        description="Credit awarded retroactively for what it covers that earned none.",
    )


def _certified(result: certifications.Certified) -> dict[str, Any]:
    return {
        "certification": Certification.from_row(result.certification),
        "closed": Certification.from_row(result.closed) if result.closed else None,
        "awarded": [CreditEntry.from_row(e) for e in result.awarded],
    }


def _terms(values: dict[str, Any]) -> certifications.Terms:
    return certifications.Terms(
        code=values.pop("code") or "",
        title=values.pop("title") or "",
        credit_type=values.pop("category") or "",
        rate=values.pop("rate"),
        unit=values.pop("unit") or "",
        effective_from=values.pop("effective_from"),
        effective_to=values.pop("effective_to"),
        credit_system=values.pop("credit_system", "mainpro+"),
    )


async def _with_terms(
    info: Info,
    input: AddCertificationInput | SupersedeCertificationInput,
    service: Callable[..., Awaitable[certifications.Certified]],
) -> CertificationPayload:
    """Run a service taking a certification's terms (adding one, or a successor)."""
    values, context = decoded(input), info.context
    terms = _terms(values)
    return await mutate(
        info,
        CertificationPayload,
        lambda s: service(s, context.registry, context.viewer, terms=terms, **values),
        _certified,
    )


@strawberry.type
class CertificationsMutation:
    @strawberry.mutation(
        description="Certify an activity kind or one activity; what it covers that was held "
        "while pending earns its credit now (CORE-CERTIFICATION-OVERLAP refuses a second "
        "certification of the same period)."
    )
    async def add_certification(
        self, info: Info, input: AddCertificationInput
    ) -> CertificationPayload:
        return await _with_terms(info, input, certifications.add_certification)

    @strawberry.mutation(description="End a certification on a day; what it certified stays.")
    async def close_certification(
        self, info: Info, input: CloseCertificationInput
    ) -> CertificationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            CertificationPayload,
            lambda s: certifications.close_certification(
                s, context.registry, context.viewer, **values
            ),
            lambda row: {"certification": Certification.from_row(row)},
        )

    @strawberry.mutation(
        description="Close a certification the day before a date and open its successor, "
        "linked to it, with a new rate or category."
    )
    async def supersede_certification(
        self, info: Info, input: SupersedeCertificationInput
    ) -> CertificationPayload:
        return await _with_terms(info, input, certifications.supersede_certification)

    @strawberry.mutation(
        description="Award what a certification covers that has earned nothing yet; "
        "nothing is ever awarded twice, however often or concurrently it is asked."
    )
    async def award_certified_credits(
        self, info: Info, input: AwardCertifiedCreditsInput
    ) -> CertificationPayload:
        values, context = decoded(input), info.context
        return await mutate(
            info,
            CertificationPayload,
            lambda s: certifications.award_pending(s, context.registry, context.viewer, **values),
            _certified,
        )
