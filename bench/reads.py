"""In-process read scenarios: the roster (one page, and every page for each size) through
the GraphQL endpoint over in-process ASGI, and the transcript through ``schema.execute``,
each interleaved with its ceiling. The first, untimed run of each variant answers what is
compared (only ``data``: the API's ``extensions`` report cost), counts statements and
measures memory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from bench.clients import DirectGraphQL, HttpGraphQL
from bench.pairs import Timed, add_timed_pair
from bench.report import Report
from bench.roster import PAGE, Ceiling, api_page, api_walk
from bench.timing import Action, Observed, interleaved, observed, observed_timed
from bench.transcript import TRANSCRIPT_QUERY, answer, person_variables
from core.db import Database
from core.registry import Registry

PAGE_TARGET = 3.0
WALK_TARGET = 4.0


@dataclass(frozen=True)
class Side:
    """One organization's roster as its coordinator reads it: through the API and by hand."""

    size: int
    api: HttpGraphQL
    ceiling: Ceiling


async def _measure(
    database: Database, variants: dict[str, Action], rounds: int
) -> tuple[dict[str, Observed], dict[str, list[float]]]:
    first = {name: await observed(action, database.engine) for name, action in variants.items()}
    return first, await interleaved(variants, rounds=rounds)


def _timed(first: Observed, samples: list[float], statements: str = "") -> Timed:
    """The samples of a scenario, with its first run's when that was timed too."""
    timed = [first.elapsed_ms] if first.elapsed_ms is not None else []
    return Timed(timed + samples, first.peak_mb, statements or str(first.statements))


def _data(body: bytes) -> Any:
    return orjson.loads(body)["data"]


async def roster_page(
    report: Report, backend: str, database: Database, side: Side, rounds: int
) -> None:
    first, samples = await _measure(
        database,
        {"api": lambda: api_page(side.api, None), "ceiling": lambda: side.ceiling.page(None)},
        rounds,
    )
    if _data(first["api"].result) != _data(first["ceiling"].result):
        report.fail(f"roster page {backend}: the API's page differs from the ceiling's")
        return
    add_timed_pair(
        report,
        f"roster page of {PAGE}, N={side.size:,}",
        backend,
        _timed(first["api"], samples["api"]),
        _timed(first["ceiling"], samples["ceiling"]),
        PAGE_TARGET,
    )


def _walk(api: HttpGraphQL) -> Action:
    return lambda: api_walk(api)


async def roster_walks(
    report: Report, backend: str, database: Database, sides: list[Side], rounds: dict[int, int]
) -> None:
    """Every page of each size, smallest first; the statements per page, which must not grow
    with N. The first round is timed too (``observed_timed``): the largest walk is the
    slowest scenario by far."""
    per_page: dict[int, float] = {}
    for side in sides:
        variants = {"api": _walk(side.api), "ceiling": side.ceiling.everyone}
        first = {name: await observed_timed(a, database.engine) for name, a in variants.items()}
        samples = await interleaved(variants, rounds=rounds[side.size] - 1)
        nodes = first["api"].result
        if nodes != _data(first["ceiling"].result)["people"]["nodes"]:
            report.fail(f"roster walk N={side.size} {backend}: the API's pages differ")
            continue
        pages = -(-len(nodes) // PAGE)
        # A page without places has no group to read: the bound per page is what must hold.
        per_page[side.size] = -(-first["api"].statements // pages)
        spent = f"{first['api'].statements} in {pages} pages, <= {per_page[side.size]:g}/page"
        add_timed_pair(
            report,
            f"roster all pages, N={side.size:,}",
            backend,
            _timed(first["api"], samples["api"], spent),
            _timed(first["ceiling"], samples["ceiling"]),
            WALK_TARGET,
        )
    counts = ", ".join(f"N={n:,}: {c:g}" for n, c in per_page.items())
    # A later page may read less (a sign-in reused, people in no group), never more.
    bounded = max(per_page.values()) <= per_page[min(per_page)]
    report.notes.append(
        f"{backend}: API statements per roster page {counts} - "
        + ("never more than the smallest roster's" if bounded else "GROWS with N")
    )


async def transcript_in_process(
    report: Report,
    backend: str,
    database: Database,
    registry: Registry,
    direct: DirectGraphQL,
    viewer: Any,
    person: int,
    rounds: int,
) -> None:
    variables = person_variables(person)

    async def by_hand() -> bytes:
        return orjson.dumps({"data": await answer(database, registry, viewer, person)})

    async def executed() -> bytes:
        return orjson.dumps({"data": await direct(TRANSCRIPT_QUERY, variables)})

    first, samples = await _measure(database, {"api": executed, "ceiling": by_hand}, rounds)
    if _data(first["api"].result) != _data(first["ceiling"].result):
        report.fail(f"transcript {backend}: schema.execute differs from the ceiling")
        return
    add_timed_pair(
        report,
        "transcript in-process (execute)",
        backend,
        _timed(first["api"], samples["api"]),
        _timed(first["ceiling"], samples["ceiling"]),
        None,
    )


def sides(apis: Mapping[int, HttpGraphQL], ceilings: Mapping[int, Ceiling]) -> list[Side]:
    return [Side(n, apis[n], ceilings[n]) for n in sorted(apis)]
