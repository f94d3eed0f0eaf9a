"""``python -m bench``: run the benchmarks on SQLite (and PostgreSQL with ``--postgres``)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

from bench.backends import DEFAULT_POSTGRES, postgres_url, sqlite_url
from bench.report import table
from bench.run import Options, Report, run_backend
from bench.writes import PREFILLED

POSTGRES_ENV = "PEERLEARN_BENCH_POSTGRES_URL"


def parse(argv: list[str]) -> tuple[argparse.Namespace, Options]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--people", type=int, default=10_000, help="people to load")
    parser.add_argument("--groups", type=int, help="roster groups (default: 8%% of people)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per read benchmark")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs before timing")
    parser.add_argument("--joins", type=int, default=200, help="concurrent joinGroup requests")
    parser.add_argument("--write-groups", type=int, default=20, help="groups the joins target")
    parser.add_argument("--write-rounds", type=int, default=3, help="races per join benchmark")
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES),
        help=f"server to create the database on (default: ${POSTGRES_ENV} or {DEFAULT_POSTGRES})",
    )
    args = parser.parse_args(argv)
    if args.people < 12 or args.repeat < 1 or args.joins < 1 or args.write_groups < 1:
        parser.error("--people must be at least 12; --repeat, --joins, --write-groups at least 1")
    if args.joins + args.write_groups * PREFILLED > args.people:
        parser.error(
            f"--joins plus {PREFILLED} members per write group must not exceed --people "
            f"({args.joins + args.write_groups * PREFILLED} > {args.people})"
        )
    options = Options(
        people=args.people,
        groups=args.groups if args.groups is not None else max(args.people * 8 // 100, 1),
        repeat=args.repeat,
        warmup=args.warmup,
        joins=args.joins,
        write_groups=args.write_groups,
        write_rounds=args.write_rounds,
    )
    return args, options


def show(report: Report, elapsed_s: float) -> None:
    print(f"\n== {report.backend} ({elapsed_s:.0f} s) ==")
    for note in report.notes:
        print(f"  {note}")
    print(table(report.results))


async def main(argv: list[str]) -> int:
    args, options = parse(argv)
    print(
        f"peerlearn bench: {options.people} people, {options.groups} groups, "
        f"{options.repeat} runs per read, {options.joins} joins x {options.write_rounds} rounds"
    )
    reports: list[Report] = []
    started = time.perf_counter()
    async with sqlite_url() as url:
        reports.append(await run_backend("sqlite", url, options))
    show(reports[-1], time.perf_counter() - started)
    if args.postgres:
        started = time.perf_counter()
        async with postgres_url(args.postgres_url) as url:
            reports.append(await run_backend("postgresql", url, options))
        show(reports[-1], time.perf_counter() - started)
    print(
        "\nratio: read rows, median / SQL median; joinGroup rows, SQL req/s / API req/s."
        "\nARCHITECTURE.md targets for the roster: per-field SQL 84x, DataLoaders 17x, "
        "batched plain fields 6x."
    )
    return 0 if all(r.capacity_held for r in reports) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
