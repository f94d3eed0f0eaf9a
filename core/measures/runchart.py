"""Reading a run chart with the IHI rules: pure arithmetic on a series, no database.

The rules (Perla, Provost and Murray, "The run chart", BMJ Qual Saf 2011):

- **shift**: six or more consecutive points all above or all below the median. A point on the
  median neither adds to a shift nor breaks it.
- **trend**: five or more consecutive points all going up or all going down. A point equal to
  the one before it is skipped: it neither adds to a trend nor breaks it.
- **runs**: a run is a series of points on one side of the median (points on it are ignored).
  For the number of useful observations (points not on the median), too few or too many runs
  signal non-random change. ``RUNS_LIMITS`` is the standard table for 10 to 60 useful points:
  the two-sided 5% limits of the number of runs for a random order of two equal halves
  (Swed and Eisenhart, 1943), fewer than ``lower`` or more than ``upper`` being a signal.
  Below 10 useful points the rule cannot be applied, and the chart says so.

Each signal names the indexes of the points it covers, from its first point to its last, and
says what it found in the reader's language.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.i18n import Text, _, _n

SHIFT_POINTS = 6
TREND_POINTS = 5
FEWEST_USEFUL = 10

# Useful observations -> (lower, upper): fewer runs than ``lower`` are too few, more than
# ``upper`` too many.
RUNS_LIMITS: dict[int, tuple[int, int]] = {
    10: (3, 9),
    11: (4, 9),
    12: (4, 10),
    13: (4, 11),
    14: (4, 12),
    15: (5, 12),
    16: (5, 13),
    17: (6, 13),
    18: (6, 14),
    19: (6, 15),
    20: (7, 15),
    21: (7, 16),
    22: (8, 16),
    23: (8, 17),
    24: (8, 18),
    25: (9, 18),
    26: (9, 19),
    27: (10, 19),
    28: (10, 20),
    29: (10, 21),
    30: (11, 21),
    31: (11, 22),
    32: (12, 22),
    33: (12, 23),
    34: (12, 24),
    35: (13, 24),
    36: (13, 25),
    37: (14, 25),
    38: (14, 26),
    39: (14, 26),
    40: (15, 27),
    41: (15, 28),
    42: (16, 28),
    43: (16, 29),
    44: (17, 29),
    45: (17, 30),
    46: (17, 31),
    47: (18, 31),
    48: (18, 32),
    49: (19, 32),
    50: (19, 33),
    51: (20, 33),
    52: (20, 34),
    53: (20, 35),
    54: (21, 35),
    55: (21, 36),
    56: (22, 36),
    57: (22, 37),
    58: (23, 37),
    59: (23, 38),
    60: (24, 38),
}


class SignalKind(enum.StrEnum):
    SHIFT = "shift"
    TREND = "trend"
    TOO_FEW_RUNS = "too_few_runs"
    TOO_MANY_RUNS = "too_many_runs"


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    indexes: tuple[int, ...]
    explanation: Text


@dataclass(frozen=True)
class Reading:
    """What the rules say of a series: its median, its runs and the signals found."""

    median: Decimal | None
    useful_observations: int
    runs: int
    runs_limits: tuple[int, int] | None
    runs_note: Text
    signals: tuple[Signal, ...]


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value, or the mean of the two middle ones: exact for Decimals."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _side(value: Decimal, centre: Decimal) -> int:
    return (value > centre) - (value < centre)


def shifts(values: Sequence[Decimal], centre: Decimal) -> list[Signal]:
    """Every maximal series of six or more points on one side, points on the median inside
    it neither counted nor breaking it."""
    found: list[Signal] = []
    side = 0
    members: list[int] = []  # indexes of the points on ``side`` in the current series
    for index, value in enumerate(values):
        here = _side(value, centre)
        if here == 0:
            continue
        if here != side:
            _close_shift(found, side, members)
            side, members = here, []
        members.append(index)
    _close_shift(found, side, members)
    return found


def _close_shift(found: list[Signal], side: int, members: list[int]) -> None:
    if len(members) >= SHIFT_POINTS:
        if side > 0:
            explanation = _(
                "{n} consecutive points above the median (a shift is {least} or more; points "
                "on the median are not counted).",
                n=len(members),
                least=SHIFT_POINTS,
            )
        else:
            explanation = _(
                "{n} consecutive points below the median (a shift is {least} or more; points "
                "on the median are not counted).",
                n=len(members),
                least=SHIFT_POINTS,
            )
        found.append(
            Signal(SignalKind.SHIFT, tuple(range(members[0], members[-1] + 1)), explanation)
        )


def trends(values: Sequence[Decimal]) -> list[Signal]:
    """Every maximal series of five or more points each higher (or each lower) than the one
    before, a point equal to its predecessor skipped."""
    kept = [i for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    found: list[Signal] = []
    start, direction = 0, 0  # start: position in ``kept`` of the series' first point
    for position in range(1, len(kept)):
        step = _side(values[kept[position]], values[kept[position - 1]])
        if step != direction:
            _close_trend(found, kept[start:position], direction)
            start, direction = position - 1, step
    _close_trend(found, kept[start:], direction)
    return found


def _close_trend(found: list[Signal], members: list[int], direction: int) -> None:
    if direction and len(members) >= TREND_POINTS:
        if direction > 0:
            explanation = _(
                "{n} consecutive points going up (a trend is {least} or more; a point equal to "
                "the one before it is not counted).",
                n=len(members),
                least=TREND_POINTS,
            )
        else:
            explanation = _(
                "{n} consecutive points going down (a trend is {least} or more; a point equal "
                "to the one before it is not counted).",
                n=len(members),
                least=TREND_POINTS,
            )
        found.append(
            Signal(SignalKind.TREND, tuple(range(members[0], members[-1] + 1)), explanation)
        )


def count_runs(values: Sequence[Decimal], centre: Decimal) -> tuple[int, int]:
    """The useful observations (points off the median) and the runs they form."""
    sides = [s for s in (_side(v, centre) for v in values) if s != 0]
    runs = sum(1 for i, s in enumerate(sides) if i == 0 or s != sides[i - 1])
    return len(sides), runs


def read(values: Sequence[Decimal]) -> Reading:
    """Median, runs and every signal of the series, in the order of the points."""
    centre = median(values)
    if centre is None:
        return Reading(None, 0, 0, None, _("No points yet."), ())
    useful, runs = count_runs(values, centre)
    signals = [*shifts(values, centre), *trends(values)]
    limits = RUNS_LIMITS.get(useful)
    if useful < FEWEST_USEFUL:
        note = _n(
            "{n} useful observation: the runs rule needs at least {least}, so it gives no signal.",
            "{n} useful observations: the runs rule needs at least {least}, so it gives no signal.",
            useful,
            n=useful,
            least=FEWEST_USEFUL,
        )
    elif limits is None:
        note = _("{n} useful observations: beyond the runs table (10 to 60), no signal.", n=useful)
    else:
        lower, upper = limits
        note = _n(
            "{runs} run for {n} useful observations (expected {lower} to {upper}).",
            "{runs} runs for {n} useful observations (expected {lower} to {upper}).",
            runs,
            runs=runs,
            n=useful,
            lower=lower,
            upper=upper,
        )
        everything = tuple(range(len(values)))
        if runs < lower:
            signals.append(
                Signal(SignalKind.TOO_FEW_RUNS, everything, _("Too few runs: {note}", note=note))
            )
        elif runs > upper:
            signals.append(
                Signal(SignalKind.TOO_MANY_RUNS, everything, _("Too many runs: {note}", note=note))
            )
    ordered = tuple(sorted(signals, key=lambda s: (s.indexes[0], s.kind)))
    return Reading(centre, useful, runs, limits, note, ordered)
