"""The credit ledger: awards computed from a program's formula, bounded by its caps.

A program says *what* earns credit (its formulas); the core says *how much*: the rate of the
certification in force on the activity date, times hours (or one per activity), rounded to
hundredths, then cut by each cap in turn. The person's row is locked before the caps are read,
so concurrent awards for one person are applied one after another and a cap is never passed.
Every entry records its inputs and a sentence explaining the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.activities.models import Activity, Participation
from core.credits import repository
from core.credits.models import Certification, CreditEntry
from core.eligibility import Decision
from core.locks import lock_row
from core.people.models import Person
from core.programs import CreditCap, CreditFormula
from core.registry import Registry
from core.repository import add

CENT = Decimal("0.01")
AWARD_ACTION = "core.credit.award"
NO_CERTIFICATION = "CORE-CREDIT-CERTIFICATION"


def credits(value: Decimal) -> str:
    return f"{value.quantize(CENT)}"


@dataclass(frozen=True)
class AwardResult:
    """What an award produced: the ledger entry (None when nothing could be awarded) and the
    decision explaining why."""

    entry: CreditEntry | None
    decision: Decision


def award_params(activity: Activity) -> dict[str, str]:
    """What rules on ``core.credit.award`` are told about the activity (also for the query)."""
    return {"activity_kind": activity.kind}


async def award_decision(
    session: AsyncSession, registry: Registry, person_id: int, activity: Activity
) -> Decision:
    """What the rules on ``core.credit.award`` say of the person earning credit there."""
    return await eligibility.check(
        session,
        registry,
        AWARD_ACTION,
        person_id,
        subject_id=activity.id,
        program=activity.program,
        params=award_params(activity),
    )


async def award_for_participation(
    session: AsyncSession,
    registry: Registry,
    participation: Participation,
    activity: Activity,
    created_by_id: int | None,
) -> AwardResult:
    """Award the credit a participation earns, or explain why it earns none. Attendance at
    an activity no certification covers yet earns nothing now: when one arrives, its credit is
    awarded retroactively (``core.credits.retro``)."""
    formula = registry.formulas.get(activity.kind)
    if formula is None:
        return AwardResult(None, Decision(True, ()))
    decision = await award_decision(session, registry, participation.person_id, activity)
    if not decision.allowed:
        return AwardResult(None, decision)
    earned_on = activity.held_on
    certification = await repository.certification_of_activity(
        session, activity.id, activity.kind, earned_on
    )
    if certification is None:
        return AwardResult(
            None,
            Decision.deny(
                NO_CERTIFICATION,
                f"No certification of {activity.kind} is in force on {earned_on}; "
                "credits are awarded retroactively once the activity is certified.",
            ),
        )
    entry = await award_participation(
        session, formula, certification, participation, activity, created_by_id
    )
    return AwardResult(entry, decision)


async def award_participation(
    session: AsyncSession,
    formula: CreditFormula,
    certification: Certification,
    participation: Participation,
    activity: Activity,
    created_by_id: int | None,
    *,
    award_key: str | None = None,
    preface: str = "",
) -> CreditEntry:
    """Write the award of attendance under a certification covering it (hours, or one)."""
    quantity = participation.hours if certification.unit == "hour" else Decimal(1)
    return await write_award(
        session,
        formula=formula,
        certification=certification,
        person_id=participation.person_id,
        program=activity.program,
        quantity=quantity,
        earned_on=activity.held_on,
        activity_id=activity.id,
        participation_id=participation.id,
        created_by_id=created_by_id,
        organization_id=activity.organization_id,
        award_key=award_key,
        preface=preface,
    )


async def write_award(
    session: AsyncSession,
    *,
    formula: CreditFormula,
    certification: Certification,
    person_id: int,
    program: str,
    quantity: Decimal,
    earned_on: date,
    activity_id: int | None = None,
    participation_id: int | None = None,
    created_by_id: int | None = None,
    organization_id: int | None = None,
    achievement_id: int | None = None,
    award_key: str | None = None,
    preface: str = "",
) -> CreditEntry:
    """Write one award: rate x quantity, rounded, cut by each cap. Eligibility is the caller's
    business; the person's row is locked here so the caps are read and written atomically.
    ``award_key`` marks an award the database must hold once ever; ``preface`` opens the
    explanation (why it is awarded now, say)."""
    await lock_row(session, Person, person_id, missing="person")
    raw = (quantity * certification.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    unit = certification.unit
    explanation = preface + (
        f"{credits(quantity)} {unit}(s) x {credits(certification.rate)} credits per {unit} "
        f"({certification.code}) = {credits(raw)}"
    )
    amount, caps_applied = raw, []
    for cap in formula.caps:
        amount, note, applied = await _apply_cap(session, person_id, cap, amount)
        if applied is not None:
            caps_applied.append(applied)
            explanation += note
    explanation += f"; awarded {credits(amount)} {certification.credit_type} credits."
    entry = CreditEntry(
        person_id=person_id,
        program=program,
        activity_id=activity_id,
        participation_id=participation_id,
        certification_id=certification.id,
        credit_system=certification.credit_system,
        credit_type=certification.credit_type,
        scope=formula.activity_kind,
        formula=formula.code,
        quantity=quantity,
        unit=unit,
        rate=certification.rate,
        caps_applied=caps_applied,
        amount=amount,
        explanation=explanation,
        earned_on=earned_on,
        created_by_id=created_by_id,
        organization_id=organization_id,
        achievement_id=achievement_id,
        award_key=award_key,
    )
    return await add(session, entry)


async def _apply_cap(
    session: AsyncSession, person_id: int, cap: CreditCap, amount: Decimal
) -> tuple[Decimal, str, dict[str, str] | None]:
    already = await repository.scope_total(session, person_id, cap.scope)
    room = max(cap.limit - already, Decimal(0))
    if amount <= room:
        return amount, "", None
    note = (
        f"; cut to {credits(room)} by {cap.code}: at most {credits(cap.limit)} credits, "
        f"{credits(already)} already awarded"
    )
    applied = {
        "code": cap.code,
        "scope": cap.scope,
        "limit": credits(cap.limit),
        "already_awarded": credits(already),
        "before": credits(amount),
        "after": credits(room),
    }
    return room, note, applied
