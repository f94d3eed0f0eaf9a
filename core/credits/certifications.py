"""Certifications as data: staff add one to an activity kind or to a single activity, close
it, or supersede it with another from a date; each change keeps the history of rates.

A certification's subject is its kind (all the kind's activities) or one activity, whose own
certification comes before its kind's. Two certifications of one subject never overlap
(CORE-CERTIFICATION-OVERLAP): changes to a subject are made one at a time (see
``repository.lock_certification_subject``) and checked against what is there. A certification
added without an end runs its category's standard period (``constants``). When it covers
activities (or achievements) that earned nothing while their certification was pending, their
credit is awarded at once, retroactively (``core.credits.retro``).

Who decides: for one activity, staff of its organization and program; for a kind, the
program's own staff (a program staff or admin grant naming the program) or a platform admin,
since a kind's certification reaches every organization running the program. A kind whose
rate a program ships (and may take from a setting) keeps that rate: the server refuses to
start while a setting differs from the rate in force, so a new rate is a setting changed and
``peerlearn db upgrade`` run (CORE-CERTIFICATION-SETTING).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, hidden, require_visible
from core.activities.models import Activity
from core.credits import repository
from core.credits.constants import (
    ACHIEVEMENT_UNIT,
    CERTIFIED,
    CERTIFIED_ASSESSMENT,
    NON_CERTIFIED,
    STANDARD_PERIOD_MONTHS,
)
from core.credits.models import Certification, CreditEntry
from core.credits.retro import award_retroactively
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.i18n import _
from core.kinds import INVALID, UNKNOWN_KIND
from core.locks import lock_row
from core.people.models import Role
from core.programs import CertificationSpec
from core.registry import Registry
from core.repository import add, find

OVERLAP = "CORE-CERTIFICATION-OVERLAP"
SUPERSEDED = "CORE-CERTIFICATION-SUPERSEDED"
CREDITED = "CORE-CERTIFICATION-CREDITED"
SETTING = "CORE-CERTIFICATION-SETTING"
CATEGORIES = (CERTIFIED, CERTIFIED_ASSESSMENT, NON_CERTIFIED)
MAX_CODE = 80
MAX_TITLE = 200


@dataclass(frozen=True)
class Terms:
    """What a certification says: its code, title, credit category, rate and period."""

    code: str
    title: str
    credit_type: str
    rate: Decimal
    unit: str
    effective_from: date
    effective_to: date | None = None
    credit_system: str = "mainpro+"


@dataclass(frozen=True)
class Certified:
    """A certification as added (or superseding another), and what it awarded at once."""

    certification: Certification
    awarded: list[CreditEntry]
    closed: Certification | None = None


def months_later(start: date, months: int) -> date:
    """The day before the same date ``months`` later: the last day of a period of months."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)


def standard_end(credit_type: str, starts: date) -> date | None:
    months = STANDARD_PERIOD_MONTHS.get(credit_type)
    return months_later(starts, months) if months is not None else None


def _program_staff(viewer: Viewer, program: str) -> None:
    viewer.require_person()
    if viewer.is_platform_admin or any(
        g.role in (Role.ADMIN, Role.PROGRAM_STAFF) and g.program == program for g in viewer.grants
    ):
        return
    raise Forbidden()


async def _certification(
    session: AsyncSession, viewer: Viewer, certification_id: int, *, lock: bool = False
) -> Certification:
    """A certification the viewer may change (locked, when asked); FORBIDDEN otherwise,
    whether or not it exists."""
    viewer.require_person()
    if lock:
        certification = await lock_row(session, Certification, certification_id)
    else:
        certification = await find(session, Certification, certification_id)
    if certification is None:
        raise hidden(viewer, "certification")
    await _may_certify(session, viewer, certification)
    return certification


async def _may_certify(session: AsyncSession, viewer: Viewer, certification: Certification) -> None:
    if certification.activity_id is None:
        _program_staff(viewer, certification.program)
        return
    activity = await find(session, Activity, certification.activity_id, missing="activity")
    viewer.require_staff(activity.organization_id, activity.program)


def _kind_program(registry: Registry, kind: str) -> str:
    if kind not in registry.formulas:
        raise RuleViolation.single(
            UNKNOWN_KIND,
            _("{kind!r} earns no credit in any enabled program.", kind=kind),
            "activityKind",
        )
    return kind.split(".", 1)[0]


