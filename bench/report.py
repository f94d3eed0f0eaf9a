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


CEILINGS = {
    "roster page / all pages": "people, their first ten places with group names, and credit "
    "sums per program: one hand-written statement each on the raw connection, under the same "
    "visibility conditions (core.access), shaped into the API's JSON and orjson.dumps; all "
    "pages: the same three statements once for all N",
    "transcript in-process": "the same judged report and page of entries read by hand "
    "(core.transcripts.service.report, core.credits.repository.entries_between), orjson.dumps",
    "transcript http": "a plain Starlette app (bench/ceiling_app.py) under the same uvicorn: "
    "the same bearer sign-in and reads, orjson; load from a separate process "
    "(bench/loadgen.py, httpx), 1 and 32 kept-alive clients",
    "roster export csv": "one hand-written statement (groups and per-program sums in derived "
    "tables), csv.writer, sent whole by the same Starlette app; the API's document is "
    "checked byte for byte equal",
    "write burst: joinGroup": "the same race by hand: lock the group row, count, insert",
    "write burst: credit awards": "none: checked from the database (each attendance recorded "
    "and credited once, each learner's total exactly what the 12-credit cap allows)",
}
NOTES = (
    "ratio: time rows, API median over ceiling median; rps rows, ceiling rps over API rps; "
    "2 workers, p50 over 1 worker's p50",
    "peak RSS MB: roster page and transcript in-process rows, the peak of Python's heap "
    "during one untimed run (tracemalloc), not RSS; all-pages rows, this process's RSS growth "
    "during the first round (VmHWM after clear_refs minus VmRSS before; tracemalloc would "
    "slow the slowest scenario several times); HTTP transcript rows, the serving "
    "process's VmHWM over the scenario's rounds (the larger worker of two); export rows, the "
    "server's RSS growth while it sent one document (VmHWM after clear_refs minus VmRSS before)",
    "variants interleaved round by round (API, ceiling, API, ...), medians of the rounds; "
    "HTTP loads: median over rounds of each round's rps, p50 and p99",
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
    """Rows, notes, and whether every answer was right."""

    rows: list[Row] = field(default_factory=list)
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
        *(f"- {scenario}: ceiling = {text}" for scenario, text in CEILINGS.items()),
        *(f"- {note}" for note in NOTES),
        *(f"- {note}" for note in report.notes),
    ]
    return "\n".join(lines)


def as_json(report: Report, extra: dict[str, Any]) -> bytes:
    document = {
        **extra,
        "rows": [asdict(row) for row in report.rows],
        "ceilings": CEILINGS,
        "column_notes": NOTES,
        "notes": report.notes,
        "failures": report.failures,
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)


def merged(reports: Sequence[Report]) -> Report:
    whole = Report()
    for report in reports:
        whole.rows += report.rows
        whole.notes += report.notes
        whole.failures += report.failures
    return whole
