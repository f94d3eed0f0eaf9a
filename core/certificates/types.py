"""GraphQL type of a certificate."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from core.graphql.relay import Node
from core.graphql.rows import FromRow


@strawberry.type(description="A certificate issued to a person for credits earned.")
class Certificate(Node, FromRow):
    number: str
    program: str
    title: str
    statement: str
    credits: Decimal
    certification_code: str | None
    period_start: date
    period_end: date
    issued_at: datetime
