"""Keyset paging: one page of a sorted list in one SQL statement, forwards or backwards.

A list is sorted by some columns and, last, its primary key, so every row has a unique
position. A page starts after (or ends before) a position given as the values of those columns,
so it costs the same however deep into the list it is, and rows added meanwhile neither repeat
nor skip an item, which paging by offset would. Sort columns are never null: a null has no
place between positions.

Whether items lie beyond a page is read in the same statement: the page reads one row more
than it shows, and a probe of one row looks behind the cursor the page starts from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

# The columns a page's statement adds to each row: its rank from the page's reading end, and
# whether it is the probe behind the cursor rather than an item of the page.
RANK, PROBE = "keyset_rank", "keyset_probe"


@dataclass(frozen=True)
class Sort:
    """One column a list is sorted by."""

    column: Any
    descending: bool = False


def by_key(model: Any) -> tuple[Sort, ...]:
    """The order of a list sorted by nothing but its primary key: the order rows were added."""
    return (Sort(model.id),)


@dataclass(frozen=True)
class Slice:
    """Which rows one page holds: ``size`` of them from the start of the part of the list
    between the positions ``after`` and ``before`` (each a row's sort values), or from its end
    when ``from_end``."""

    size: int
    after: tuple[Any, ...] | None = None
    before: tuple[Any, ...] | None = None
    from_end: bool = False


@dataclass(frozen=True)
class Page:
    """The rows of a page in list order, and whether the list goes on past either end."""

    rows: list[Any]
    has_next: bool
    has_previous: bool


def position(row: Any, order: Sequence[Sort]) -> tuple[Any, ...]:
    """Where a row stands in a list sorted by ``order``: what a cursor holds."""
    return tuple(getattr(row, sort.column.name) for sort in order)


def _past(order: Sequence[Sort], values: tuple[Any, ...], *, forward: bool) -> ColumnElement[bool]:
    """Rows strictly past ``values`` (after it when ``forward``, before it otherwise): equal on
    the first columns and past it on the next, for each column in turn."""
    conditions = []
    for i, sort in enumerate(order):
        later = forward != sort.descending
        past = sort.column > values[i] if later else sort.column < values[i]
        equal = [s.column == v for s, v in zip(order[:i], values, strict=False)]
        conditions.append(and_(*equal, past))
    return or_(*conditions)


def _sorted(order: Sequence[Sort], *, reverse: bool, columns: Any = None) -> list[Any]:
    """ORDER BY terms of ``order`` (reversed when reading from the end), on the table's columns
    or on those of the same name in ``columns``."""
    terms = []
    for sort in order:
        column = sort.column if columns is None else columns[sort.column.name]
        terms.append(column.desc() if sort.descending != reverse else column.asc())
    return terms


def _bounded(statement: Select[Any], order: Sequence[Sort], window: Slice) -> Select[Any]:
    if window.after is not None:
        statement = statement.where(_past(order, window.after, forward=True))
    if window.before is not None:
        statement = statement.where(_past(order, window.before, forward=False))
    return statement


def _probe_cursor(window: Slice) -> tuple[tuple[Any, ...], bool] | None:
    """The cursor the page starts from, and whether the rows behind it are those past it
    forwards: after ``after`` a page read forwards asks whether any row is at or before it
    (hasPreviousPage), before ``before`` one read backwards whether any is at or after it
    (hasNextPage)."""
    if window.from_end:
        return None if window.before is None else (window.before, False)
    return None if window.after is None else (window.after, True)


def _ranked(
    statement: Select[Any], order: Sequence[Sort], window: Slice, partition: Any | None, size: int
) -> Select[Any]:
    """The first ``size`` rows of ``statement`` (per partition) in the page's reading order,
    each with its rank in that order."""
    if partition is None:
        # A plain ORDER BY ... LIMIT lets the database stop at the page's end.
        reading = _sorted(order, reverse=window.from_end)
        rows = statement.order_by(*reading).limit(size).subquery()
        rank = func.row_number().over(
            order_by=_sorted(order, reverse=window.from_end, columns=rows.c)
        )
        return select(rows, rank.label(RANK))
    rank = func.row_number().over(
        partition_by=partition, order_by=_sorted(order, reverse=window.from_end)
    )
    rows = statement.add_columns(rank.label(RANK)).subquery()
    return select(rows).where(rows.c[RANK] <= size)


def _statement(
    statement: Select[Any], order: Sequence[Sort], window: Slice, partition: Any | None
) -> Select[Any]:
    """The page's rows and one more (per partition), ranked from the page's reading end, and,
    when the page starts from a cursor, a probe row marked ``PROBE`` if any row lies behind
    that cursor: all in one statement."""
    page = _ranked(_bounded(statement, order, window), order, window, partition, window.size + 1)
    page = page.add_columns(literal(False).label(PROBE))
    probe_at = _probe_cursor(window)
    if probe_at is None:
        return page
    values, forward = probe_at
    behind = statement.where(~_past(order, values, forward=forward))
    probe = _ranked(behind, order, window, partition, 1).add_columns(literal(True).label(PROBE))
    return union_all(page, probe)  # type: ignore[return-value]


def _page(rows: list[Any], window: Slice) -> Page:
    found = sorted((r for r in rows if not getattr(r, PROBE)), key=lambda r: getattr(r, RANK))
    beyond, behind = len(found) > window.size, any(getattr(r, PROBE) for r in rows)
    shown = found[: window.size]
    if window.from_end:
        return Page(rows=shown[::-1], has_next=behind, has_previous=beyond)
    return Page(rows=shown, has_next=beyond, has_previous=behind)


async def keyset_page(
    session: AsyncSession, statement: Select[Any], order: Sequence[Sort], window: Slice
) -> Page:
    """One page of ``statement`` (rows of one table) sorted by ``order``."""
    rows = (await session.execute(_statement(statement, order, window, None))).all()
    return _page(list(rows), window)


async def keyset_pages(
    session: AsyncSession,
    statement: Select[Any],
    order: Sequence[Sort],
    window: Slice,
    column: Any,
    keys: Sequence[Any],
) -> list[Page]:
    """The same page of each key's rows (those whose ``column`` is the key): the lists of every
    parent on a page of parents, in one statement however many parents there are."""
    if not keys:
        return []
    scoped = statement.where(column.in_(keys))
    rows = (await session.execute(_statement(scoped, order, window, column))).all()
    found: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        found[getattr(row, column.name)].append(row)
    return [_page(found[key], window) for key in keys]
