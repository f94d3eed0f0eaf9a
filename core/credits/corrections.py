"""Corrections: reversing ledger entries and withdrawing or correcting attendance.

The ledger is append-only, so a correction is always new entries. A cap makes one person's
entries depend on each other: when an entry is reversed, an entry the cap cut earlier may now
fit. After every correction the person's capped entries are rebalanced so each scope holds
``min(cap, what the live entries earned)`` whichever entry was corrected; what an entry regains
is written as a *restoration* entry pointing at it, with its own explanation. Everything runs
under the person's row lock (:func:`core.locks.lock_row`), the same lock awards
take, so concurrent awards and corrections are applied one after another. Like an award's,
a correction's explanation is written in the credited person's language
(:func:`core.credits.service.ledger_language`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.lists import format_list
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, require_visible
from core.activities.models import Activity, Participation
from core.activities.parts import require_unparted
from core.activities.service import require_open_kind
from core.credits import repository
from core.credits.models import CreditEntry
from core.credits.service import (
    CENT,
    AwardResult,
    award_for_participation,
    credits_text,
    decimal_text,
    ledger_language,
)
from core.db import utcnow
from core.errors import RuleViolation
from core.i18n import Text, _, current_language, speaking
from core.locks import lock_row
from core.people.models import Person
from core.privacy.screen import screen
from core.registry import Registry
from core.repository import add_all, find

ALREADY_REVERSED = "CORE-CREDIT-REVERSED"
NOT_REVERSIBLE = "CORE-CREDIT-NOT-REVERSIBLE"
WITHDRAWN = "CORE-PARTICIPATION-WITHDRAWN"
INVALID = "INVALID"
MAX_REASON = 500


def earned(entry: CreditEntry) -> Decimal:
    """What an award would have been without caps: quantity x rate, rounded as awarded."""
    return (entry.quantity * entry.rate).quantize(CENT, rounding=ROUND_HALF_UP)


class _Ledger:
    """One person's entries, read once under the lock, with what each still has standing."""

    def __init__(self, entries: Iterable[CreditEntry]) -> None:
        self.entries: list[CreditEntry] = []
        self.reversed_ids: set[int] = set()
        self.add(entries)

    def add(self, entries: Iterable[CreditEntry]) -> None:
        for entry in entries:
            self.entries.append(entry)
            if entry.reverses_entry_id is not None:
                self.reversed_ids.add(entry.reverses_entry_id)

    def live_awards(self) -> list[CreditEntry]:
        """Awards (not reversals, not restorations) that have not been reversed."""
        gone = self.reversed_ids
        return [
            e
            for e in self.entries
            if e.reverses_entry_id is None and e.restores_entry_id is None and e.id not in gone
        ]

    def restorations_of(self, entry_id: int) -> list[CreditEntry]:
        gone = self.reversed_ids
        return [e for e in self.entries if e.restores_entry_id == entry_id and e.id not in gone]

    def total(self, scope: str) -> Decimal:
        return sum(
            (e.amount for e in self.entries if e.scope == scope or e.scope.startswith(scope + ".")),
            Decimal(0),
        )


async def _ledger(session: AsyncSession, person_id: int) -> _Ledger:
    return _Ledger(await repository.ledger(session, person_id))


def correction_reason(reason: str) -> str:
    """Every correction says why, briefly enough to stand in the ledger's explanation."""
    screen(reason=reason)
    text = reason.strip()
    if not 0 < len(text) <= MAX_REASON:
        raise RuleViolation.single(
            INVALID, _("Say why in 1 to {most} characters.", most=MAX_REASON), "reason"
        )
    return text


def _derived(entry: CreditEntry, **changes: object) -> CreditEntry:
    """A new entry about the same award (its reversal, or credit given back to it)."""
    fields = {
        "person_id": entry.person_id,
        "program": entry.program,
        "activity_id": entry.activity_id,
        "participation_id": entry.participation_id,
        "certification_id": entry.certification_id,
        "credit_system": entry.credit_system,
        "credit_type": entry.credit_type,
        "scope": entry.scope,
        "formula": entry.formula,
        "unit": entry.unit,
        "rate": entry.rate,
        "caps_applied": [],
        "earned_on": entry.earned_on,
        "organization_id": entry.organization_id,
        "achievement_id": entry.achievement_id,
    }
    return CreditEntry(**{**fields, **changes})


