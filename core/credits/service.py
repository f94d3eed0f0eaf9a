"""The credit ledger: awards computed from a program's formula, bounded by its caps.

A program says *what* earns credit (its formulas); the core says *how much*: the rate of the
certification in force on the activity date, times hours (or one per activity), rounded to
hundredths, then cut by each cap in turn. The person's row is locked before the caps are read,
so concurrent awards for one person are applied one after another and a cap is never passed.
Every entry records its inputs and a sentence explaining the result. The sentence is written
once, into the ledger, so it is written in the language of the person whose credit it is (their
own preference), else in the language of the request that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.activities.models import Activity, Participation
from core.credits import repository
from core.credits.constants import ACHIEVEMENT_UNIT, CERTIFIED, CERTIFIED_ASSESSMENT, NON_CERTIFIED
from core.credits.models import Certification, CreditEntry
from core.eligibility import Decision
from core.i18n import N_, Language, Text, _, current_language, speaking
from core.locks import lock_row
from core.people.models import Person
from core.programs import CreditCap, CreditFormula
from core.registry import Registry
from core.repository import add

CENT = Decimal("0.01")
AWARD_ACTION = "core.credit.award"
NO_CERTIFICATION = "CORE-CREDIT-CERTIFICATION"


# How an award is worked out, per unit (a unit is a code, so each reads as its own sentence).
WORKED_OUT = {
    "hour": N_("{quantity} hour(s) x {rate} credits per hour ({code}) = {raw}"),
    "activity": N_("{quantity} activity(s) x {rate} credits per activity ({code}) = {raw}"),
    ACHIEVEMENT_UNIT: N_(
        "{quantity} achievement(s) x {rate} credits per achievement ({code}) = {raw}"
    ),
}
WORKED_OUT_OTHER = N_("{quantity} {unit}(s) x {rate} credits per {unit} ({code}) = {raw}")
AWARDED = {
    CERTIFIED: N_("; awarded {amount} certified credits."),
    CERTIFIED_ASSESSMENT: N_("; awarded {amount} certified-assessment credits."),
    NON_CERTIFIED: N_("; awarded {amount} non-certified credits."),
}
AWARDED_OTHER = N_("; awarded {amount} {credit_type} credits.")


def credits(value: Decimal) -> str:
    """An amount in hundredths as the ledger stores it (``36.00``): exact, for machines."""
    return f"{value.quantize(CENT)}"


def decimal_text(value: Decimal) -> str:
    """A decimal written as given (``2.50`` stays ``2.50``), with the reader's decimal mark:
    ``2,50`` in French. ``core.i18n.number_text`` would drop the trailing zero."""
    text = str(value)
    return text.replace(".", ",") if current_language() is Language.FR else text


def credits_text(value: Decimal) -> str:
    """An amount in hundredths as a reader writes it: ``36.00``, ``36,00`` in French."""
    return decimal_text(value.quantize(CENT))


def ledger_language(person: Person) -> Language:
    """The language an entry's explanation is written in: the credited person's own choice,
    else the request's (see the module docstring)."""
    return person.language or current_language()


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
                _(
                    "No certification of {kind} is in force on {day}; credits are awarded "
                    "retroactively once the activity is certified.",
                    kind=activity.kind,
                    day=earned_on,
                ),
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
    preface: Text | None = None,
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
    preface: Text | None = None,
) -> CreditEntry:
    """Write one award: rate x quantity, rounded, cut by each cap. Eligibility is the caller's
    business; the person's row is locked here so the caps are read and written atomically.
    ``award_key`` marks an award the database must hold once ever; ``preface`` opens the
    explanation (why it is awarded now, say)."""
    person = await lock_row(session, Person, person_id, missing="person")
    raw = (quantity * certification.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    amount, caps_applied = raw, []
    for cap in formula.caps:
        amount, applied = await _apply_cap(session, person_id, cap, amount)
        if applied is not None:
            caps_applied.append(applied)
    with speaking(ledger_language(person)):
        explanation = _explanation(certification, quantity, raw, amount, caps_applied, preface)
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
        unit=certification.unit,
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


def _explanation(
    certification: Certification,
    quantity: Decimal,
    raw: Decimal,
    amount: Decimal,
    caps_applied: list[dict[str, str]],
    preface: Text | None,
) -> str:
    """The award worked out in words, clause by clause (a cap cut adds one), in the current
    language; the clauses are joined into the one sentence the ledger stores."""
    unit = certification.unit
    clauses = [preface.in_language(current_language())] if preface is not None else []
    clauses.append(
        _(
            WORKED_OUT.get(unit, WORKED_OUT_OTHER),
            quantity=credits_text(quantity),
            unit=unit,
            rate=credits_text(certification.rate),
            code=certification.code,
            raw=credits_text(raw),
        )
    )
    clauses += [
        _(
            "; cut to {room} by {code}: at most {limit} credits, {already} already awarded",
            room=credits_text(Decimal(cap["after"])),
            code=cap["code"],
            limit=credits_text(Decimal(cap["limit"])),
            already=credits_text(Decimal(cap["already_awarded"])),
        )
        for cap in caps_applied
    ]
    credit_type = certification.credit_type
    clauses.append(
        _(
            AWARDED.get(credit_type, AWARDED_OTHER),
            amount=credits_text(amount),
            credit_type=credit_type,
        )
    )
    return "".join(clauses)


async def _apply_cap(
    session: AsyncSession, person_id: int, cap: CreditCap, amount: Decimal
) -> tuple[Decimal, dict[str, str] | None]:
    already = await repository.scope_total(session, person_id, cap.scope)
    room = max(cap.limit - already, Decimal(0))
    if amount <= room:
        return amount, None
    applied = {
        "code": cap.code,
        "scope": cap.scope,
        "limit": credits(cap.limit),
        "already_awarded": credits(already),
        "before": credits(amount),
        "after": credits(room),
    }
    return room, applied
