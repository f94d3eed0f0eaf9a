"""Benchmarks of the requests that carry peerlearn's load, each beside its ceiling; never
part of the tests (``make bench``, ``python -m bench --help``).

Why: issue 17 sets targets as ratios to a ceiling, the same database work done by hand in the
same run (hand-written SQL on the raw connection plus orjson, or a plain Starlette endpoint
under the same uvicorn). A ratio only means something when both answer the same bytes (checked
before timing), run interleaved on the same machine at the same moment, on a database with
planner statistics (ANALYZE), with the API reached the way a client reaches it.

Modules, one job each: ``backends`` (fresh databases), ``dataset`` (bulk load), ``roster``,
``export``, ``transcript`` (each scenario's request and ceiling), ``ceiling_app`` (the HTTP
ceiling), ``servers`` (uvicorn subprocesses), ``loadgen`` (the load-generating process),
``reads`` and ``http_bench`` (measuring in process and over HTTP), ``writes`` (the write
bursts and their checks), ``timing``, ``pairs`` and ``report`` (figures, targets, table),
``run`` (one backend) and ``__main__`` (the command).
"""
