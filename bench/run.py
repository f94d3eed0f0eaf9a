"""One backend's run: migrate, load, ANALYZE, then the in-process reads, the HTTP scenarios
against servers in subprocesses, and the write burst (which changes the data, so it is last)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import httpx

from bench import http_bench, reads, writes
from bench.backends import BENCH_SECRET, analyze, bench_settings, migrated
from bench.clients import DirectGraphQL, HttpGraphQL
from bench.dataset import Roster, load_roster
from bench.report import Report, Row
from bench.roster import Ceiling
from bench.servers import api_command, ceiling_command, free_port, serving
from bench.transcript import TRANSCRIPT_QUERY, load_transcript, person_variables
from bench.writes import Burst
from core.access import load_viewer
from core.app import create_app
from core.db import Database
from core.registry import CORE_SLUG
from core.tokens import mint_token


@dataclass(frozen=True)
class Options:
    sizes: tuple[int, ...] = (100, 1_000, 10_000)
    rounds: int = 10
    # Timed walks of every page per roster size (the largest is the slowest scenario by far).
    walk_rounds: tuple[int, ...] = (5, 2, 1)
    export_rounds: int = 3
    http_rounds: int = 3
    http_seconds: float = 1.0
    joins: int = 200
    workers: tuple[int, ...] = (1,)


def progress(backend: str, step: str) -> None:
    """A line on stderr as each step starts, so a long run shows where it is."""
    print(f"   {time.strftime('%H:%M:%S')} {backend}: {step}", file=sys.stderr, flush=True)


def people_needed(requests: int) -> int:
    """The coordinator, a physician, two sets of joiners, the learners (each attends
    ``writes.CALLS`` calls, so the awards are as many as the joins) and, from the end of the
    roster, the people already in the join groups."""
    groups = max(requests // 10, 1)
    return 2 + 2 * requests + requests // writes.CALLS + groups * writes.PREFILLED


def token(person_id: int) -> str:
    return mint_token(BENCH_SECRET, person_id, timedelta(hours=2))


async def _load(
    database: Database, programs: list[str], sizes: tuple[int, ...]
) -> dict[int, Roster]:
    return {n: await load_roster(database.engine, n, programs, f"n{n}") for n in sizes}


async def run_backend(backend: str, database_url: str, options: Options) -> Report:
    report = Report()
    settings = bench_settings(database_url)
    started = time.perf_counter()
    async with migrated(settings) as (database, registry):
        migrated_s = time.perf_counter() - started
        programs = [slug for slug in registry.slugs if slug != CORE_SLUG]
        progress(backend, "loading")
        rosters = await _load(database, programs, options.sizes)
        largest = rosters[max(rosters)]
        physician = largest.person_ids[1]
        await load_transcript(database.engine, physician, largest.organization_id)
        await analyze(database)
        loaded_s = time.perf_counter() - started - migrated_s
        report.notes.append(
            f"{backend}: migrated in {migrated_s:.1f} s; loaded {sum(options.sizes):,} people "
            f"with credits in {len(programs)} programs and ANALYZEd in {loaded_s:.1f} s"
        )
        app = create_app(settings, registry=registry, database=database)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            apis, ceilings = {}, {}
            for n, roster in rosters.items():
                apis[n] = HttpGraphQL(
                    http, {"Authorization": f"Bearer {token(roster.coordinator)}"}
                )
                async with database.read() as session:
                    viewer = await load_viewer(session, roster.coordinator)
                ceilings[n] = Ceiling(database.engine, viewer)
            sides = reads.sides(apis, ceilings)
            progress(backend, "roster page")
            await reads.roster_page(report, backend, database, sides[-1], options.rounds)
            progress(backend, "roster walks")
            walk_rounds = dict(zip(options.sizes, options.walk_rounds, strict=False))
            await reads.roster_walks(report, backend, database, sides, walk_rounds)
            async with database.read() as session:
                viewer = await load_viewer(session, physician)
            direct = DirectGraphQL(app.state.schema, database, registry, settings, viewer)
            progress(backend, "transcript in-process")
            await reads.transcript_in_process(
                report, backend, database, registry, direct, viewer, physician, options.rounds
            )
            progress(backend, "servers, transcript over HTTP, export")
            await _http(report, backend, database_url, options, rosters, physician)
            progress(backend, "write bursts")
            cap = registry.formulas[writes.COP_CALL].caps[0].limit
            await _writes(report, backend, database, http, largest, options, cap)
    return report


async def _http(
    report: Report,
    backend: str,
    database_url: str,
    options: Options,
    rosters: dict[int, Roster],
    physician: int,
) -> None:
    commands = {
        ("api" if workers == 1 else f"api-{workers}"): api_command(free_port(), workers)
        for workers in options.workers
    }
    commands["ceiling"] = ceiling_command(free_port())
    async with serving(commands, database_url) as servers:
        targets = http_bench.transcript_targets(
            servers, TRANSCRIPT_QUERY, person_variables(physician), token(physician), physician
        )
        if not await http_bench.same_transcript(targets):
            report.fail(f"transcript http {backend}: the API's answer differs from the ceiling's")
            return
        for clients in (1, 32):
            chosen = targets if clients == 1 else {k: targets[k] for k in ("api", "ceiling")}
            loads = await http_bench.load_rounds(
                chosen, clients, options.http_rounds, options.http_seconds
            )
            http_bench.add_load_rows(report, backend, clients, loads)
        await http_bench.export_scenario(
            report,
            backend,
            servers,
            {n: (r.organization_id, token(r.coordinator)) for n, r in rosters.items()},
            options.export_rounds,
        )


def _burst_row(scenario: str, backend: str, variant: str, found: Burst, **judged: object) -> Row:
    return Row(
        scenario=scenario,
        backend=backend,
        variant=variant,
        median_ms=sorted(found.latencies_ms)[len(found.latencies_ms) // 2],
        rps=found.rps,
        statements=f"{found.statements / len(found.latencies_ms):.1f}/req",
        **judged,  # type: ignore[arg-type]
    )


async def _writes(
    report: Report,
    backend: str,
    database: Database,
    http: httpx.AsyncClient,
    roster: Roster,
    options: Options,
    cap: Decimal,
) -> None:
    engine = database.engine
    staff = HttpGraphQL(http, {"Authorization": f"Bearer {token(roster.coordinator)}"})
    joiners = roster.person_ids[2 : 2 + 2 * options.joins]
    by_hand = await writes.join_groups(engine, roster, joiners[: options.joins], "By hand")
    through_api = await writes.join_groups(engine, roster, joiners[options.joins :], "API")
    sql = await writes.burst(engine, [writes.sql_join(database, g, p) for g, p in by_hand])
    api = await writes.burst(engine, [writes.api_join(staff, g, p) for g, p in through_api])
    scenario = f"write burst: {options.joins} joinGroup, {writes.CLIENTS} clients"
    problems = [
        await writes.joins_held(engine, by_hand),
        await writes.joins_held(engine, through_api),
    ]
    held = not any(problems)
    report.rows.append(
        _burst_row(
            scenario, backend, "api", api, ratio=sql.rps / api.rps, target="capacity held", met=held
        )
    )
    report.rows.append(_burst_row(scenario, backend, "ceiling", sql))
    for problem in filter(None, problems):
        report.fail(f"{scenario} {backend}: {problem}")

    learners = roster.person_ids[2 + 2 * options.joins :][: options.joins // writes.CALLS]

    def as_person(person_id: int) -> HttpGraphQL:
        return HttpGraphQL(http, {"Authorization": f"Bearer {token(person_id)}"})

    calls = await writes.prepare_calls(staff, as_person, roster.organization_id, learners)
    attendance = calls.attendance()
    awarded = await writes.burst(engine, [writes.api_attend(staff, c, p) for c, p in attendance])
    trouble = await writes.awards_held(engine, calls, cap)
    scenario = f"write burst: {len(attendance)} credit awards, {writes.CLIENTS} clients"
    report.rows.append(
        _burst_row(
            scenario,
            backend,
            "api",
            awarded,
            target="none lost/twice, cap held",
            met=trouble is None,
        )
    )
    if awarded.refusals:
        report.notes.append(f"{scenario} {backend}: refused {dict(awarded.refusals)}")
    if trouble is not None:
        report.fail(f"{scenario} {backend}: {trouble}")