def _reversal(original: CreditEntry, reason: str, by_id: int | None) -> CreditEntry:
    return _derived(
        original,
        quantity=-original.quantity,
        amount=-original.amount,
        explanation=str(
            _(
                "Reverses entry {entry} ({amount} credits): {reason}",
                entry=original.id,
                amount=credits_text(original.amount),
                reason=reason,
            )
        ),
        reverses_entry_id=original.id,
        created_by_id=by_id,
    )


async def _reverse_all(
    session: AsyncSession,
    ledger: _Ledger,
    originals: Iterable[CreditEntry],
    reason: str,
    by: int | None,
) -> list[CreditEntry]:
    """Reverse each entry and whatever a cap gave back to it, so nothing of it stays."""
    written = await add_all(
        session,
        [
            _reversal(entry, reason, by)
            for original in originals
            for entry in (original, *ledger.restorations_of(original.id))
        ],
    )
    ledger.add(written)
    return written


async def rebalance(
    session: AsyncSession, registry: Registry, ledger: _Ledger, cause: Text, by: int | None
) -> list[CreditEntry]:
    """Give back, oldest first, what caps cut from live entries, as far as every cap of each
    entry's formula now has room. The caller holds the person's lock, and speaks the person's
    language (``cause`` says what made room, in it)."""
    restored: list[CreditEntry] = []
    for entry in ledger.live_awards():
        formula = registry.formulas.get(entry.scope)
        if formula is None or not formula.caps:
            continue  # a disabled program's entries keep what they were given
        lost = (
            earned(entry)
            - entry.amount
            - sum((r.amount for r in ledger.restorations_of(entry.id)), Decimal(0))
        )
        if lost <= 0:
            continue
        rooms = {cap.code: cap.limit - ledger.total(cap.scope) for cap in formula.caps}
        regained = min(lost, *rooms.values())
        if regained <= 0:
            continue
        restoration = _derived(
            entry,
            quantity=Decimal(0),
            amount=regained,
            explanation=str(
                _(
                    "Restores {regained} of the {lost} credits {caps} cut from entry {entry}: "
                    "{cause} made room under the cap.",
                    regained=credits_text(regained),
                    lost=credits_text(lost),
                    caps=format_list(list(rooms), locale=current_language().locale),
                    entry=entry.id,
                    cause=cause,
                )
            ),
            restores_entry_id=entry.id,
            created_by_id=by,
        )
        ledger.add([restoration])
        restored.append(restoration)
    return await add_all(session, restored)


async def reverse_entry(
    session: AsyncSession, registry: Registry, viewer: Viewer, entry_id: int, reason: str
) -> CreditEntry:
    """Correct the ledger by appending the opposite of an entry (and of what caps gave back
    to it); the originals stay. Staff of the activity's organization and program correct it
    (platform admins any entry)."""
    original = await require_visible(session, viewer, CreditEntry, entry_id)
    activity = await find(session, Activity, original.activity_id) if original.activity_id else None
    if activity is not None:
        viewer.require_staff(activity.organization_id, activity.program)
        require_open_kind(registry, activity.kind, "entryId")
    elif original.organization_id is not None:  # an achievement's credit
        viewer.require_staff(original.organization_id, original.program)
    else:
        viewer.require_platform_admin()
    reason = correction_reason(reason)
    person = await lock_row(session, Person, original.person_id, missing="person")
    if original.reverses_entry_id is not None or original.restores_entry_id is not None:
        raise RuleViolation.single(
            NOT_REVERSIBLE,
            _("This entry is itself a correction; reverse the award it belongs to."),
            "entryId",
        )
    ledger = await _ledger(session, original.person_id)
    if original.id in ledger.reversed_ids:
        raise RuleViolation.single(
            ALREADY_REVERSED, _("This entry has already been reversed."), "entryId"
        )
    with speaking(ledger_language(person)):
        reversal, *_others = await _reverse_all(
            session, ledger, [original], reason, viewer.person_id
        )
        cause = _("reversing entry {entry}", entry=original.id)
        await rebalance(session, registry, ledger, cause, viewer.person_id)
    return reversal


