"""What a credit transcript states on paper (PDF) or in a spreadsheet (CSV): the document a
physician hands to their College for one cycle.

It is the judged transcript (``service.report``: the same sums, verdicts and years the API
answers) with what a College asks to see beside it: who the physician is, how the cycle's
dates were set, and every credit line behind the sums. The lines are read with the same
visibility as the transcript's: the ledger entries the viewer may see, and the self-reported
credits (the physician's own), marked as such.

Everything is worded when the document is assembled, in the holder's language (their own
choice, else the request's when they download it themselves, else English), as certificates
are: staff downloading a French-speaking physician's transcript hand them a French one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.activities.models import Activity
from core.certificates.documents import CREDITED_ACHIEVEMENT, holder_language
from core.credits import repository as ledger
from core.credits.constants import category_label
from core.credits.models import Achievement
from core.i18n import N_, Language, _, speaking
from core.people.models import Person
from core.people.repository import organizations_by_id
from core.registry import Registry
from core.repository import by_id, find, visible_by_id
from core.transcripts import wording
from core.transcripts.judging import Source, Verdict
from core.transcripts.models import CycleKind, CycleSource
from core.transcripts.service import EVER, Report, report
from core.transcripts.systems import CreditSystem

SELF_REPORTED = N_("Self-reported")
HIDDEN_ACTIVITY = N_("An activity you may not see")
KINDS = {CycleKind.REGULAR: N_("Regular cycle"), CycleKind.REMEDIAL: N_("Remedial cycle")}
ENTERED = {
    CycleSource.STAFF: N_("Dates entered by program staff on {day}"),
    CycleSource.IMPORT: N_("Dates imported from the College's list on {day}"),
    CycleSource.SELF: N_("Dates entered by the physician on {day}"),
}
ASKED = N_("Dates not recorded for this person: the cycle asked for, from {day}")


@dataclass(frozen=True)
class CreditLine:
    """One credit behind the sums: a ledger entry (``program`` is its program's title) or a
    self-reported credit (``program`` reads "Self-reported", ``provider`` as recorded)."""

    earned_on: date
    source: Source
    program: str
    title: str
    provider: str | None
    category: str
    credits: Decimal

    @property
    def self_reported(self) -> bool:
        return self.source is Source.SELF_REPORTED


@dataclass(frozen=True)
class Judged:
    """A requirement as the document states it."""

    title: str
    required: Decimal
    earned: Decimal
    missing: Decimal
    met: bool


@dataclass(frozen=True)
class YearLine:
    starts_on: date
    ends_on: date
    total: Decimal
    requirements: tuple[Judged, ...]
    met: bool


@dataclass(frozen=True)
class CycleFacts:
    """The cycle's dates, its kind, and who set the dates (worded)."""

    starts_on: date
    ends_on: date
    kind: str
    entered: str


@dataclass(frozen=True)
class TranscriptDocument:
    """``cycle`` None: no dates were entered, so every credit is listed and nothing judged."""

    holder: str
    licence: str | None
    system: str | None
    cycle: CycleFacts | None
    total: Decimal
    categories: tuple[tuple[str, Decimal], ...]
    requirements: tuple[Judged, ...]
    years: tuple[YearLine, ...]
    lines: tuple[CreditLine, ...]
    produced_on: date
    filename: str
    language: Language

    @property
    def met(self) -> bool:
        return all(r.met for r in self.requirements) and all(y.met for y in self.years)


async def document(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    person_id: int,
    asked: date | None,
    today: date,
) -> TranscriptDocument:
    """The person's transcript for the viewer, who must see them as for the ``transcript``
    query (the same service decides)."""
    found = await report(session, registry, viewer, person_id, asked, today)
    person = await find(session, Person, person_id, missing="person")
    cycle, system = found.cycle, found.system
    start, end = (cycle.starts_on, cycle.ends_on) if cycle else EVER
    entries = (await ledger.entries_between(session, [person_id], start, end, viewer)).get(
        person_id, []
    )
    names = await _names(session, viewer, entries)
    language = holder_language(viewer, person)
    with speaking(language):
        lines = [
            *(_program_line(e, names, registry, system) for e in entries),
            *(_self_reported_line(r, system) for r in found.self_reported),
        ]
        licence = " ".join(p for p in (person.licence_province, person.licence_number) if p)
        return TranscriptDocument(
            holder=person.name,
            licence=licence or None,
            system=system.name if system else None,
            cycle=_cycle(found),
            total=found.credits.total,
            categories=tuple(
                (wording.category_name(system, code), total)
                for code, total in found.credits.by_category
                if system is not None
            ),
            requirements=tuple(map(_judged, found.verdicts)),
            years=tuple(
                YearLine(
                    y.starts_on, y.ends_on, y.credits.total, tuple(map(_judged, y.verdicts)), y.met
                )
                for y in found.years
            ),
            lines=tuple(sorted(lines, key=lambda line: (line.earned_on, line.self_reported))),
            produced_on=today,
            filename="-".join(
                ["transcript", str(person_id), *([start.isoformat()] if cycle else [])]
            ),
            language=language,
        )


@dataclass(frozen=True)
class Names:
    """What names ledger entries on paper: the titles of the activities the viewer may see
    (as the API shows them) and of the achievements, and the organizations' names."""

    activities: dict[int, str]
    achievements: dict[int, str]
    organizations: dict[int, str]

    def title(self, entry: Any) -> str:
        """The activity that earned it, else the achievement; an entry with neither reads
        as credit for an achievement, as on a certificate."""
        if entry.activity_id is not None:
            return self.activities.get(entry.activity_id) or _(HIDDEN_ACTIVITY)
        return self.achievements.get(entry.achievement_id) or _(CREDITED_ACHIEVEMENT)


async def _names(session: AsyncSession, viewer: Viewer, entries: Sequence[Any]) -> Names:
    """Three statements, whatever the number of lines."""

    def keys(column: str) -> list[int]:
        return sorted({v for e in entries if (v := getattr(e, column)) is not None})

    activities = await visible_by_id(session, keys("activity_id"), Activity, viewer)
    achievements = await by_id(session, keys("achievement_id"), Achievement)
    organizations = await organizations_by_id(session, keys("organization_id"))
    return Names(
        {r.id: r.title for r in activities if r is not None},
        {r.id: r.title for r in achievements if r is not None},
        {r.id: r.name for r in organizations if r is not None},
    )


def _program_line(
    entry: Any, names: Names, registry: Registry, system: CreditSystem | None
) -> CreditLine:
    return CreditLine(
        earned_on=entry.earned_on,
        source=Source.PROGRAM,
        program=str(registry.title_of(entry.program)),
        title=names.title(entry),
        provider=names.organizations.get(entry.organization_id),
        category=_category(system, entry.credit_system, entry.credit_type),
        credits=entry.amount,
    )


def _self_reported_line(row: Any, system: CreditSystem | None) -> CreditLine:
    return CreditLine(
        earned_on=row.earned_on,
        source=Source.SELF_REPORTED,
        program=_(SELF_REPORTED),
        title=row.title,
        provider=row.provider,
        category=_category(system, row.credit_system, row.category),
        credits=row.credits,
    )


def _category(system: CreditSystem | None, credit_system: str, credit_type: str) -> str:
    """The category a credit counts in, in the person's system; without a system, as the
    credit was awarded (Mainpro+ Certified)."""
    if system is None:
        return category_label(credit_system, credit_type)
    return wording.category_name(system, system.category_of(credit_system, credit_type))


def _judged(verdict: Verdict) -> Judged:
    return Judged(
        wording.requirement_title(verdict.minimum),
        verdict.required,
        verdict.earned,
        verdict.missing,
        verdict.met,
    )


def _cycle(found: Report) -> CycleFacts | None:
    cycle = found.cycle
    if cycle is None:
        return None
    if cycle.source is None or cycle.set_at is None:
        entered = _(ASKED, day=cycle.starts_on.isoformat())
    else:
        entered = _(ENTERED[cycle.source], day=cycle.set_at.date().isoformat())
    return CycleFacts(cycle.starts_on, cycle.ends_on, _(KINDS[cycle.kind]), entered)
