"""Rows of the report from a scenario's API and ceiling measurements, with the issue's target
judged (never asserted)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.report import Report, Row
from bench.timing import median, percentile

RSS_TARGET = 2.0
# Below this growth both sides are within the allocator's granularity: no ratio is read.
RSS_NOISE_MB = 2.0


@dataclass(frozen=True)
class Timed:
    """One variant of an in-process or single-client scenario: its samples and peak RSS."""

    samples_ms: list[float]
    peak_rss_mb: float | None = None
    statements: str = ""


def rss_within(api: float | None, ceiling: float | None) -> bool | None:
    if api is None or ceiling is None:
        return None
    if api <= RSS_NOISE_MB:
        return True
    return api <= RSS_TARGET * max(ceiling, RSS_NOISE_MB)


def add_timed_pair(
    report: Report,
    scenario: str,
    backend: str,
    api: Timed,
    ceiling: Timed,
    limit: float | None,
) -> None:
    """Two rows: the API with its median over the ceiling's, judged against ``limit`` (the
    issue's target, when it sets one), then the ceiling."""
    ratio = median(api.samples_ms) / median(ceiling.samples_ms)
    memory = rss_within(api.peak_rss_mb, ceiling.peak_rss_mb)
    for variant, timed in (("api", api), ("ceiling", ceiling)):
        is_api = variant == "api"
        report.rows.append(
            Row(
                scenario=scenario,
                backend=backend,
                variant=variant,
                median_ms=median(timed.samples_ms),
                p50_ms=percentile(timed.samples_ms, 50),
                p99_ms=percentile(timed.samples_ms, 99),
                ratio=ratio if is_api else None,
                target=f"<= {limit:g}x; RSS <= {RSS_TARGET:g}x" if is_api and limit else "",
                met=(ratio <= limit and memory is not False) if is_api and limit else None,
                statements=timed.statements,
                peak_rss_mb=timed.peak_rss_mb,
            )
        )