@dataclass(frozen=True)
class Amendment:
    """A corrected or withdrawn attendance: what was reversed, and the new award if any."""

    participation: Participation
    reversals: Sequence[CreditEntry]
    award: AwardResult | None


async def amend_participation(
    session: AsyncSession,
    registry: Registry,
    participation: Participation,
    activity: Activity,
    *,
    hours: Decimal | None,
    reason: str,
    by_id: int | None,
) -> Amendment:
    """Withdraw attendance (``hours`` None) or correct its hours; its credits follow through
    the ledger. Permission is the caller's: staff through :func:`correct_attendance`, a program
    through its own workflow (who may log a session may correct it). The attendance is read
    again under the person's lock, so two corrections at once apply one after the other."""
    reason = correction_reason(reason)
    person = await lock_row(session, Person, participation.person_id, missing="person")
    participation = await lock_row(session, Participation, participation.id, missing="attendance")
    if participation.withdrawn_at is not None:
        raise RuleViolation.single(WITHDRAWN, _("This attendance was withdrawn already."))
    if hours is not None and (
        hours <= 0 or hours != hours.quantize(CENT) or hours > activity.hours
    ):
        raise RuleViolation.single(
            INVALID,
            _(
                "Hours are positive, in hundredths, and at most the {hours} the activity lasted.",
                hours=decimal_text(activity.hours),
            ),
            "hours",
        )
    ledger = await _ledger(session, participation.person_id)
    mine = [e for e in ledger.live_awards() if e.participation_id == participation.id]
    with speaking(ledger_language(person)):
        reversals = await _reverse_all(session, ledger, mine, _attendance_why(hours, reason), by_id)
    participation.correction_note = reason
    award = None
    if hours is None:
        participation.withdrawn_at = utcnow()
        participation.withdrawn_by_id = by_id
    else:
        participation.hours = hours.quantize(CENT)
        await session.flush()
        award = await award_for_participation(session, registry, participation, activity, by_id)
        if award.entry is not None:
            ledger.add([award.entry])
    await session.flush()
    with speaking(ledger_language(person)):
        cause = _attendance_cause(participation.id, hours)
        await rebalance(session, registry, ledger, cause, by_id)
    return Amendment(participation, reversals, award)


def _attendance_why(hours: Decimal | None, reason: str) -> Text:
    """Why an attendance's credit is reversed: withdrawn, or its hours corrected."""
    if hours is None:
        return _("attendance withdrawn: {reason}", reason=reason)
    return _(
        "attendance corrected to {hours} hours: {reason}", hours=decimal_text(hours), reason=reason
    )


def _attendance_cause(participation_id: int, hours: Decimal | None) -> Text:
    """What made room under a cap, when an attendance is withdrawn or its hours corrected."""
    if hours is None:
        return _("attendance {attendance} withdrawn", attendance=participation_id)
    return _(
        "attendance {attendance} corrected to {hours} hours",
        attendance=participation_id,
        hours=decimal_text(hours),
    )


async def correct_attendance(
    session: AsyncSession,
    registry: Registry,
    viewer: Viewer,
    *,
    participation_id: int,
    hours: Decimal | None,
    reason: str,
) -> Amendment:
    """Staff correct or withdraw attendance they recorded. A program's own activities (its
    managed kinds) are corrected only through the program's workflow."""
    participation = await require_visible(session, viewer, Participation, participation_id)
    activity = await find(session, Activity, participation.activity_id)
    assert activity is not None  # a foreign key
    viewer.require_staff(activity.organization_id, activity.program)
    require_open_kind(registry, activity.kind, "participationId")
    if hours is not None:
        await require_unparted(session, activity)
    return await amend_participation(
        session,
        registry,
        participation,
        activity,
        hours=hours,
        reason=reason,
        by_id=viewer.person_id,
    )