def _checked(registry: Registry, terms: Terms, kind: str, *, open_ended: bool = False) -> Terms:
    """The terms, trimmed and checked; without an end, the category's standard period (unless
    ``open_ended``)."""
    code, title = terms.code.strip(), terms.title.strip()
    if not 0 < len(code) <= MAX_CODE:
        raise RuleViolation.single(
            INVALID, _("A code has 1 to {most} characters.", most=MAX_CODE), "code"
        )
    if not 0 < len(title) <= MAX_TITLE:
        raise RuleViolation.single(
            INVALID, _("A title has 1 to {most} characters.", most=MAX_TITLE), "title"
        )
    if terms.credit_type not in CATEGORIES:
        raise RuleViolation.single(
            INVALID, _("A category is one of {categories}.", categories=CATEGORIES), "category"
        )
    if terms.rate < 0 or terms.rate != terms.rate.quantize(Decimal("0.01")):
        raise RuleViolation.single(INVALID, _("A rate is zero or more, in hundredths."), "rate")
    if kind in registry.activity_kinds and terms.unit not in ("hour", "activity"):
        raise RuleViolation.single(
            INVALID, _("{kind} is certified per hour or activity.", kind=kind), "unit"
        )
    if kind not in registry.activity_kinds and terms.unit != ACHIEVEMENT_UNIT:
        raise RuleViolation.single(
            INVALID, _("{kind} is certified per achievement.", kind=kind), "unit"
        )
    ends = terms.effective_to
    if ends is None and not open_ended:
        ends = standard_end(terms.credit_type, terms.effective_from)
    if ends is not None and ends < terms.effective_from:
        raise RuleViolation.single(
            INVALID, _("A certification ends after it starts."), "effectiveTo"
        )
    return Terms(
        code,
        title,
        terms.credit_type,
        terms.rate,
        terms.unit,
        terms.effective_from,
        ends,
        terms.credit_system,
    )


async def _unused_code(session: AsyncSession, code: str) -> None:
    if code in await repository.certification_codes(session, [code]):
        raise RuleViolation.single(INVALID, _("The code {code} is taken.", code=code), "code")


async def _no_overlap(
    session: AsyncSession, row: Certification, other_than: int | None = None
) -> None:
    subject = f"activity:{row.activity_id}" if row.activity_id else f"kind:{row.activity_kind}"
    await repository.lock_certification_subject(session, subject)
    clash = await repository.overlapping(
        session,
        activity_kind=row.activity_kind,
        activity_id=row.activity_id,
        starts=row.effective_from,
        ends=row.effective_to,
        other_than=other_than,
    )
    if clash is not None:
        if clash.effective_to is None:
            message = _(
                "{code} already certifies this from {starts} to open-ended; close or "
                "supersede it instead.",
                code=clash.code,
                starts=clash.effective_from,
            )
        else:
            message = _(
                "{code} already certifies this from {starts} to {ends}; close or supersede it "
                "instead.",
                code=clash.code,
                starts=clash.effective_from,
                ends=clash.effective_to,
            )
        raise RuleViolation.single(OVERLAP, message, "effectiveFrom")


async def _shipped(
    session: AsyncSession, registry: Registry, certification: Certification
) -> CertificationSpec | None:
    """The open spec a program ships for the kind whose lineage this certification is in
    (followed back through what each superseded), if any."""
    first = certification
    while first.supersedes_id is not None:
        first = await find(session, Certification, first.supersedes_id, missing="certification")
    spec = registry.certifications.get(first.code)
    if spec is None or spec.effective_to is not None or first.activity_id is not None:
        return None
    return spec


def _shipped_rate(spec: CertificationSpec, terms: Terms) -> None:
    """A shipped kind's lineage keeps the rate its program sets (see the module docstring)."""
    if (terms.rate, terms.unit) != (spec.rate, spec.unit):
        raise RuleViolation.single(
            SETTING,
            _(
                "{code} pays {rate} per {unit} as its program sets it; change the program's "
                "setting and run `peerlearn db upgrade` to change the rate.",
                code=spec.code,
                rate=spec.rate,
                unit=spec.unit,
            ),
            "rate",
        )


async def add_certification(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    terms: Terms,
    activity_kind: str | None = None,
    activity_id: int | None = None,
) -> Certified:
    """Certify a kind, or one activity (exactly one of the two), and award at once what it
    covers that earned nothing while pending."""
    if (activity_kind is None) == (activity_id is None):
        raise RuleViolation.single(INVALID, _("Certify an activity kind or one activity."))
    if activity_id is not None:
        activity = await require_visible(session, viewer, Activity, activity_id)
        viewer.require_staff(activity.organization_id, activity.program)
        program, kind = activity.program, activity.kind
        _kind_program(registry, kind)
    else:
        assert activity_kind is not None
        program, kind = _kind_program(registry, activity_kind), activity_kind
        _program_staff(viewer, program)
    terms = _checked(registry, terms, kind)
    row = _row(terms, program, kind, activity_id, viewer.person_id)
    await _no_overlap(session, row)
    await _unused_code(session, row.code)
    await add(session, row)
    return Certified(row, await award_retroactively(session, registry, row, viewer.person_id))


