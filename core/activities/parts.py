"""Parts of an activity: the days or blocks it is held in, each crediting its own hours.

A two-day learning session runs from the first morning to the second afternoon, but it
credits the hours of its two days, not the 32 hours in between. Parts lie within the
activity, never overlap, and credit more than nothing and at most their own wall-clock
length; the activity's hours are then the sum of its parts' hours, which bounds every
attendance (and its correction) the way an activity without parts is bounded by its length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import pairwise

from sqlalchemy.ext.asyncio import AsyncSession

from core.activities import repository
from core.activities.models import Activity, ActivityPart, PartAttendance
from core.errors import RuleViolation
from core.i18n import _, date_text, number_text
from core.kinds import INVALID
from core.repository import add_all

PART_TIMES = "CORE-ACTIVITY-PART-TIMES"
PART_OUTSIDE = "CORE-ACTIVITY-PART-OUTSIDE"
PART_OVERLAP = "CORE-ACTIVITY-PART-OVERLAP"
PART_HOURS = "CORE-ACTIVITY-PART-HOURS"
PART_REQUIRED = "CORE-ACTIVITY-PART-REQUIRED"
MAX_PARTS = 28
CENT = Decimal("0.01")


@dataclass(frozen=True)
class PartInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    hours: Decimal


def wall_clock_hours(starts_at: datetime, ends_at: datetime) -> Decimal:
    return Decimal((ends_at - starts_at).total_seconds() / 3600).quantize(CENT)


def check_parts(
    starts_at: datetime, ends_at: datetime, parts: Sequence[PartInput]
) -> list[PartInput]:
    """The parts in the order they happen, once each is sound and they fit the activity."""
    if len(parts) > MAX_PARTS:
        raise RuleViolation.single(
            INVALID, _("An activity has at most {most} parts (two a day).", most=MAX_PARTS), "parts"
        )
    ordered = sorted(parts, key=lambda p: p.starts_at)
    for part in ordered:
        _check_part(starts_at, ends_at, part)
    for before, after in pairwise(ordered):
        if after.starts_at < before.ends_at:
            raise RuleViolation.single(
                PART_OVERLAP,
                _(
                    "{first} and {second} overlap; parts follow one another.",
                    first=before.title.strip(),
                    second=after.title.strip(),
                ),
                "parts",
            )
    return ordered


def _check_part(starts_at: datetime, ends_at: datetime, part: PartInput) -> None:
    title = part.title.strip()
    if not title:
        raise RuleViolation.single(INVALID, _("Every part needs a title (Day 1, say)."), "parts")
    if part.starts_at.tzinfo is None or part.ends_at.tzinfo is None:
        raise RuleViolation.single(INVALID, _("Part times must include a time zone."), "parts")
    if part.ends_at <= part.starts_at:
        raise RuleViolation.single(
            PART_TIMES, _("{part} must end after it starts.", part=title), "parts"
        )
    if part.starts_at < starts_at or part.ends_at > ends_at:
        raise RuleViolation.single(
            PART_OUTSIDE,
            _(
                "{part} lies outside the activity ({starts} to {ends}).",
                part=title,
                starts=date_text(starts_at),
                ends=date_text(ends_at),
            ),
            "parts",
        )
    length = wall_clock_hours(part.starts_at, part.ends_at)
    if part.hours <= 0 or part.hours != part.hours.quantize(CENT) or part.hours > length:
        raise RuleViolation.single(
            PART_HOURS,
            _(
                "{part} credits more than 0 and at most the {hours} hours it lasts, in "
                "hundredths of an hour.",
                part=title,
                hours=number_text(length),
            ),
            "parts",
        )


async def give_parts(
    session: AsyncSession, activity: Activity, parts: Sequence[PartInput]
) -> list[ActivityPart]:
    """Replace the activity's parts (the caller made sure none was attended) and make its
    hours theirs: the sum of the parts, or its length again when it has none."""
    ordered = check_parts(activity.starts_at, activity.ends_at, parts)
    await repository.remove_parts(session, activity.id)
    written = await add_all(
        session,
        [
            ActivityPart(
                activity_id=activity.id,
                title=part.title.strip(),
                starts_at=part.starts_at,
                ends_at=part.ends_at,
                hours=part.hours.quantize(CENT),
            )
            for part in ordered
        ],
    )
    activity.hours = (
        sum((p.hours for p in written), Decimal(0))
        if written
        else wall_clock_hours(activity.starts_at, activity.ends_at)
    )
    await session.flush()
    return written


async def require_unparted(session: AsyncSession, activity: Activity) -> None:
    """Hours at an activity held in parts are the parts attended, never a number given."""
    if await repository.parts(session, activity.id):
        raise RuleViolation.single(
            PART_REQUIRED,
            _(
                "{activity} is held in parts: record or correct which parts were attended.",
                activity=activity.title,
            ),
            "hours",
        )


async def attend_parts(
    session: AsyncSession, participation_id: int, part_ids: Sequence[int]
) -> None:
    """Make the participation's attended parts exactly these (checked by the caller)."""
    wanted = set(part_ids)
    held = await repository.attended_part_ids(session, participation_id)
    await repository.forget_parts(session, participation_id, held - wanted)
    await add_all(
        session,
        [PartAttendance(participation_id=participation_id, part_id=pk) for pk in wanted - held],
    )
