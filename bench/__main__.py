"""``python -m bench``: every scenario on SQLite, then on PostgreSQL (unless it cannot be
reached or ``--no-postgres``); a markdown table, or with ``--json`` the same as JSON (and the
table on stderr). Exit 1 only when an
answer was wrong (a mismatch with the ceiling, a lost or duplicated write, a broken cap)."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from bench.backends import DEFAULT_POSTGRES, PostgresUnavailable, postgres_url, sqlite_url
from bench.report import Report, as_json, markdown, merged
from bench.run import Options, people_needed, run_backend

POSTGRES_ENV = "PEERLEARN_BENCH_POSTGRES_URL"
SIZES = (100, 1_000)


def parse(argv: list[str]) -> tuple[argparse.Namespace, Options]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--people", type=int, help="largest roster (default 10,000; --quick 1,000)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds, shorter loads")
    parser.add_argument("--joins", type=int, default=200, help="requests per write burst")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES),
        help=f"server to create the database on (default: ${POSTGRES_ENV} or {DEFAULT_POSTGRES})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    people = args.people or (1_000 if args.quick else 10_000)
    if not 10 <= people <= 10_000 or args.joins < 10:
        parser.error("--people must be 10 to 10,000 and --joins at least 10")
    if people_needed(args.joins) > people:
        parser.error(f"the write bursts need {people_needed(args.joins)} people; raise --people")
    sizes = (*(n for n in SIZES if n < people), people)
    if args.quick:
        options = Options(
            sizes,
            rounds=5,
            walk_rounds=(1, 1, 1),
            export_rounds=2,
            http_rounds=1,
            http_seconds=0.5,
            joins=args.joins,
        )
    else:
        options = Options(sizes, joins=args.joins)
    return args, options


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "unknown"


async def _backend(
    name: str,
    database: Callable[[], AbstractAsyncContextManager[str]],
    options: Options,
) -> Report:
    started = time.perf_counter()
    print(f"== {name}: sizes {', '.join(f'{n:,}' for n in options.sizes)}", file=sys.stderr)
    async with database() as url:
        report = await run_backend(name, url, options)
    print(f"== {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return report


async def main(argv: list[str]) -> int:
    args, options = parse(argv)
    started = time.perf_counter()
    reports = [await _backend("sqlite", sqlite_url, options)]
    notes: list[str] = []
    if args.no_postgres:
        notes.append("PostgreSQL skipped (--no-postgres)")
    else:
        postgres = Options(**{**options.__dict__, "workers": (1, 2)})
        try:
            reports.append(
                await _backend("postgresql", lambda: postgres_url(args.postgres_url), postgres)
            )
        except PostgresUnavailable as error:
            notes.append(f"PostgreSQL unreachable ({error}): SQLite only")
            print(notes[-1], file=sys.stderr)
    report = merged(reports)
    report.notes[:0] = notes
    wall = time.perf_counter() - started
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    report.notes.append(
        f"wall time {wall:.0f} s at commit {commit()}; load average at the end {load} "
        f"on {os.cpu_count()} CPUs"
    )
    if args.json:
        print(markdown(report), file=sys.stderr)
        sys.stdout.write(as_json(report, {"commit": commit(), "wall_s": wall}).decode() + "\n")
    else:
        print(markdown(report))
    return 1 if report.failures else 0


def run(argv: list[str]) -> int:
    return asyncio.run(main(argv))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
