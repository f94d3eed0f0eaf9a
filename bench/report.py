"""The results: one row per variant of a scenario, printed as a markdown table or as JSON.

Targets come from the issue (``issues show 17``, Targets) and are only reported, met or not:
a benchmark never fails on time, only on a wrong answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

COLUMNS = (
    "scenario",
    "backend",
    "median ms",
    "p50/p99 ms",
    "rps",
    "ratio vs ceiling",
    "target",
    "stmts",
    "peak RSS MB",
)


@dataclass
class Row:
    scenario: str
    backend: str
    variant: str
    median_ms: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    rps: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    statements: str = ""
    peak_rss_mb: float | None = None


@dataclass
class Report:
    """Rows, a line per scenario naming its ceiling, notes, and whether every answer was right."""

    rows: list[Row] = field(default_factory=list)
    ceilings: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)
        self.notes.append(f"FAILED: {message}")


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _cells(row: Row) -> list[str]:
    spread = "" if row.p50_ms is None else f"{_number(row.p50_ms)}/{_number(row.p99_ms)}"
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
    verdict = {True: " met", False: " NOT met", None: ""}[row.met]
    return [
        f"{row.scenario} ({row.variant})",
        row.backend,
        _number(row.median_ms, 2),
        spread,
        _number(row.rps, 0),
        ratio,
        f"{row.target}{verdict}" if row.target else "",
        row.statements,
        _number(row.peak_rss_mb),
    ]


def markdown(report: Report) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join(" --- " for _ in COLUMNS) + "|",
        *("| " + " | ".join(_cells(row)) + " |" for row in report.rows),
        "",
        *(f"- {scenario}: ceiling = {text}" for scenario, text in report.ceilings.items()),
        *(f"- {note}" for note in report.notes),
    ]
    return "\n".join(lines)


def as_json(report: Report, extra: dict[str, Any]) -> bytes:
    document = {
        **extra,
        "rows": [asdict(row) for row in report.rows],
        "ceilings": report.ceilings,
        "notes": report.notes,
        "failures": report.failures,
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)


def merged(reports: Sequence[Report]) -> Report:
    whole = Report()
    for report in reports:
        whole.rows += report.rows
        whole.ceilings.update(report.ceilings)
        whole.notes += report.notes
        whole.failures += report.failures
    return whole
