"""Certificates: a statement of the credits a person earned in a program over a period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.access import Viewer, require_visible
from core.certificates import repository
from core.certificates.models import Certificate, CertifiedEntry, CreditReport
from core.errors import RuleViolation
from core.i18n import N_, SOURCE, _, _n, date_text
from core.locks import lock_row
from core.people.models import Organization, Person
from core.registry import Registry
from core.repository import add, add_all, find

INVALID = "INVALID"
NOTHING_TO_CERTIFY = "CORE-CERTIFICATE-EMPTY"
NOT_OUTSTANDING = "CORE-CREDIT-REPORTED"
ISSUE_ACTION = "core.certificate.issue"
# What a certificate states: kept in English as issued; its PDF words it for its holder.
STATEMENT = N_(
    "{organization} certifies that {person} earned {credits} credits in {title} between "
    "{start} and {end}."
)


async def issue_certificate(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    person_id: int,
    organization_id: int,
    program: str,
    title: str,
    period_start: date,
    period_end: date,
) -> Certificate:
    """Staff certify a person's credits in a program over a period (core's issueCertificate).
    The program's rules on ``core.certificate.issue`` are asked first: a program that issues
    its own certificates refuses here."""
    viewer.require_staff(organization_id, program)
    await require_visible(session, viewer, Person, person_id)
    decision = await eligibility.check(session, registry, ISSUE_ACTION, person_id, program=program)
    decision.raise_if_denied()
    return await certify(
        session,
        person_id=person_id,
        organization_id=organization_id,
        program=program,
        title=title,
        period_start=period_start,
        period_end=period_end,
    )


async def report_entries(
    session: AsyncSession, *, program: str, entry_ids: Sequence[int], reported_by_id: int
) -> list[CreditReport]:
    """The program reported these entries to the credit system itself (OCFP entering its
    learners' credits into Mainpro+): they are kept as reported, so no certificate covers
    them afterwards and none is reported twice. Which entries a program reports, and who may
    say so, are its own rules, asked before; core holds it to its own outstanding entries.
    Their people are locked first, as certifying locks them, so an entry is never both
    certified and reported by two requests at once."""
    wanted = list(dict.fromkeys(entry_ids))
    for person_id in await repository.people_of_entries(session, wanted):
        await lock_row(session, Person, person_id)
    found = await repository.outstanding_of_program(session, program, wanted)
    if missing := [pk for pk in wanted if pk not in found]:
        raise RuleViolation.single(
            NOT_OUTSTANDING,
            _n(
                "{n} of these entries is not a {program} credit still to reach the credit "
                "system (certified or reported already, or not the program's).",
                "{n} of these entries are not {program} credits still to reach the credit "
                "system (certified or reported already, or not the program's).",
                len(missing),
                n=len(missing),
                program=program,
            ),
            "entryIds",
        )
    return await add_all(
        session, (CreditReport(credit_entry_id=pk, reported_by_id=reported_by_id) for pk in wanted)
    )


async def certify(
    session: AsyncSession,
    *,
    person_id: int,
    organization_id: int,
    program: str,
    title: str,
    period_start: date,
    period_end: date,
    scope: str | None = None,
    activity_id: int | None = None,
) -> Certificate:
    """Certify the credits the person earned in the program within the period that have not
    reached the credit system yet (only one kind of activity when ``scope`` names it, one
    activity when ``activity_id`` does), naming
    their certifications. The entries are recorded with the certificate, so no credit is ever
    certified twice, nor certified once its program reported it. Only credits the
    organization's own activities earned are certified. Who may ask is the caller's business:
    staff through :func:`issue_certificate`, or a program's workflow after its own rules (a
    certificate released when a learner's survey is answered)."""
    person = await find(session, Person, person_id, missing="person")
    organization = await find(session, Organization, organization_id, missing="organization")
    if period_end < period_start:
        raise RuleViolation.single(INVALID, _("The period ends before it starts."), "periodEnd")
    await lock_row(session, Person, person_id)
    rows = await repository.certifiable(
        session,
        person_id=person_id,
        organization_id=organization_id,
        program=program,
        period_start=period_start,
        period_end=period_end,
        scope=scope,
        activity_id=activity_id,
    )
    total = sum((amount for _, amount, _ in rows), Decimal(0))
    codes = sorted({code for _, _, code in rows if code})
    if total <= 0:
        raise RuleViolation.single(
            NOTHING_TO_CERTIFY,
            _(
                "{person} has no {program} credits to certify between {start} and {end}.",
                person=person.name,
                program=program,
                start=date_text(period_start),
                end=date_text(period_end),
            ),
        )
    certificate = Certificate(
        number="pending",
        person_id=person_id,
        organization_id=organization_id,
        program=program,
        title=title,
        statement=_(
            STATEMENT,
            organization=organization.name,
            person=person.name,
            credits=total,
            title=title,
            start=period_start,
            end=period_end,
        ).in_language(SOURCE),
        credits=total,
        certification_code=", ".join(codes) or None,
        period_start=period_start,
        period_end=period_end,
        scope=scope,
        activity_id=activity_id,
    )
    await add(session, certificate)
    certificate.number = f"PL-{period_end.year}-{certificate.id:06d}"
    await add_all(
        session,
        (
            CertifiedEntry(certificate_id=certificate.id, credit_entry_id=entry_id)
            for entry_id, _, _ in rows
        ),
    )
    return certificate
