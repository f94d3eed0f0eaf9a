"""The IHI run-chart rules on series worked out by hand (``core.measures.runchart``).

Each test writes its hand calculation as a comment: the sorted values and median, which side
of it each point lies on, and the runs, so the expected answer can be checked without the code.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import comb

from core.measures.runchart import RUNS_LIMITS, SignalKind, median, read, shifts, trends


def series(*values: int | str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def covered(signals: list, kind: SignalKind) -> list[tuple[int, ...]]:  # type: ignore[type-arg]
    return [s.indexes for s in signals if s.kind == kind]


def test_median_of_an_odd_and_an_even_series() -> None:
    # 3 1 2 -> sorted 1 2 3 -> middle 2.   4 1 3 2 -> sorted 1 2 3 4 -> (2 + 3) / 2 = 2.5
    assert median(series(3, 1, 2)) == Decimal(2)
    assert median(series(4, 1, 3, 2)) == Decimal("2.5")
    assert median([]) is None


def test_shift_of_six_points_is_a_signal_and_five_is_not() -> None:
    values = series(10, 1, 2, 1, 2, 1, 2, 10, 11, 10, 12, 11)
    # sorted: 1 1 1 2 2 2 | 10 10 10 11 11 12 -> median (2 + 10) / 2 = 6
    # sides:  + - - - - - - + + + + +  -> below: indexes 1..6 (6 points): a shift;
    #         above: 7..11 (5 points): not one; index 0 alone.
    reading = read(values)

    assert reading.median == Decimal(6)
    assert covered(list(reading.signals), SignalKind.SHIFT) == [(1, 2, 3, 4, 5, 6)]


def test_point_on_the_median_neither_adds_to_nor_breaks_a_shift() -> None:
    # median 5 given. 1 2 [5] 1 2 1 8: five points below (index 2 on it is not counted): none.
    assert shifts(series(1, 2, 5, 1, 2, 1, 8), Decimal(5)) == []
    # 1 2 [5] 1 2 1 2 8: six below around the point on the median, which does not break them:
    # a shift covering indexes 0..6.
    (shift,) = shifts(series(1, 2, 5, 1, 2, 1, 2, 8), Decimal(5))
    assert shift.indexes == (0, 1, 2, 3, 4, 5, 6)
    assert "6 consecutive points below" in shift.explanation


def test_trend_of_five_with_an_equal_neighbour_skipped() -> None:
    # 1 2 3 [3] 4 5: the second 3 equals the one before it and is skipped; 1 2 3 4 5 going up
    # are five points: a trend over indexes 0..5.
    (trend,) = trends(series(1, 2, 3, 3, 4, 5))
    assert (trend.kind, trend.indexes) == (SignalKind.TREND, (0, 1, 2, 3, 4, 5))
    # 1 2 [2] 3 4: the equal neighbour does not add: 1 2 3 4 are four points, no trend.
    assert trends(series(1, 2, 2, 3, 4)) == []
    # 9 5 4 4 3 1 0: going down 9 5 4 3 1 0 (the second 4 skipped): six points, a trend;
    # 1 2 3 4 3: four up, then down: none.
    assert [t.indexes for t in trends(series(9, 5, 4, 4, 3, 1, 0))] == [(0, 1, 2, 3, 4, 5, 6)]
    assert trends(series(1, 2, 3, 4, 3)) == []


def test_too_few_runs() -> None:
    values = series(1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9)
    # median (1 + 9) / 2 = 5; sides - - - - - - + + + + + +: 12 useful points, 2 runs.
    # table for 12 useful points: 4 to 10 runs; 2 < 4: too few.
    reading = read(values)

    assert (reading.median, reading.useful_observations, reading.runs) == (Decimal(5), 12, 2)
    assert reading.runs_limits == (4, 10)
    assert covered(list(reading.signals), SignalKind.TOO_FEW_RUNS) == [tuple(range(12))]


def test_too_many_runs() -> None:
    values = series(1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 1, 9)
    # median (1 + 9) / 2 = 5; sides alternate: 12 useful points, 12 runs; 12 > 10: too many.
    # No shift (no two neighbours on one side), no trend (it turns at every point).
    reading = read(values)

    assert reading.runs == 12
    assert [s.kind for s in reading.signals] == [SignalKind.TOO_MANY_RUNS]


def test_runs_within_the_table_are_no_signal() -> None:
    values = series(1, 9, 9, 1, 1, 9, 9, 1, 1, 9, 9, 1)
    # median 5; runs: 1 | 9 9 | 1 1 | 9 9 | 1 1 | 9 9 | 1 -> 7 runs in 12 useful points,
    # within 4 to 10. Longest side 2 points: no shift; equal neighbours skipped leave
    # 1 9 1 9 1 9 1: no trend.
    reading = read(values)

    assert (reading.runs, reading.runs_limits) == (7, (4, 10))
    assert reading.signals == ()


def test_fewer_than_ten_useful_points_give_no_runs_signal() -> None:
    values = series(1, 9, 1, 9, 5, 1, 9, 1, 9, 5)
    # sorted 1 1 1 1 5 5 9 9 9 9 -> median 5; the two 5s lie on it: 8 useful points forming
    # 8 runs (alternating) -- too many for any table row, but 8 < 10: the rule does not apply.
    reading = read(values)

    assert (reading.median, reading.useful_observations, reading.runs) == (Decimal(5), 8, 8)
    assert reading.runs_limits is None
    assert reading.signals == ()
    assert "needs at least 10" in reading.runs_note


def test_runs_table_covers_ten_to_sixty_useful_points() -> None:
    assert sorted(RUNS_LIMITS) == list(range(10, 61))
    assert (RUNS_LIMITS[10], RUNS_LIMITS[30], RUNS_LIMITS[60]) == ((3, 9), (11, 21), (24, 38))
    assert all(lower < upper for lower, upper in RUNS_LIMITS.values())


def _runs_distribution(below: int, above: int) -> dict[int, Fraction]:
    """P(R = r) for the runs of a random order of ``below`` and ``above`` points (Swed and
    Eisenhart): 2 C(b-1, k-1) C(a-1, k-1) orders give r = 2k runs; C(b-1, k-1) C(a-1, k) +
    C(b-1, k) C(a-1, k-1) give r = 2k + 1."""
    total = comb(below + above, below)
    odds: dict[int, Fraction] = {}
    for runs in range(2, below + above + 1):
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * comb(below - 1, k - 1) * comb(above - 1, k - 1)
        else:
            ways = comb(below - 1, k - 1) * comb(above - 1, k) + comb(below - 1, k) * comb(
                above - 1, k - 1
            )
        odds[runs] = Fraction(ways, total)
    return odds


def test_runs_table_is_the_two_sided_five_percent_limits_for_two_equal_halves() -> None:
    # For n useful points split into halves, the lower limit is the fewest runs whose lower
    # tail P(R <= lower) passes 2.5%, the upper the most whose upper tail P(R >= upper) does.
    tail = Fraction(1, 40)
    for useful, (lower, upper) in RUNS_LIMITS.items():
        odds = _runs_distribution(useful // 2, useful - useful // 2)
        assert sum(p for r, p in odds.items() if r < lower) <= tail
        assert sum(p for r, p in odds.items() if r <= lower) > tail
        assert sum(p for r, p in odds.items() if r > upper) <= tail
        assert sum(p for r, p in odds.items() if r >= upper) > tail
