"""The printed table: one row per benchmark, with its ratio to the hand-written SQL baseline."""

from __future__ import annotations

from bench.timing import Result

_HEADER = (
    f"{'benchmark':<38} {'median ms':>10} {'p95 ms':>9} {'ratio':>7} {'stmts/req':>10} {'req/s':>8}"
)


def ratio(result: Result, baseline: Result | None) -> float | None:
    """Read rows: median over the baseline's median. Write rows: how many times the
    baseline's throughput exceeds this row's (both are races of the same size)."""
    if baseline is None:
        return 1.0
    if result.per_second is not None and baseline.per_second is not None:
        return baseline.per_second / result.per_second
    return result.median / baseline.median


def _row(result: Result, baseline: Result | None) -> str:
    factor = ratio(result, baseline)
    statements = "" if result.statements is None else f"{result.statements:.1f}"
    per_second = "" if result.per_second is None else f"{result.per_second:.0f}"
    return (
        f"{result.name:<38} {result.median:>10.2f} {result.p95:>9.2f} "
        f"{'' if factor is None else f'{factor:.1f}x':>7} {statements:>10} {per_second:>8}"
    )


def table(results: list[Result]) -> str:
    by_name = {r.name: r for r in results}
    lines = [_HEADER, "-" * len(_HEADER)]
    for result in results:
        baseline = by_name.get(result.baseline) if result.baseline else None
        lines.append(_row(result, baseline))
    return "\n".join(lines)