def _row(
    terms: Terms, program: str, kind: str, activity_id: int | None, by_id: int | None
) -> Certification:
    return Certification(
        program=program,
        code=terms.code,
        activity_kind=kind,
        activity_id=activity_id,
        title=terms.title,
        credit_system=terms.credit_system,
        credit_type=terms.credit_type,
        rate=terms.rate,
        unit=terms.unit,
        effective_from=terms.effective_from,
        effective_to=terms.effective_to,
        created_by_id=by_id,
    )


async def _ending(
    session: AsyncSession, viewer: Viewer, certification_id: int, ends: date
) -> Certification:
    """The certification, locked, that may end on ``ends``: not superseded, and no credit
    awarded under it for anything later (reverse that first)."""
    certification = await _certification(session, viewer, certification_id, lock=True)
    if await repository.successor(session, certification.id) is not None:
        raise RuleViolation.single(
            SUPERSEDED,
            _("{code} was superseded already.", code=certification.code),
            "certificationId",
        )
    if ends < certification.effective_from - timedelta(days=1):
        raise RuleViolation.single(
            INVALID,
            _(
                "{code} starts on {starts}.",
                code=certification.code,
                starts=certification.effective_from,
            ),
            "effectiveTo",
        )
    latest = await repository.latest_credit_under(session, certification.id)
    if latest is not None and latest > ends:
        raise RuleViolation.single(
            CREDITED,
            _(
                "Credit was awarded under {code} for {latest}; reverse it before ending the "
                "certification on {ends}.",
                code=certification.code,
                latest=latest,
                ends=ends,
            ),
            "effectiveTo",
        )
    return certification


async def close_certification(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    certification_id: int,
    effective_to: date | None = None,
) -> Certification:
    """End a certification on a day (today when not given); what it certified stays."""
    ends = effective_to or utcnow().date()
    certification = await _ending(session, viewer, certification_id, ends)
    if certification.effective_to is not None and certification.effective_to <= ends:
        raise RuleViolation.single(
            INVALID,
            _(
                "{code} ends on {ends} already.",
                code=certification.code,
                ends=certification.effective_to,
            ),
            "effectiveTo",
        )
    certification.effective_to = ends
    await session.flush()
    return certification


async def supersede_certification(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    certification_id: int,
    terms: Terms,
) -> Certified:
    """Close a certification the day before ``terms.effective_from`` and open its successor,
    linked to it, for the same subject; what the successor covers that earned nothing is
    awarded at once. Its code defaults to the old one's ``CODE@YYYY-MM-DD``. The successor of
    a certification a program ships open-ended stays open unless given an end, as the
    program's own would."""
    old = await _ending(session, viewer, certification_id, terms.effective_from - timedelta(days=1))
    if terms.effective_from <= old.effective_from:
        raise RuleViolation.single(
            INVALID,
            _("A successor starts after {starts}.", starts=old.effective_from),
            "effectiveFrom",
        )
    code = terms.code or f"{old.code.split('@', 1)[0]}@{terms.effective_from.isoformat()}"
    inherited = Terms(
        code,
        terms.title or old.title,
        terms.credit_type or old.credit_type,
        terms.rate,
        terms.unit or old.unit,
        terms.effective_from,
        terms.effective_to,
        old.credit_system,
    )
    spec = await _shipped(session, registry, old)
    if spec is not None:
        _shipped_rate(spec, inherited)
    terms = _checked(registry, inherited, old.activity_kind, open_ended=spec is not None)
    row = _row(terms, old.program, old.activity_kind, old.activity_id, viewer.person_id)
    row.supersedes_id = old.id
    ends = terms.effective_from - timedelta(days=1)
    if old.effective_to is None or old.effective_to > ends:
        old.effective_to = ends
    await _no_overlap(session, row, other_than=old.id)
    await _unused_code(session, row.code)
    await add(session, row)
    awarded = await award_retroactively(session, registry, row, viewer.person_id)
    return Certified(row, awarded, closed=old)


async def award_pending(
    session: AsyncSession, registry: Registry, viewer: Viewer, *, certification_id: int
) -> Certified:
    """Award again what the certification covers and has not credited (attendance recorded
    while it was being added, say); awards nothing twice however often it runs."""
    certification = await _certification(session, viewer, certification_id)
    awarded = await award_retroactively(session, registry, certification, viewer.person_id)
    return Certified(certification, awarded)
