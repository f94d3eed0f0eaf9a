"""Statements every domain's repository needs: rows by key, in key order, for the loaders, and
the ORM instances a service changes (one by key, new ones added, one deleted).

The loaders' reads return plain rows from the model's table, not ORM instances: the API only
reads them, and building an ORM object per row costs several times the query on a roster of a
thousand people. Each returns results in the order of the keys it was given (``None`` or ``[]``
for keys with nothing), which is what a DataLoader's batch function must return."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast, overload

from sqlalchemy import ColumnElement, CursorResult, Result, Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.access import VISIBILITY, Viewer
from core.errors import NotFound
from core.not_found import no_such

Row = TypeVar("Row")


@overload
async def find(session: AsyncSession, model: type[Row], pk: int) -> Row | None: ...


@overload
async def find(session: AsyncSession, model: type[Row], pk: int, *, missing: str) -> Row: ...


async def find(
    session: AsyncSession, model: type[Row], pk: int, *, missing: str | None = None
) -> Row | None:
    """The instance a service reads and changes, from the session when it holds it already (no
    statement then); None when there is no such row, or :class:`~core.errors.NotFound` naming
    it when ``missing`` says what it is, as :func:`core.locks.lock_row` does."""
    row = await session.get(model, pk)
    if row is None and missing is not None:
        raise NotFound(no_such(missing))
    return row


async def add(session: AsyncSession, row: Row) -> Row:
    """Write the row now, so it has its key (and the database's defaults) for what follows."""
    session.add(row)
    await session.flush()
    return row


async def add_all(session: AsyncSession, rows: Iterable[Row]) -> list[Row]:
    """Write the rows at once: one flush, however many."""
    added = list(rows)
    session.add_all(added)
    await session.flush()
    return added


async def remove(session: AsyncSession, row: object) -> None:
    await session.delete(row)
    await session.flush()


async def rows_by_id(
    session: AsyncSession, model: Any, ids: Sequence[int], where: ColumnElement[bool] | None = None
) -> list[Any]:
    """Rows by primary key (only those meeting ``where``, when given)."""
    statement = select(model.__table__).where(model.id.in_(ids))
    if where is not None:
        statement = statement.where(where)
    found = {row.id: row for row in (await session.execute(statement)).all()}
    return [found.get(pk) for pk in ids]


async def by_id(session: AsyncSession, ids: Sequence[int], model: Any) -> list[Any]:
    """Rows by primary key, unfiltered: for relations of an object already shown."""
    return await rows_by_id(session, model, ids)


async def visible_by_id(
    session: AsyncSession, ids: Sequence[int], model: Any, viewer: Viewer
) -> list[Any]:
    """Rows by primary key that the viewer may see; ``None`` for the others."""
    return await rows_by_id(session, model, ids, VISIBILITY[model](viewer))


async def grouped(
    session: AsyncSession, statement: Select[Any], column: Any, keys: Sequence[int]
) -> list[list[Any]]:
    """The rows of ``statement`` whose ``column`` is one of ``keys``, one list per key, in the
    statement's order."""
    rows = (await session.execute(statement.where(column.in_(keys)))).all()
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[getattr(row, column.key)].append(row)
    return [found[key] for key in keys]


async def grouped_by(
    session: AsyncSession, model: Any, column: Any, keys: Sequence[int]
) -> list[list[Any]]:
    """Every row of ``model`` per key of ``column``, oldest first."""
    return await grouped(session, select(model.__table__).order_by(model.id), column, keys)


async def insert_if_absent(
    session: AsyncSession, model: Any, values: dict[str, Any], key: Sequence[str]
) -> bool:
    """Add a row unless one with the same values of ``key`` (a unique index) exists already:
    ``INSERT ... ON CONFLICT DO NOTHING`` on both databases, so concurrent writers of the same
    row make exactly one, the others wait for it and add nothing. True if this call added it."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=key)
    return bool(rows_affected(await session.execute(statement)))


def rows_affected(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE touched. SQLAlchemy returns a ``CursorResult``
    for them, but types ``execute`` as returning the plain ``Result``, which has no count."""
    return cast("CursorResult[Any]", result).rowcount
