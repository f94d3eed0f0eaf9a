"""Cursor connections per the Relay specification, paged forwards and backwards in SQL.

A list field is declared with :func:`connection`: its resolver returns what to page (a
:class:`Rows` statement, or a :class:`PerParent` list read for a whole page of parents at
once), and the :class:`Paged` extension declares ``first``/``after``/``last``/``before`` on
the field, checks them and reads the one page asked for. Every connection pages the same way
because none pages by itself.

Why not ``strawberry.relay``: its ``ListConnection`` pages a Python iterable (or anything
sliceable) by offsets, with ``arrayconnection:<n>`` cursors. An offset cursor repeats or skips
items when rows are added before it, an offset costs more the deeper the page, ``last`` without
``before`` reads the whole list to keep its end, its refusals are plain ``ValueError``s without
a code, and its limit is one schema-wide number rather than the ``max_page_size`` setting. Its
``ConnectionExtension`` also wants the resolver to return the nodes themselves, so keyset paging
would have meant replacing its whole ``resolve_connection`` anyway. What it does well, adding the
paging arguments to every connection field in one place, :class:`Paged` does the same way."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from sqlalchemy import Select
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from core.errors import BadUserInput
from core.graphql.context import Info
from core.graphql.plans import Resolve
from core.graphql.relay import MAX_PK
from core.i18n import _
from core.keyset import Page, Slice, Sort, by_key, keyset_page, position

T = TypeVar("T")
PAGE = 20  # the page size of a list field when the client says neither first nor last
_CURSOR_PREFIX = "cursor:"
_PAGING = ("first", "after", "last", "before")


@strawberry.type(description="Information to aid in pagination.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Items follow this page: read forwards with first and after: endCursor."
    )
    has_previous_page: bool = strawberry.field(
        description="Items precede this page: read backwards with last and before: startCursor."
    )
    start_cursor: str | None = strawberry.field(description="The cursor of the first item.")
    end_cursor: str | None = strawberry.field(description="The cursor of the last item.")


@strawberry.type(description="An item and the cursor to page from it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list that can grow.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    # A list, not a resolver: plain data, completed without resolving (core.graphql.execution).
    nodes: list[T] = strawberry.field(description="The items of this page, without cursors.")


def _encoded(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def encode_cursor(values: tuple[Any, ...]) -> str:
    """An opaque cursor holding a row's position: the values of the list's sort columns."""
    text = json.dumps([_encoded(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{text}".encode()).decode()


def _decoded(value: Any, sort: Sort) -> Any:
    """A cursor's value of one sort column, or ``None`` when it cannot be one: a key in range,
    a date, or a time with its offset that the database can store."""
    stored = sort.column.type  # a decorated type (UTCDateTime) says what it stores as
    kind = getattr(stored, "impl_instance", stored).python_type
    if kind is int:
        return value if type(value) is int and 0 <= value <= MAX_PK else None
    if kind not in (date, datetime) or not isinstance(value, str):
        return None
    try:
        parsed = kind.fromisoformat(value)
        if isinstance(parsed, datetime):
            return parsed.astimezone(UTC) if parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
    return parsed


def decode_cursor(cursor: str, order: Sequence[Sort]) -> tuple[Any, ...]:
    """The position a cursor names in a list sorted by ``order``; a cursor this service could
    not have issued for that list is bad input."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        values = json.loads(text[len(_CURSOR_PREFIX) :]) if text.startswith(_CURSOR_PREFIX) else 0
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        values = None
    if isinstance(values, list) and len(values) == len(order):
        decoded = tuple(_decoded(v, s) for v, s in zip(values, order, strict=True))
        if None not in decoded:
            return decoded
    raise BadUserInput(_("{cursor!r} is not a valid cursor.", cursor=cursor))


@dataclass(frozen=True)
class Window:
    """The paging arguments of one field, checked: a page of ``size`` from the start of the
    part of the list between the cursors, or from its end (``last``)."""

    size: int
    from_end: bool
    after: str | None
    before: str | None

    @classmethod
    def of(
        cls,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        *,
        max_size: int,
        default: int,
    ) -> Window:
        """Refuses ``first`` and ``last`` together (the specification discourages it and the
        result would surprise) and either outside 0 to ``max_size``."""
        if first is not None and last is not None:
            raise BadUserInput(_("Pass first or last, not both."))
        for name, size in (("first", first), ("last", last)):
            if size is not None and not 0 <= size <= max_size:
                raise BadUserInput(
                    _("{name} must be between 0 and {max}.", name=name, max=max_size)
                )
        size = last if last is not None else first if first is not None else default
        return cls(size=size, from_end=last is not None, after=after, before=before)

    def slice(self, order: Sequence[Sort]) -> Slice:
        """The rows this window holds of a list sorted by ``order``."""
        return Slice(
            size=self.size,
            after=None if self.after is None else decode_cursor(self.after, order),
            before=None if self.before is None else decode_cursor(self.before, order),
            from_end=self.from_end,
        )


