"""Benchmarks of the coordinator roster, a physician's transcript and capacity-bound joins;
never part of the tests.

``python -m bench [--postgres] [--people N]`` builds a fresh, migrated database (a temporary
SQLite file; with ``--postgres`` also a PostgreSQL database it creates and drops), bulk-loads a
roster with plain SQLAlchemy Core inserts (one organization, 10,000 family physicians, 800
groups of 12 active members, role assignments) and prints median and p95 milliseconds of:

- the coordinator roster through the real GraphQL HTTP API (100 groups x 12 members with each
  member's person), against the same dicts built by two hand-written SELECTs on the same engine;
- the same roster through ``schema.execute`` without HTTP, to tell transport from execution;
- a ``people(first: 100)`` page through GraphQL against one SELECT;
- one physician's own transcript (a College cycle, 48 ledger entries across three programs,
  four self-reported credits) through GraphQL over HTTP and through ``schema.execute``, against
  a plain Starlette endpoint doing the same database work (the same sign-in, the same judged
  report and page of entries) and answering the same JSON: the issue's HTTP ceiling;
- N concurrent ``joinGroup`` mutations over groups of capacity 12 (more requests than places),
  against the same lock-count-insert done by hand, reporting requests/second and checking that
  no group ends above its capacity.

Why: ARCHITECTURE.md ("Performance by design") measured a prototype of this roster on SQLite
with 10,000 people at 84x hand-written SQL with per-field resolvers that query, 17x with
DataLoaders, and 6x when lists fetch their relations in batch into plain fields. The ratio
column is the figure to hold against those targets, and the statements-per-request column is
the invariant behind them: it must not grow with the number of items on a page.
"""
