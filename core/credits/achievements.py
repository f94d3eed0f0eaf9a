"""Credits that are not time: a fixed amount for an achievement (a plan accepted, an exercise
completed), with no activity.

A program declares an achievement kind as a ``CreditFormula`` for a kind ``<slug>.<what>``
that is no activity kind (its caps bound it like any other), and certifies it with unit
``"achievement"``: the certification's rate is what one achievement earns. Its workflow calls
:func:`award_achievement` once its own rules say the person achieved it. The achievement is
kept even while no certification covers it (then it earns nothing yet, and the credit is
awarded retroactively when one arrives). Its entry names the organization, so certificates,
transcripts, reports and reversals treat it as any other.

Awarding the same achievement (program, person, key) again is a no-op returning the first:
the person's row is locked before the key is looked up, and the database holds the key
unique, so no two requests can both record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core import eligibility
from core.credits import repository
from core.credits.models import Achievement, Certification, CreditEntry
from core.credits.service import AWARD_ACTION, NO_CERTIFICATION, write_award
from core.eligibility import Decision
from core.errors import RuleViolation
from core.i18n import Text, _
from core.kinds import INVALID, UNKNOWN_KIND
from core.locks import lock_row
from core.people.models import Organization, Person
from core.registry import Registry
from core.repository import add, find

MAX_KEY = 200
MAX_TITLE = 200


@dataclass(frozen=True)
class AchievementAward:
    """The achievement, its award (None while it earns nothing), why, and whether this call
    recorded it (False: it was recorded before, and nothing changed)."""

    achievement: Achievement
    entry: CreditEntry | None
    decision: Decision
    recorded: bool


def achievement_key(achievement_id: int) -> str:
    """An achievement earns one award, when achieved or retroactively: the same key."""
    return f"achievement:{achievement_id}"


def require_achievement_kind(registry: Registry, program: str, kind: str) -> None:
    """A kind the program credits with no activity: its own formula, and no activity kind."""
    formula = registry.formulas.get(kind)
    if formula is None or kind in registry.activity_kinds or kind.split(".", 1)[0] != program:
        raise RuleViolation.single(
            UNKNOWN_KIND,
            _("{kind!r} is not an achievement kind of {program}.", kind=kind, program=program),
            "kind",
        )


async def achievement_decision(
    session: AsyncSession, registry: Registry, achievement: Achievement
) -> Decision:
    """The rules on ``core.credit.award``, told the achievement's kind."""
    return await eligibility.check(
        session,
        registry,
        AWARD_ACTION,
        achievement.person_id,
        program=achievement.program,
        params={"activity_kind": achievement.kind},
    )


async def write_achievement_award(
    session: AsyncSession,
    registry: Registry,
    certification: Certification,
    achievement: Achievement,
    by_id: int | None,
    preface: Text,
) -> CreditEntry:
    """Write an achievement's one award: the certification's rate for one achievement, capped
    by the kind's formula."""
    return await write_award(
        session,
        formula=registry.formulas[achievement.kind],
        certification=certification,
        person_id=achievement.person_id,
        program=achievement.program,
        quantity=Decimal(1),
        earned_on=achievement.achieved_on,
        created_by_id=by_id,
        organization_id=achievement.organization_id,
        achievement_id=achievement.id,
        award_key=achievement_key(achievement.id),
        preface=preface,
    )


def _text(value: str, most: int, field: str) -> str:
    text = value.strip()
    if not 0 < len(text) <= most:
        raise RuleViolation.single(INVALID, _("Give 1 to {most} characters.", most=most), field)
    return text


async def award_achievement(
    session: AsyncSession,
    registry: Registry,
    *,
    program: str,
    person_id: int,
    organization_id: int,
    kind: str,
    key: str,
    title: str,
    achieved_on: date,
    recorded_by_id: int | None = None,
) -> AchievementAward:
    """Record that the person achieved something the program credits, at the organization
    running it for them, and award its credit if a certification covers ``achieved_on``.
    Whether they did is the program's rule, asked before; ``key`` names the achievement
    within the program and person (``"pip:42"``)."""
    require_achievement_kind(registry, program, kind)
    key, title = _text(key, MAX_KEY, "key"), _text(title, MAX_TITLE, "title")
    await find(session, Organization, organization_id, missing="organization")
    await lock_row(session, Person, person_id, missing="person")
    existing = await repository.achievement(session, program, person_id, key)
    if existing is not None:
        entry = await repository.award_of_achievement(session, existing.id)
        return AchievementAward(existing, entry, Decision(True, ()), recorded=False)
    achievement = await add(
        session,
        Achievement(
            program=program,
            person_id=person_id,
            organization_id=organization_id,
            kind=kind,
            key=key,
            title=title,
            achieved_on=achieved_on,
            recorded_by_id=recorded_by_id,
        ),
    )
    decision = await achievement_decision(session, registry, achievement)
    if not decision.allowed:
        return AchievementAward(achievement, None, decision, recorded=True)
    certification = await repository.certification_in_force(session, kind, achieved_on)
    if certification is None:
        denied = Decision.deny(
            NO_CERTIFICATION,
            _(
                "No certification of {kind} is in force on {day}; its credit is awarded "
                "retroactively once it is certified.",
                kind=kind,
                day=achieved_on,
            ),
        )
        return AchievementAward(achievement, None, denied, recorded=True)
    entry = await write_achievement_award(
        session, registry, certification, achievement, recorded_by_id, _("{title}: ", title=title)
    )
    return AchievementAward(achievement, entry, decision, recorded=True)
