"""GraphQL types of certificates and of what a verification code reveals."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.certificates.documents import Verification
from core.certificates.routes import ROUTE
from core.graphql.relay import Node
from core.graphql.rows import FromRow


@strawberry.type(description="A certificate issued to a person for credits earned.")
class Certificate(Node, FromRow):
    COMPUTED: ClassVar[Mapping[str, Callable[[Any], Any]]] = {
        "download_path": lambda row: ROUTE.format(number=row.number),
        "current": lambda row: row.superseded_by_id is None,
    }

    number: str
    program: str
    title: str
    statement: str
    credits: Decimal
    certification_code: str | None
    period_start: date
    period_end: date
    issued_at: datetime
    verification_code: str = strawberry.field(
        description="What anyone may give verifyCertificate to check the certificate."
    )
    current: bool = strawberry.field(
        default=True, description="False once a corrected certificate replaced this one."
    )
    download_path: str = strawberry.field(
        default="",
        description="Where the PDF is, on this service, with the same Authorization header.",
    )


@strawberry.type(description="Credits of one category on a certificate.")
class CertificateCategory:
    category: str = strawberry.field(description="As the College reads it: Mainpro+ Certified.")
    credits: Decimal


@strawberry.type(
    description="What a certificate states, shown to anyone with its verification code."
)
class CertificateVerification:
    number: str
    holder: str
    title: str
    provider: str
    program: str
    period_start: date
    period_end: date
    issued_at: datetime
    credits: Decimal
    categories: list[CertificateCategory]
    replaced_by: str | None = strawberry.field(
        description="The number of the corrected certificate that replaced this one, if any."
    )

    @classmethod
    def of(cls, found: Verification) -> CertificateVerification:
        categories = [
            CertificateCategory(category=c.category, credits=c.credits) for c in found.categories
        ]
        return cls(**{**vars(found), "categories": categories})
