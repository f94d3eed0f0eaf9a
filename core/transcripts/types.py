"""GraphQL types of the transcript: credits against the person's College cycle, requirement by
requirement, with the room left under each cap and where the cycle is heading.

Every type is built from the judged report (``core.transcripts.service.Report``); nothing here
sums or decides. Sentences (a shortfall, a program that could close it) are worded in the
reader's language by ``core.transcripts.wording``, as the transcript documents word them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from core.audit.service import TRANSCRIPT_READ
from core.credits.repository import EARNED_ORDER, entry_pages, program_totals
from core.credits.types import CreditEntry
from core.db import utcnow
from core.graphql.connections import Listing, PerParent, connection
from core.graphql.context import Info
from core.graphql.relay import to_global_id
from core.registry import Registry
from core.transcripts import judging, wording
from core.transcripts.forecast import Forecast as ForecastData
from core.transcripts.judging import cents
from core.transcripts.models import CycleKind, CycleSource
from core.transcripts.record_types import CreditSystem, ExternalCredit
from core.transcripts.service import EVER, Report, reports
from core.transcripts.systems import CreditSystem as SystemData


@strawberry.type(description="Credits of one program.")
class ProgramCredits:
    program: str
    total: Decimal
    certified: Decimal


@strawberry.type(description="Credits counted in one category of the person's credit system.")
class CategoryCredits:
    category: str | None = strawberry.field(description="None: counted in the totals only.")
    name: str
    total: Decimal


@strawberry.type(description="Credits from programs on peerlearn, or self-reported.")
class SourceCredits:
    source: judging.Source
    total: Decimal


def _breakdown_fields(data: judging.Breakdown, system: SystemData | None) -> dict[str, Any]:
    return {
        "total": data.total,
        "by_program": [
            ProgramCredits(program=p.program, total=p.total, certified=p.certified)
            for p in data.by_program
        ],
        "by_category": [
            CategoryCredits(
                category=c, name=wording.category_name(system, c) if system else "", total=t
            )
            for c, t in data.by_category
        ],
        "by_source": [SourceCredits(source=s, total=t) for s, t in data.by_source],
    }


@strawberry.type(description="A requirement judged: what it asks, what counts, what is missing.")
class Requirement:
    code: str
    title: str
    required: Decimal
    earned: Decimal
    missing: Decimal
    met: bool
    year_starts_on: date | None = strawberry.field(description="Set for a yearly minimum.")
    year_ends_on: date | None

    @classmethod
    def of(cls, verdict: judging.Verdict) -> Requirement:
        year = verdict.year or (None, None)
        return cls(
            code=verdict.minimum.code,
            title=wording.requirement_title(verdict.minimum),
            required=cents(verdict.required),
            earned=verdict.earned,
            missing=cents(verdict.missing),
            met=verdict.met,
            year_starts_on=year[0],
            year_ends_on=year[1],
        )


@strawberry.type(description="One year of the cycle (from the anniversary of its start).")
class CycleYear:
    starts_on: date
    ends_on: date
    total: Decimal
    by_program: list[ProgramCredits]
    by_category: list[CategoryCredits]
    by_source: list[SourceCredits]
    requirements: list[Requirement]
    met: bool


@strawberry.type(
    description="The cycle judged: its dates as entered, every requirement, each year."
)
class CycleProgress:
    starts_on: date
    ends_on: date
    kind: CycleKind
    source: CycleSource | None = strawberry.field(
        description="Who entered the dates; none for a cycle asked about with cycleStart."
    )
    set_by_id: strawberry.ID | None
    set_at: datetime | None
    total: Decimal
    requirements: list[Requirement] = strawberry.field(
        description="The cycle's own minimums; each year's are on its year."
    )
    years: list[CycleYear]
    met: bool


@strawberry.type(description="How much more a cap lets the person earn in its scope.")
class CapRoom:
    code: str = strawberry.field(description="The cap's rule ID, e.g. PW-CREDIT-PEER.")
    program: str
    scope: str
    limit: Decimal
    awarded: Decimal
    remaining: Decimal


@strawberry.type(description="A requirement the pace of the last twelve months will not meet.")
class Shortfall:
    code: str
    title: str
    year_starts_on: date | None
    year_ends_on: date | None
    required: Decimal
    projected: Decimal
    short: Decimal
    message: str


@strawberry.type(description="An enabled program whose credit counts towards a shortfall.")
class Opportunity:
    program: str
    program_title: str
    activity_kind: str
    title: str
    credit_type: str
    category: str | None
    rate: Decimal
    unit: str
    remaining: Decimal | None = strawberry.field(description="Left before its cap; none: uncapped.")
    closes: list[str] = strawberry.field(
        description="The codes of the shortfalls it counts towards."
    )
    message: str


@strawberry.type(description="Where the cycle is heading at the pace of the last twelve months.")
class Forecast:
    since: date
    until: date
    pace: Decimal = strawberry.field(description="Credits earned from since to until.")
    shortfalls: list[Shortfall]
    opportunities: list[Opportunity]
    met: bool = strawberry.field(description="True when no requirement is heading short.")

    @classmethod
    def of(cls, data: ForecastData, registry: Registry) -> Forecast:
        return cls(
            since=data.since,
            until=data.until,
            pace=data.pace,
            shortfalls=[
                Shortfall(
                    code=p.verdict.minimum.code,
                    title=wording.requirement_title(p.verdict.minimum),
                    year_starts_on=p.verdict.year[0] if p.verdict.year else None,
                    year_ends_on=p.verdict.year[1] if p.verdict.year else None,
                    required=cents(p.verdict.required),
                    projected=p.projected,
                    short=p.short,
                    message=wording.shortfall(data, p),
                )
                for p in data.shortfalls
            ],
            opportunities=[
                Opportunity(
                    program=o.opening.program,
                    program_title=registry.title_of(o.opening.program),
                    activity_kind=o.opening.activity_kind,
                    title=o.opening.title,
                    credit_type=o.opening.credit_type,
                    category=o.category,
                    rate=o.opening.rate,
                    unit=o.opening.unit,
                    remaining=cents(o.remaining) if o.remaining is not None else None,
                    closes=list(o.closes),
                    message=wording.offer(o, registry.title_of(o.opening.program)),
                )
                for o in data.offers
            ],
            met=not data.shortfalls,
        )


@strawberry.type(
    description="A person's credits across every program and their own record, "
    "against their College's cycle."
)
class Transcript:
    person_id: strawberry.ID
    credit_system: CreditSystem | None = strawberry.field(
        description="The system the person follows: their cycle's, else their profession's."
    )
    total: Decimal = strawberry.field(
        description="Credits in the cycle (every credit the viewer sees when there is none)."
    )
    by_program: list[ProgramCredits]
    by_category: list[CategoryCredits]
    by_source: list[SourceCredits]
    cycle: CycleProgress | None = strawberry.field(
        description="None until the person's cycle dates are entered: peerlearn does not guess "
        "them."
    )
    caps: list[CapRoom] = strawberry.field(description="Every enabled program's caps.")
    forecast: Forecast | None = strawberry.field(description="None once the cycle is over.")
    self_reported: list[ExternalCredit] = strawberry.field(
        description="The cycle's self-reported credits (the physician's own view)."
    )
    person_pk: strawberry.Private[int]
    asked_start: strawberry.Private[date | None]
    window: strawberry.Private[tuple[date, date]]

    @connection(
        CreditEntry,
        description="The program credits the viewer may see, in the order they were earned.",
    )
    async def entries(self, info: Info) -> Listing[CreditEntry]:
        return PerParent(
            entry_pages,
            (info.context.viewer, self.asked_start),
            (self.person_pk, *self.window),
            EARNED_ORDER,
            CreditEntry.from_row,
        )

    @classmethod
    def of(cls, report: Report, registry: Registry, asked: date | None) -> Transcript:
        cycle, system = report.cycle, report.system
        return cls(
            person_id=to_global_id("Person", report.person_id),
            credit_system=CreditSystem.of(system) if system else None,
            **_breakdown_fields(report.credits, system),
            cycle=_progress(report) if cycle else None,
            caps=[
                CapRoom(
                    code=c.cap.code,
                    program=c.program,
                    scope=c.cap.scope,
                    limit=cents(c.cap.limit),
                    awarded=c.awarded,
                    remaining=cents(c.remaining),
                )
                for c in report.caps
            ],
            forecast=Forecast.of(report.forecast, registry) if report.forecast else None,
            self_reported=[ExternalCredit.from_row(r) for r in report.self_reported],
            person_pk=report.person_id,
            asked_start=asked,
            window=(cycle.starts_on, cycle.ends_on) if cycle else EVER,
        )


def _progress(report: Report) -> CycleProgress:
    cycle = report.cycle
    assert cycle is not None
    return CycleProgress(
        starts_on=cycle.starts_on,
        ends_on=cycle.ends_on,
        kind=cycle.kind,
        source=cycle.source,
        set_by_id=to_global_id("Person", cycle.set_by_id) if cycle.set_by_id else None,
        set_at=cycle.set_at,
        total=report.credits.total,
        requirements=[Requirement.of(v) for v in report.verdicts],
        years=[
            CycleYear(
                starts_on=y.starts_on,
                ends_on=y.ends_on,
                **_breakdown_fields(y.credits, cycle.system),
                requirements=[Requirement.of(v) for v in y.verdicts],
                met=y.met,
            )
            for y in report.years
        ],
        met=report.met,
    )


async def transcript_of(info: Info, person_id: int, asked: date | None) -> Transcript:
    """A shown person's transcript (``Person.transcript``): every person on a list in one
    read."""
    context = info.context
    loader = context.loaders(reports, context.registry, context.viewer, asked, utcnow().date())
    found = await loader.load(person_id)
    context.audited_reads.add((TRANSCRIPT_READ, person_id))
    return Transcript.of(found, context.registry, asked)


async def credit_totals_of(info: Info, people: Sequence[Any]) -> list[list[ProgramCredits]]:
    """Shown people's credits per program (``Person.creditTotals``): a roster page in one
    read. Sums only, as the roster export shows them: no entry is read, so none is audited."""
    context = info.context
    loader = context.loaders(program_totals, context.viewer)
    return [
        [
            ProgramCredits(program=r.program, total=cents(r.total), certified=cents(r.certified))
            for r in rows
        ]
        for rows in await loader.load_many([person.pk for person in people])
    ]
