"""Statements about certificates and the credits that reached the credit system."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, certificates_visible
from core.activities.models import Activity
from core.certificates.models import Certificate, CertifiedEntry, CreditReport
from core.credits.models import Certification, CreditEntry
from core.credits.repository import in_scope


def outstanding() -> ColumnElement[bool]:
    """Ledger entries that have not reached the credit system yet: on no certificate and not
    reported by their program. A credit reaches it one way, once."""
    return and_(
        CreditEntry.id.not_in(select(CertifiedEntry.credit_entry_id)),
        CreditEntry.id.not_in(select(CreditReport.credit_entry_id)),
    )


async def people_of_entries(session: AsyncSession, entry_ids: Sequence[int]) -> Sequence[int]:
    """Whose entries these are, in key order: the order their rows are locked in."""
    people = await session.scalars(
        select(CreditEntry.person_id)
        .where(CreditEntry.id.in_(entry_ids))
        .distinct()
        .order_by(CreditEntry.person_id)
    )
    return people.all()


async def outstanding_of_program(
    session: AsyncSession, program: str, entry_ids: Sequence[int]
) -> set[int]:
    """Those of the entries that are the program's and still outstanding."""
    found = await session.scalars(
        select(CreditEntry.id).where(
            CreditEntry.id.in_(entry_ids), CreditEntry.program == program, outstanding()
        )
    )
    return set(found)


async def certifiable(
    session: AsyncSession,
    *,
    person_id: int,
    organization_id: int,
    program: str,
    period_start: date,
    period_end: date,
    scope: str | None,
    activity_id: int | None = None,
) -> Sequence[Any]:
    """The person's outstanding entries in the program earned within the period at the
    organization (its activities, and achievements it credited), of one scope or one
    activity when given, with their amounts and certification codes, in the order written."""
    rows = await session.execute(
        select(CreditEntry.id, CreditEntry.amount, Certification.code)
        .outerjoin(Certification, Certification.id == CreditEntry.certification_id)
        .where(
            CreditEntry.organization_id == organization_id,
            CreditEntry.person_id == person_id,
            CreditEntry.program == program,
            CreditEntry.earned_on.between(period_start, period_end),
            outstanding(),
            in_scope(scope) if scope is not None else true(),
            CreditEntry.activity_id == activity_id if activity_id is not None else true(),
        )
        .order_by(CreditEntry.id)
    )
    return rows.all()


async def people_with_certifiable(
    session: AsyncSession,
    *,
    organization_id: int,
    program: str,
    period_start: date,
    period_end: date,
    activity_id: int | None,
) -> Sequence[int]:
    """Everyone a batch would certify: people with outstanding credits in the program, in
    key order (the order their rows are locked in)."""
    people = await session.scalars(
        select(CreditEntry.person_id)
        .where(
            CreditEntry.organization_id == organization_id,
            CreditEntry.program == program,
            CreditEntry.earned_on.between(period_start, period_end),
            outstanding(),
            CreditEntry.activity_id == activity_id if activity_id is not None else true(),
        )
        .distinct()
        .order_by(CreditEntry.person_id)
    )
    return people.all()


async def release_entries(session: AsyncSession, certificate_id: int) -> None:
    """A superseded certificate no longer covers its entries: its successor will."""
    await session.execute(
        delete(CertifiedEntry).where(CertifiedEntry.certificate_id == certificate_id)
    )


def certificates(viewer: Viewer, person_id: int | None) -> Select[Any]:
    """Certificates the viewer may see, one person's when given (paged in the order issued)."""
    statement = select(Certificate).where(certificates_visible(viewer))
    if person_id is not None:
        statement = statement.where(Certificate.person_id == person_id)
    return statement


async def by_verification_code(session: AsyncSession, code: str) -> Certificate | None:
    return await session.scalar(
        select(Certificate).where(Certificate.verification_code == code.strip().upper())
    )


async def by_number(session: AsyncSession, number: str) -> Certificate | None:
    return await session.scalar(select(Certificate).where(Certificate.number == number))


async def number_of(session: AsyncSession, certificate_id: int) -> str | None:
    return await session.scalar(select(Certificate.number).where(Certificate.id == certificate_id))


async def lines(session: AsyncSession, certificate_id: int) -> Sequence[Any]:
    """What a certificate covers, entry by entry, with the activity that earned each: the
    document lists activities, dates and places, and sums credits by category."""
    rows = await session.execute(
        select(
            CreditEntry.credit_system,
            CreditEntry.credit_type,
            CreditEntry.amount,
            CreditEntry.earned_on,
            Activity.title,
            Activity.location,
        )
        .join(CertifiedEntry, CertifiedEntry.credit_entry_id == CreditEntry.id)
        .outerjoin(Activity, Activity.id == CreditEntry.activity_id)
        .where(CertifiedEntry.certificate_id == certificate_id)
        .order_by(CreditEntry.earned_on, CreditEntry.id)
    )
    return rows.all()
