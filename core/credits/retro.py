"""Retroactive awards: credit for what was held while its certification was pending.

Attendance at an activity no certification covered earned nothing when it was recorded
(CORE-CREDIT-CERTIFICATION), and an achievement of an uncertified kind neither. When a
certification arrives that covers them, everyone who attended (or achieved) is awarded, with
the caps applied as usual and an explanation saying why the credit came late.

Each is awarded once ever. Candidates are read, then their people locked in key order (so two
runs never wait on each other crosswise), and each is read again under its person's lock: a
run that waited finds what the first one wrote and skips it. Beneath that, every retroactive
award carries an ``award_key`` the database holds unique, so no interleaving of requests can
write a second one. Attendance whose credit was reversed is not awarded again: its entries say
it was credited once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.activities.models import Activity, Participation
from core.credits import repository
from core.credits.achievements import achievement_decision, write_achievement_award
from core.credits.models import Achievement, Certification, CreditEntry
from core.credits.service import award_decision, award_participation
from core.i18n import Text, _
from core.locks import lock_row
from core.people.models import Person
from core.registry import Registry


def participation_key(participation_id: int) -> str:
    return f"retro:participation:{participation_id}"


def _preface(certification: Certification, day: date, title: str | None = None) -> Text:
    """Why the credit comes late, opening its explanation: the session of ``day``, or the
    achievement ``title`` of that day. Dates stay ISO (also Canada's short form in French)."""
    said = {"code": certification.code, "starts": certification.effective_from.isoformat()}
    ends = certification.effective_to
    if ends is None and title is None:
        return _(
            "Awarded retroactively: certification {code} (effective {starts} to open) covers "
            "the session of {day}; ",
            day=day.isoformat(),
            **said,
        )
    if ends is None:
        return _(
            "Awarded retroactively: certification {code} (effective {starts} to open) covers "
            "the achievement {title!r} of {day}; ",
            title=title,
            day=day.isoformat(),
            **said,
        )
    if title is None:
        return _(
            "Awarded retroactively: certification {code} (effective {starts} to {ends}) covers "
            "the session of {day}; ",
            ends=ends.isoformat(),
            day=day.isoformat(),
            **said,
        )
    return _(
        "Awarded retroactively: certification {code} (effective {starts} to {ends}) covers "
        "the achievement {title!r} of {day}; ",
        ends=ends.isoformat(),
        title=title,
        day=day.isoformat(),
        **said,
    )


@dataclass(frozen=True)
class _Candidate:
    person_id: int
    order: int
    award: Callable[[], Awaitable[CreditEntry | None]]


async def award_retroactively(
    session: AsyncSession, registry: Registry, certification: Certification, by_id: int | None
) -> list[CreditEntry]:
    """Award everything the certification covers that never earned credit; safe to run again
    (it then awards nothing). The caller has decided the certification stands."""
    candidates = [
        _Candidate(p.person_id, p.id, _attendance(session, registry, certification, p, a, by_id))
        for p, a in await repository.uncredited_participations(session, certification)
    ] + [
        _Candidate(a.person_id, a.id, _achievement(session, registry, certification, a, by_id))
        for a in await repository.uncredited_achievements(session, certification)
    ]
    awarded = []
    for candidate in sorted(candidates, key=lambda c: (c.person_id, c.order)):
        await lock_row(session, Person, candidate.person_id)
        entry = await candidate.award()
        if entry is not None:
            awarded.append(entry)
    return awarded


def _attendance(
    session: AsyncSession,
    registry: Registry,
    certification: Certification,
    participation: Participation,
    activity: Activity,
    by_id: int | None,
) -> Callable[[], Awaitable[CreditEntry | None]]:
    async def award() -> CreditEntry | None:
        """Under the person's lock: still attended, still uncredited, still this
        certification's to award (an activity's own comes before its kind's), and allowed."""
        formula = registry.formulas.get(activity.kind)
        current = await lock_row(session, Participation, participation.id)
        if formula is None or current is None or current.withdrawn_at is not None:
            return None
        if await repository.credited(session, participation_id=current.id):
            return None
        covering = await repository.certification_of_activity(
            session, activity.id, activity.kind, activity.held_on
        )
        if covering is None or covering.id != certification.id:
            return None
        decision = await award_decision(session, registry, current.person_id, activity)
        if not decision.allowed:
            return None
        return await award_participation(
            session,
            formula,
            certification,
            current,
            activity,
            by_id,
            award_key=participation_key(current.id),
            preface=_preface(certification, activity.held_on),
        )

    return award


def _achievement(
    session: AsyncSession,
    registry: Registry,
    certification: Certification,
    achievement: Achievement,
    by_id: int | None,
) -> Callable[[], Awaitable[CreditEntry | None]]:
    async def award() -> CreditEntry | None:
        """Under the person's lock: still uncredited, and allowed."""
        if achievement.kind not in registry.formulas or await repository.credited(
            session, achievement_id=achievement.id
        ):
            return None
        if not (await achievement_decision(session, registry, achievement)).allowed:
            return None
        preface = _preface(certification, achievement.achieved_on, achievement.title)
        return await write_achievement_award(
            session, registry, certification, achievement, by_id, preface
        )

    return award
