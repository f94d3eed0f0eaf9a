"""Statements about the credit ledger and the certifications."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, text, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, certifications_visible, credit_entries_visible
from core.activities.models import Activity, Participation
from core.credits.constants import CERTIFIED, CERTIFIED_ASSESSMENT
from core.credits.models import Achievement, Certification, CreditEntry
from core.keyset import Page, Slice, Sort, keyset_pages


async def entries_between(
    session: AsyncSession, person_ids: Sequence[int], start: date, end: date, viewer: Viewer
) -> dict[int, list[Any]]:
    """The entries the viewer may see that the people earned from ``start`` to ``end``, per
    person, in the order they were earned."""
    statement = (
        select(CreditEntry.__table__)
        .where(
            CreditEntry.person_id.in_(person_ids),
            CreditEntry.earned_on >= start,
            CreditEntry.earned_on <= end,
            credit_entries_visible(viewer),
        )
        .order_by(CreditEntry.earned_on, CreditEntry.id)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        found[row.person_id].append(row)
    return found


EARNED_ORDER = (Sort(CreditEntry.earned_on), Sort(CreditEntry.id))


async def program_totals(
    session: AsyncSession, person_ids: Sequence[int], viewer: Viewer
) -> list[list[Any]]:
    """Each person's credits per program, all time, as the viewer may see them: one grouped
    statement for a whole roster page, so a coordinator's list costs the same for 10 people
    as for 100. Certified: the Mainpro+ certified kinds, as a transcript counts them."""
    certified = CreditEntry.credit_type.in_((CERTIFIED, CERTIFIED_ASSESSMENT))
    statement = (
        select(
            CreditEntry.person_id,
            CreditEntry.program,
            func.sum(CreditEntry.amount).label("total"),
            func.sum(case((certified, CreditEntry.amount), else_=0)).label("certified"),
        )
        .where(CreditEntry.person_id.in_(person_ids), credit_entries_visible(viewer))
        .group_by(CreditEntry.person_id, CreditEntry.program)
        .order_by(CreditEntry.person_id, CreditEntry.program)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        found[row.person_id].append(row)
    return [found.get(person_id, []) for person_id in person_ids]


async def entry_pages(
    session: AsyncSession,
    keys: Sequence[tuple[int, date, date]],
    viewer: Viewer,
    asked_start: date | None,
    window: Slice,
) -> list[Page]:
    """A page of the entries the viewer may see of each (person, first day, last day), in the
    order they were earned: one statement for every person on a list, each in their own cycle.
    ``asked_start``, the cycle asked for, only keeps loaders apart, so that one batch holds
    each person once."""
    cycles: dict[tuple[date, date], list[int]] = defaultdict(list)
    for person_id, start, end in keys:
        cycles[(start, end)].append(person_id)
    within = or_(
        *(
            and_(CreditEntry.person_id.in_(people), CreditEntry.earned_on.between(start, end))
            for (start, end), people in cycles.items()
        )
    )
    statement = select(CreditEntry.__table__).where(within, credit_entries_visible(viewer))
    people = [person_id for person_id, _, _ in keys]
    return await keyset_pages(
        session, statement, EARNED_ORDER, window, CreditEntry.person_id, people
    )


async def certifications(
    session: AsyncSession,
    viewer: Viewer,
    program: str | None,
    activity_kind: str | None = None,
    activity_id: int | None = None,
) -> Sequence[Any]:
    """The certifications the viewer may see (of one program, kind or activity, when given),
    each code's periods in order."""
    statement = (
        select(Certification.__table__)
        .where(certifications_visible(viewer))
        .order_by(Certification.code, Certification.effective_from)
    )
    for column, value in (
        (Certification.program, program),
        (Certification.activity_kind, activity_kind),
        (Certification.activity_id, activity_id),
    ):
        if value is not None:
            statement = statement.where(column == value)
    return (await session.execute(statement)).all()


def _covers(on: date) -> ColumnElement[bool]:
    return and_(
        Certification.effective_from <= on,
        or_(Certification.effective_to.is_(None), Certification.effective_to >= on),
    )


async def certification_in_force(
    session: AsyncSession, activity_kind: str, on: date
) -> Certification | None:
    """The kind's own certification covering ``on``; rates change by period."""
    return await session.scalar(
        select(Certification)
        .where(
            Certification.activity_kind == activity_kind,
            Certification.activity_id.is_(None),
            _covers(on),
        )
        .order_by(Certification.effective_from.desc())
        .limit(1)
    )


async def certification_of_activity(
    session: AsyncSession, activity_id: int, activity_kind: str, on: date
) -> Certification | None:
    """What certifies an activity held on ``on``: its own certification, else its kind's."""
    return await session.scalar(
        select(Certification)
        .where(
            or_(
                Certification.activity_id == activity_id,
                and_(
                    Certification.activity_kind == activity_kind,
                    Certification.activity_id.is_(None),
                ),
            ),
            _covers(on),
        )
        .order_by(Certification.activity_id.is_(None), Certification.effective_from.desc())
        .limit(1)
    )


async def overlapping(
    session: AsyncSession,
    *,
    activity_kind: str,
    activity_id: int | None,
    starts: date,
    ends: date | None,
    other_than: int | None = None,
) -> Certification | None:
    """A certification of the same subject (the kind, or the one activity) whose period meets
    ``starts``..``ends`` (open-ended when ``ends`` is None)."""
    subject = (
        Certification.activity_id == activity_id
        if activity_id is not None
        else and_(Certification.activity_kind == activity_kind, Certification.activity_id.is_(None))
    )
    return await session.scalar(
        select(Certification)
        .where(
            subject,
            Certification.id != other_than if other_than is not None else true(),
            or_(Certification.effective_to.is_(None), Certification.effective_to >= starts),
            Certification.effective_from <= ends if ends is not None else true(),
        )
        .order_by(Certification.effective_from)
        .limit(1)
    )


