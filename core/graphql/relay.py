"""Relay conventions: global IDs, the ``Node`` interface and cursor connections.

Global IDs are plain attributes set when an object is built (no per-item resolver), and
connections page with keyset cursors over the primary key, so a page costs one query however
deep into the list it is.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import BadUserInput, NotFound
from core.graphql.context import Info

T = TypeVar("T")
_CURSOR_PREFIX = "cursor:"


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def from_global_id(value: str) -> tuple[str, int]:
    """Split a global ID into its type name and primary key, or refuse it as bad input."""
    try:
        decoded = base64.urlsafe_b64decode(value.encode()).decode()
        type_name, _, pk = decoded.partition(":")
        if not type_name or not pk.isdigit():
            raise ValueError(value)
        return type_name, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadUserInput(f"{value!r} is not a valid ID.") from None


def decode_id(value: str, type_name: str) -> int:
    """The primary key of a global ID that must name an object of ``type_name``."""
    actual, pk = from_global_id(value)
    if actual != type_name:
        raise NotFound(f"No {type_name} with ID {value!r}.")
    return pk


@strawberry.interface(description="An object with a globally unique ID.")
class Node:
    id: strawberry.ID


@strawberry.type(description="Information to aid in pagination.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="An item and the cursor to page after it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list that can grow.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{pk}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode()).decode()
        if decoded.startswith(_CURSOR_PREFIX) and decoded[len(_CURSOR_PREFIX) :].isdigit():
            return int(decoded[len(_CURSOR_PREFIX) :])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        pass
    raise BadUserInput(f"{cursor!r} is not a valid cursor.")


async def paginate(
    session: AsyncSession,
    statement: Select[Any],
    id_column: Any,
    *,
    first: int,
    after: str | None,
    max_page_size: int,
    build: Callable[[Any], T],
) -> Connection[T]:
    """One page of ``statement`` ordered by ``id_column``, plus whether more follow."""
    if first < 0 or first > max_page_size:
        raise BadUserInput(f"first must be between 0 and {max_page_size}.")
    if after is not None:
        statement = statement.where(id_column > decode_cursor(after))
    rows: Sequence[Any] = (
        await session.scalars(statement.order_by(id_column).limit(first + 1))
    ).all()
    page = rows[:first]
    edges = [Edge(cursor=encode_cursor(row.id), node=build(row)) for row in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
        ),
    )


async def page(
    info: Info,
    statement: Select[Any],
    id_column: Any,
    *,
    first: int,
    after: str | None,
    build: Callable[[Any], T],
) -> Connection[T]:
    """A page of ``statement`` read in its own session, within the configured page size: what
    every list field does."""
    async with info.context.db.read() as session:
        return await paginate(
            session,
            statement,
            id_column,
            first=first,
            after=after,
            max_page_size=info.context.settings.max_page_size,
            build=build,
        )
