"""One benchmark run against one database: migrate, load, then time reads and writes."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx

from bench.backends import BENCH_SECRET, core_settings, migrated
from bench.dataset import COORDINATORS, MEMBERS_PER_GROUP, Roster, load_roster
from bench.reads import (
    PAGE,
    PEOPLE_QUERY,
    ROSTER_QUERY,
    DirectGraphQL,
    HttpGraphQL,
    people_nodes,
    people_sql,
    roster_nodes,
    roster_sql,
)
from bench.timing import Result, count_statements, measure
from bench.transcript import (
    TRANSCRIPT_QUERY,
    CeilingClient,
    ceiling_app,
    load_transcript,
    person_variables,
)
from bench.writes import Outcome, graphql_join, run_joins, sql_join
from core.access import load_viewer
from core.app import create_app
from core.db import Database
from core.registry import Registry
from core.settings import Settings
from core.tokens import mint_token

Fetch = Callable[[], Awaitable[list[dict[str, Any]]]]


@dataclass(frozen=True)
class Options:
    people: int = 10_000
    groups: int = 800
    repeat: int = 30
    warmup: int = 3
    joins: int = 200
    write_groups: int = 20
    write_rounds: int = 3


@dataclass
class Report:
    backend: str
    notes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    capacity_held: bool = True


class Mismatch(AssertionError):
    """GraphQL and the hand-written SQL disagree, so their timings would not be comparable."""


async def _verify(name: str, expected: list[dict[str, Any]], fetch: Fetch) -> None:
    if await fetch() != expected:
        raise Mismatch(f"{name} does not return what the hand-written SQL returns")


async def _time(
    name: str, fetch: Fetch, database: Database, options: Options, baseline: str | None
) -> Result:
    statements = await count_statements(database.engine, fetch)
    samples = await measure(fetch, repeat=options.repeat, warmup=options.warmup)
    return Result(name, samples, baseline=baseline, statements=statements)


async def _compare(
    label: str,
    sql: Fetch,
    apis: dict[str, Fetch],
    database: Database,
    options: Options,
    ceiling: str = "sql",
) -> list[Result]:
    """Time the baseline (hand-written SQL, or ``ceiling``), then each API variant after
    checking it returns the same."""
    baseline = f"{label} {ceiling} (baseline)"
    expected = await sql()
    results = [await _time(baseline, sql, database, options, None)]
    for variant, fetch in apis.items():
        await _verify(f"{label} {variant}", expected, fetch)
        results.append(await _time(f"{label} {variant}", fetch, database, options, baseline))
    return results


async def read_benchmarks(
    http: HttpGraphQL, direct: DirectGraphQL, database: Database, options: Options
) -> list[Result]:
    engine = database.engine
    page = {"first": PAGE}

    async def roster_http() -> list[dict[str, Any]]:
        return roster_nodes(await http(ROSTER_QUERY, page))

    async def roster_direct() -> list[dict[str, Any]]:
        return roster_nodes(await direct(ROSTER_QUERY, page))

    async def people_http() -> list[dict[str, Any]]:
        return people_nodes(await http(PEOPLE_QUERY, page))

    async def people_direct() -> list[dict[str, Any]]:
        return people_nodes(await direct(PEOPLE_QUERY, page))

    roster = await _compare(
        "roster",
        lambda: roster_sql(engine),
        {"graphql http": roster_http, "graphql execute": roster_direct},
        database,
        options,
    )
    people = await _compare(
        "people",
        lambda: people_sql(engine),
        {"graphql http": people_http, "graphql execute": people_direct},
        database,
        options,
    )
    return roster + people


async def transcript_benchmarks(
    app: Any,
    database: Database,
    registry: Registry,
    settings: Settings,
    roster: Roster,
    options: Options,
) -> list[Result]:
    """A physician (not a coordinator) opens their own transcript."""
    physician = roster.person_ids[COORDINATORS]
    await load_transcript(database.engine, physician, roster.organization_id)
    headers = {"Authorization": f"Bearer {mint_token(BENCH_SECRET, physician, timedelta(hours=1))}"}
    async with database.read() as session:
        viewer = await load_viewer(session, physician)
    direct = DirectGraphQL(app.state.schema, database, registry, settings, viewer)
    variables = person_variables(physician)
    ceiling = httpx.ASGITransport(app=ceiling_app(database, registry, settings))
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as api,
        httpx.AsyncClient(transport=ceiling, base_url="http://bench") as plain,
    ):
        http, starlette = HttpGraphQL(api, headers), CeilingClient(plain, headers)

        async def by_hand() -> Any:
            return await starlette(physician)

        async def over_http() -> Any:
            return await http(TRANSCRIPT_QUERY, variables)

        async def executed() -> Any:
            return await direct(TRANSCRIPT_QUERY, variables)

        return await _compare(
            "transcript",
            by_hand,
            {"graphql http": over_http, "graphql execute": executed},
            database,
            options,
            ceiling="starlette http",
        )


def _join_result(name: str, outcome: Outcome, baseline: str | None) -> Result:
    return Result(
        name,
        outcome.latencies_ms,
        baseline=baseline,
        statements=outcome.statements / outcome.requests,
        per_second=outcome.requests / outcome.wall_s,
    )


async def write_benchmarks(
    http: HttpGraphQL, database: Database, roster: Roster, options: Options, report: Report
) -> None:
    shape = {
        "joins": options.joins,
        "groups": options.write_groups,
        "rounds": options.write_rounds,
    }
    by_hand = await run_joins(database.engine, roster, sql_join(database), label="SQL", **shape)
    api = await run_joins(database.engine, roster, graphql_join(http), label="API", **shape)
    baseline = f"joinGroup sql x{options.joins} (baseline)"
    report.results.append(_join_result(baseline, by_hand, None))
    report.results.append(_join_result(f"joinGroup http x{options.joins}", api, baseline))
    for name, outcome in (("sql", by_hand), ("graphql", api)):
        verdict = "ok" if outcome.within_capacity else "CAPACITY EXCEEDED"
        report.notes.append(
            f"joins {name}: {outcome.summary()} over {options.write_rounds} rounds - {verdict}"
        )
        report.capacity_held &= outcome.within_capacity


async def run_backend(backend: str, database_url: str, options: Options) -> Report:
    report = Report(backend)
    settings = core_settings(database_url)
    started = time.perf_counter()
    async with migrated(settings) as (database, registry):
        migrated_s = time.perf_counter() - started
        roster = await load_roster(database.engine, options.people, options.groups)
        report.notes.append(
            f"migrated in {migrated_s:.1f} s; loaded {options.people} people, "
            f"{options.groups} groups x {MEMBERS_PER_GROUP} members in "
            f"{time.perf_counter() - started - migrated_s:.1f} s"
        )
        app = create_app(settings, registry=registry, database=database)
        transport = httpx.ASGITransport(app=app)
        # The roster is read as a coordinator of the division would read it, through the
        # same token check and visibility rules as any request.
        coordinator = roster.person_ids[0]
        async with database.read() as session:
            viewer = await load_viewer(session, coordinator)
        token = mint_token(BENCH_SECRET, coordinator, timedelta(hours=1))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            http = HttpGraphQL(client, {"Authorization": f"Bearer {token}"})
            direct = DirectGraphQL(app.state.schema, database, registry, settings, viewer)
            report.results += await read_benchmarks(http, direct, database, options)
            report.results += await transcript_benchmarks(
                app, database, registry, settings, roster, options
            )
            await write_benchmarks(http, database, roster, options, report)
    return report