async def lock_certification_subject(session: AsyncSession, subject: str) -> None:
    """Serialize changes to one subject's certifications, whose rows may not exist yet: a
    transaction-scoped advisory lock on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
    admits one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:subject))"), {"subject": subject}
        )


async def uncredited_participations(
    session: AsyncSession, certification: Certification
) -> Sequence[tuple[Participation, Activity]]:
    """Attendance the certification covers that never earned an entry (it was held while no
    certification was in force), oldest first; attendance withdrawn stays uncredited."""
    subject = (
        Activity.id == certification.activity_id
        if certification.activity_id is not None
        else Activity.kind == certification.activity_kind
    )
    held = [Activity.held_on >= certification.effective_from]
    if certification.effective_to is not None:
        held.append(Activity.held_on <= certification.effective_to)
    credited = select(CreditEntry.participation_id).where(CreditEntry.participation_id.is_not(None))
    rows = await session.execute(
        select(Participation, Activity)
        .join(Activity, Activity.id == Participation.activity_id)
        .where(
            subject,
            *held,
            Participation.withdrawn_at.is_(None),
            Participation.id.not_in(credited),
        )
        .order_by(Activity.held_on, Participation.id)
    )
    return [(p, a) for p, a in rows.all()]


async def uncredited_achievements(
    session: AsyncSession, certification: Certification
) -> Sequence[Achievement]:
    """Achievements of the certified kind within its period that never earned an entry."""
    credited = select(CreditEntry.achievement_id).where(CreditEntry.achievement_id.is_not(None))
    statement = select(Achievement).where(
        Achievement.kind == certification.activity_kind,
        Achievement.achieved_on >= certification.effective_from,
        Achievement.id.not_in(credited),
    )
    if certification.effective_to is not None:
        statement = statement.where(Achievement.achieved_on <= certification.effective_to)
    return (await session.scalars(statement.order_by(Achievement.id))).all()


async def credited(
    session: AsyncSession, *, participation_id: int | None = None, achievement_id: int | None = None
) -> bool:
    """Whether the attendance (or achievement) has any entry yet: read again under its
    person's lock before a retroactive award, so a concurrent one is seen."""
    column, value = (
        (CreditEntry.participation_id, participation_id)
        if participation_id is not None
        else (CreditEntry.achievement_id, achievement_id)
    )
    return await session.scalar(select(exists().where(column == value))) or False


async def achievement(
    session: AsyncSession, program: str, person_id: int, key: str
) -> Achievement | None:
    return await session.scalar(
        select(Achievement).where(
            Achievement.program == program,
            Achievement.person_id == person_id,
            Achievement.key == key,
        )
    )


async def award_of_achievement(session: AsyncSession, achievement_id: int) -> CreditEntry | None:
    """The achievement's award (not a correction of it), if it earned one."""
    return await session.scalar(
        select(CreditEntry).where(
            CreditEntry.achievement_id == achievement_id,
            CreditEntry.reverses_entry_id.is_(None),
            CreditEntry.restores_entry_id.is_(None),
        )
    )


def in_scope(scope: str) -> ColumnElement[bool]:
    """Entries counted by a cap on ``scope``: that activity kind, or every kind under it."""
    return or_(
        CreditEntry.scope == scope, CreditEntry.scope.startswith(scope + ".", autoescape=True)
    )


async def scope_total(session: AsyncSession, person_id: int, scope: str) -> Decimal:
    total = await session.scalar(
        select(func.coalesce(func.sum(CreditEntry.amount), 0)).where(
            CreditEntry.person_id == person_id, in_scope(scope)
        )
    )
    assert isinstance(total, Decimal)  # the sum keeps the column's exact Hundredths type
    return total


async def ledger(session: AsyncSession, person_id: int) -> Sequence[CreditEntry]:
    """Every entry of the person's, in the order written."""
    rows = await session.scalars(
        select(CreditEntry).where(CreditEntry.person_id == person_id).order_by(CreditEntry.id)
    )
    return rows.all()


async def certification_codes(session: AsyncSession, codes: Sequence[str]) -> set[str]:
    """Which of the codes a certification has already."""
    found = await session.scalars(select(Certification.code).where(Certification.code.in_(codes)))
    return set(found)


async def successor(session: AsyncSession, certification_id: int) -> Certification | None:
    """The certification that superseded this one, if any."""
    return await session.scalar(
        select(Certification).where(Certification.supersedes_id == certification_id)
    )


async def latest_credit_under(session: AsyncSession, certification_id: int) -> date | None:
    """The last day anything earned credit under the certification, corrections aside."""
    latest = await session.scalar(
        select(func.max(CreditEntry.earned_on)).where(
            CreditEntry.certification_id == certification_id,
            CreditEntry.reverses_entry_id.is_(None),
            CreditEntry.restores_entry_id.is_(None),
            CreditEntry.id.not_in(
                select(CreditEntry.reverses_entry_id).where(
                    CreditEntry.reverses_entry_id.is_not(None)
                )
            ),
        )
    )
    return latest


async def successor_ids(session: AsyncSession, ids: Sequence[int]) -> list[int | None]:
    """For each certification, the one superseding it (or ``None``)."""
    rows = await session.execute(
        select(Certification.supersedes_id, Certification.id).where(
            Certification.supersedes_id.in_(ids)
        )
    )
    # IN leaves out NULL, which the nullable column's type cannot tell the checker
    found = {old: new for old, new in rows.all() if old is not None}
    return [found.get(pk) for pk in ids]
