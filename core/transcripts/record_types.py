"""GraphQL types of a person's credit record and the systems it is judged by: the College's
credit systems with their rules, the cycles entered for a person, the credits they recorded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

import strawberry

from core.graphql.context import Info
from core.graphql.relay import Node, to_global_id
from core.graphql.rows import FromRow
from core.transcripts import judging, repository, wording
from core.transcripts.judging import cents
from core.transcripts.models import CycleKind, CycleSource
from core.transcripts.systems import CREDIT_SYSTEMS, Span
from core.transcripts.systems import CreditSystem as SystemData

strawberry.enum(
    judging.Source,
    name="CreditSource",
    description="A program on peerlearn, or the physician's own record.",
)
strawberry.enum(
    CycleKind,
    name="CreditCycleKind",
    description="A regular cycle, or the remedial cycle that follows a missed one.",
)
strawberry.enum(
    CycleSource,
    name="CreditCycleSource",
    description="Who entered a cycle's dates: staff, an import of the College's list, or the "
    "physician.",
)
strawberry.enum(
    Span, name="RequirementSpan", description="Over the whole cycle, or in each of its years."
)


@strawberry.type(description="A category of a credit system (Mainpro+ Certified, MOC Section 3).")
class CreditCategory:
    code: str
    name: str


@strawberry.type(description="A minimum a cycle must meet.")
class RequirementRule:
    code: str = strawberry.field(description="The rule ID, e.g. CORE-MAINPRO-ASSESSMENT.")
    title: str
    amount: Decimal
    span: Span
    categories: list[str] = strawberry.field(
        description="The categories that count towards it; none: every credit."
    )


@strawberry.type(description="The rules of a regular or remedial cycle.")
class CycleRules:
    years: int
    requirements: list[RequirementRule]


@strawberry.type(description="A College's credit system: its categories and cycle rules.")
class CreditSystem:
    code: str
    name: str
    categories: list[CreditCategory]
    regular: CycleRules
    remedial: CycleRules | None = strawberry.field(
        description="The shorter cycle that follows a missed one, if the system has one."
    )

    @classmethod
    def of(cls, system: SystemData) -> CreditSystem:
        def rules(data: Any) -> CycleRules:
            return CycleRules(
                years=data.years,
                requirements=[
                    RequirementRule(
                        code=m.code,
                        title=wording.requirement_title(m),
                        amount=cents(m.amount),
                        span=m.span,
                        categories=sorted(m.categories),
                    )
                    for m in data.minimums
                ],
            )

        return cls(
            code=system.code,
            name=system.name,
            categories=[
                CreditCategory(code=c.code, name=wording.category_name(system, c.code))
                for c in system.categories
            ],
            regular=rules(system.regular),
            remedial=rules(system.remedial) if system.remedial else None,
        )


@strawberry.type(description="A cycle of a person's, on the dates their College assigned.")
class CreditCycle(Node, FromRow):
    credit_system: str
    kind: CycleKind
    starts_on: date
    ends_on: date
    source: CycleSource
    set_by_id: strawberry.ID | None = strawberry.field(description="Who entered the dates.")
    set_at: datetime

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "set_by_id": lambda row: to_global_id("Person", row.set_by_id) if row.set_by_id else None
    }


@strawberry.type(
    description="Credit a physician earned outside peerlearn and recorded: "
    "self-reported, counted for their College, never in a program's caps."
)
class ExternalCredit(Node, FromRow):
    earned_on: date
    provider: str
    title: str
    hours: Decimal | None
    credits: Decimal
    credit_system: str
    category: str
    note: str
    created_at: datetime
    withdrawn_at: datetime | None

    COMPUTED: ClassVar[Mapping[str, Any]] = {}


def credit_systems() -> list[CreditSystem]:
    return [CreditSystem.of(s) for s in CREDIT_SYSTEMS.values()]


async def cycles_of_person(info: Info, person_id: int) -> list[CreditCycle]:
    """A shown person's cycles (``Person.creditCycles``): every person on a list in one read."""
    rows = await info.context.loaders(repository.cycles_by_person).load(person_id)
    return [CreditCycle.from_row(r) for r in rows]