def connection_of(found: Page, order: Sequence[Sort], build: Callable[[Any], T]) -> Connection[T]:
    """The connection of a page read from the database."""
    edges = [
        Edge(cursor=encode_cursor(position(row, order)), node=build(row)) for row in found.rows
    ]
    return Connection(
        edges=edges,
        nodes=[edge.node for edge in edges],
        page_info=PageInfo(
            has_next_page=found.has_next,
            has_previous_page=found.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


class Listing(Protocol[T]):
    """What a connection field's resolver returns: a list that reads one page of itself."""

    async def page(self, info: Info, window: Window) -> Connection[T]: ...


@dataclass(frozen=True)
class Rows(Generic[T]):
    """The rows of ``statement`` (rows of one table), sorted by ``order`` (by key when not
    given), each built into a node: a root list, read in a session of its own."""

    statement: Select[Any]
    build: Callable[[Any], T]
    order: tuple[Sort, ...] | None = None

    async def page(self, info: Info, window: Window) -> Connection[T]:
        order = self.order or by_key(self.statement.column_descriptions[0]["entity"])
        async with info.context.loaders.read() as session:
            found = await keyset_page(session, self.statement, order, window.slice(order))
        return connection_of(found, order, self.build)


# How a batch of parents' lists is read: the session, the parents' keys, the listing's own
# arguments and then the slice, returning one page per key (``core.keyset.keyset_pages``).
PageBatch = Callable[..., Any]


@dataclass(frozen=True)
class PerParent(Generic[T]):
    """One parent's list when a page of parents each shows theirs (a person's messages on a
    roster): ``batch`` reads the same page of every parent's list in one statement, through a
    per-request loader, so a page of parents costs no statement per parent."""

    batch: PageBatch
    args: tuple[Hashable, ...]
    key: Hashable
    order: tuple[Sort, ...]
    build: Callable[[Any], T]

    async def page(self, info: Info, window: Window) -> Connection[T]:
        (found,) = await pages(info, window, [self])
        return found


async def pages(info: Info, window: Window, listings: Sequence[Listing[T]]) -> list[Connection[T]]:
    """The same page of many lists: those read by one loader (:class:`PerParent`, the same
    batch, arguments and order) in one call of it."""
    found: dict[int, Connection[T]] = {}
    shared: dict[tuple[Any, ...], list[tuple[int, PerParent[T]]]] = {}
    for i, listing in enumerate(listings):
        if isinstance(listing, PerParent):
            key = (listing.batch, listing.args, listing.order)
            shared.setdefault(key, []).append((i, listing))
        else:
            found[i] = await listing.page(info, window)
    for (batch, args, order), members in shared.items():
        loader = info.context.loaders(batch, *args, window.slice(order))
        read = await loader.load_many([member.key for _, member in members])
        for (i, member), page in zip(members, read, strict=True):
            found[i] = connection_of(page, order, member.build)
    return [found[i] for i in range(len(listings))]


def _argument(name: str, annotation: Any, description: str) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(annotation),
        description=description,
        default=None,
    )


class Paged(FieldExtension):
    """Declares the paging arguments on a connection field and reads the page they ask for
    from the :class:`Listing` its resolver returns."""

    def __init__(self, default: int) -> None:
        self.default = default

    def apply(self, field: StrawberryField) -> None:
        field.arguments = [
            *field.arguments,
            _argument(
                "first",
                int | None,
                f"Read forwards: the first n items (after the cursor `after`); {self.default} "
                "when neither first nor last is given.",
            ),
            _argument("after", str | None, "Only items after this cursor."),
            _argument(
                "last",
                int | None,
                "Read backwards: the last n items (before the cursor `before`); not with first.",
            ),
            _argument("before", str | None, "Only items before this cursor."),
        ]

    def _window(self, info: Info, kwargs: dict[str, Any]) -> Window:
        """The paging arguments taken out of a field's arguments, checked."""
        first, after, last, before = (kwargs.pop(k, None) for k in _PAGING)
        max_size = info.context.settings.max_page_size
        return Window.of(first, after, last, before, max_size=max_size, default=self.default)

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Info, **kwargs: Any
    ) -> Any:
        window = self._window(info, kwargs)
        listing = await next_(source, info, **kwargs)
        return await listing.page(info, window)

    async def resolve_many(
        self, info: Info, parents: Sequence[Any], resolve: Resolve, kwargs: dict[str, Any]
    ) -> list[Connection[Any]]:
        """Every parent's page of a list of parents (``core.graphql.plans``): the lists a
        loader reads are read in one call per loader, not one per parent."""
        rest = dict(kwargs)
        window = self._window(info, rest)
        return await pages(info, window, [await resolve(parent, **rest) for parent in parents])


def connection(
    node: Any,
    *,
    description: str,
    extensions: Sequence[FieldExtension] = (),
    default_first: int = PAGE,
) -> Any:
    """A connection field of ``node``s: decorates an async resolver returning a
    :class:`Listing`, which the field pages."""
    return strawberry.field(
        graphql_type=Connection[node],
        description=description,
        extensions=[*extensions, Paged(default_first)],
    )
