"""GraphQL types of what reaches Mainpro+: credits OCFP still enters, certificates withheld."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.catalog.types import Decision
from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow


@strawberry.type(description="A credit OCFP still has to enter into Mainpro+ (PW-REPORTING).")
class PwPendingCredit(FromRow):
    credit_entry_id: strawberry.ID
    learner_name: str
    licence_number: str | None
    earned_on: date
    activity_kind: str
    credits: Decimal
    credit_type: str

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "credit_entry_id": lambda row: to_global_id("CreditEntry", row.id),
        "learner_name": lambda row: f"{row.given_name} {row.family_name}",
        "activity_kind": lambda row: row.scope,
        "credits": lambda row: row.amount,
    }


@strawberry.type(description="A learner whose certificate waits, and why.")
class PwWithheldCertificate(FromRow):
    learner_id: strawberry.ID
    decision: Decision

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "learner_id": lambda outcome: to_global_id("Person", outcome.learner.person_id),
        "decision": lambda outcome: Decision.from_value(outcome.decision),
    }
