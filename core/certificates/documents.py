"""What a certificate says on paper, and what anyone holding its verification code may check.

The document is assembled from the certificate and the ledger entries it covers: the
activities with their dates and places, and the credits summed by category as the College
reads them (Mainpro+ Certified, Certified Assessment). Verification shows only what the
certificate itself states, to anyone with its code, and says when it was replaced.

The paper is worded in its holder's language (the one they chose, else the language of the
request when they download it themselves, else English): staff downloading a French-speaking
physician's certificate hand them a French one. Verification answers in the asker's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden
from core.certificates import repository
from core.certificates.models import Certificate
from core.credits.constants import category_label
from core.i18n import N_, SOURCE, Language, _, current_language, speaking
from core.people.models import Organization, Person
from core.registry import Registry
from core.repository import find

CREDITED_ACHIEVEMENT = N_("Credited achievement")


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    credits: Decimal


@dataclass(frozen=True)
class ActivityLine:
    title: str
    first_day: date
    last_day: date
    location: str | None
    credits: Decimal


@dataclass(frozen=True)
class Verification:
    """What a verification code reveals: the certificate's own statements, no more."""

    number: str
    holder: str
    title: str
    provider: str
    program: str
    period_start: date
    period_end: date
    issued_at: datetime
    credits: Decimal
    categories: tuple[CategoryTotal, ...]
    replaced_by: str | None


@dataclass(frozen=True)
class CertificateDocument:
    verification: Verification
    verification_code: str
    licence: str | None
    statement: str
    certification_id: str | None
    activities: tuple[ActivityLine, ...]
    language: Language = SOURCE


async def document(
    session: AsyncSession, registry: Registry, viewer: Viewer, number: str
) -> CertificateDocument:
    """The certificate with this number, for its holder or their program's staff; to anyone
    else it does not exist."""
    certificate = await repository.by_number(session, number)
    if certificate is None or not _may_read(viewer, certificate):
        raise hidden(viewer, "certificate")
    person = await find(session, Person, certificate.person_id, missing="person")
    entries = await repository.lines(session, certificate.id)
    licence = " ".join(p for p in (person.licence_province, person.licence_number) if p)
    language = holder_language(viewer, person)
    with speaking(language):
        return CertificateDocument(
            verification=await _verification(session, registry, certificate, person, entries),
            verification_code=certificate.verification_code,
            licence=licence or None,
            statement=certificate.statement,
            certification_id=certificate.certification_code,
            activities=_activities(entries),
            language=language,
        )


def holder_language(viewer: Viewer, person: Person) -> Language:
    """The holder's own choice; else, when they are the one asking, their request's language;
    else English (staff's Accept-Language says nothing of the physician's)."""
    if person.language is not None:
        return person.language
    return current_language() if viewer.person_id == person.id else SOURCE


async def verify(session: AsyncSession, registry: Registry, code: str) -> Verification | None:
    certificate = await repository.by_verification_code(session, code)
    if certificate is None:
        return None
    person = await find(session, Person, certificate.person_id, missing="person")
    entries = await repository.lines(session, certificate.id)
    return await _verification(session, registry, certificate, person, entries)


def _may_read(viewer: Viewer, certificate: Certificate) -> bool:
    return viewer.person_id == certificate.person_id or viewer.is_staff(
        certificate.organization_id, certificate.program
    )


async def _verification(
    session: AsyncSession,
    registry: Registry,
    certificate: Certificate,
    person: Person,
    entries: Sequence[Any],
) -> Verification:
    provider = await find(
        session, Organization, certificate.organization_id, missing="organization"
    )
    successor = certificate.superseded_by_id
    return Verification(
        number=certificate.number,
        holder=person.name,
        title=certificate.title,
        provider=provider.name,
        program=registry.title_of(certificate.program),
        period_start=certificate.period_start,
        period_end=certificate.period_end,
        issued_at=certificate.issued_at,
        credits=certificate.credits,
        categories=_categories(entries),
        replaced_by=None if successor is None else await repository.number_of(session, successor),
    )


def _categories(entries: Sequence[Any]) -> tuple[CategoryTotal, ...]:
    totals: dict[str, Decimal] = {}
    for entry in entries:
        label = category_label(entry.credit_system, entry.credit_type)
        totals[label] = totals.get(label, Decimal(0)) + entry.amount
    return tuple(CategoryTotal(label, amount) for label, amount in totals.items())


def _activities(entries: Sequence[Any]) -> tuple[ActivityLine, ...]:
    """One line per activity (an achievement credited without one reads as the certificate's
    own credit), its first and last day of credit and its place."""
    lines: dict[tuple[str, str | None], list[Any]] = {}
    for entry in entries:
        title = entry.title or _(CREDITED_ACHIEVEMENT)
        lines.setdefault((title, entry.location), []).append(entry)
    return tuple(
        ActivityLine(
            title=title,
            first_day=min(e.earned_on for e in group),
            last_day=max(e.earned_on for e in group),
            location=location,
            credits=sum((e.amount for e in group), Decimal(0)),
        )
        for (title, location), group in lines.items()
    )
