"""The per-request context: who asks, the database, the enabled programs and the loaders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader
from strawberry.extensions import SchemaExtension
from strawberry.types import Info as StrawberryInfo
from strawberry.types.graphql import OperationType

from core.access import Viewer
from core.db import Database
from core.idempotency.service import Pending
from core.registry import Registry
from core.settings import Settings

K = TypeVar("K")
V = TypeVar("V")
BatchLoad = Callable[..., Awaitable[Sequence[V]]]


class _SharedLoader(DataLoader[K, V]):
    """A DataLoader whose cached futures survive the cancellation of one caller.

    Every resolver that loads the same key awaits the same cached future. When a field fails,
    graphql-core cancels its sibling fields' tasks, and cancelling a task that awaits a future
    cancels the future itself: another field still waiting for that key (the same person in a
    second alias of a roster) would then get a ``CancelledError`` it never asked for, which
    escapes graphql-core's error handling and ends the whole request in HTTP 500. Each caller
    awaits a shield of the shared future instead, so only its own wait is cancelled."""

    def load(self, key: K) -> Awaitable[V]:
        return asyncio.shield(super().load(key))


class Loaders:
    """One DataLoader per batch function (and extra arguments) per request.

    A batch function takes a session, the keys and any extra hashable arguments (such as the
    viewer) and returns values in key order; programs write theirs the same way and get
    batching and per-request caching for free.

    A query's batches all read in one session, opened at the first and closed with the
    operation (:class:`OneReadSession`), one batch at a time: a session and its connection
    per batch cost more than a roster page's reads themselves, and one session reads one
    snapshot. A mutation's batches each read in a session of their own, so that what a
    payload shows is read after the write it follows, never from a snapshot taken before."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._loaders: dict[tuple[Any, ...], DataLoader[Any, Any]] = {}
        self.shared = False
        self._session: AsyncSession | None = None
        self._opened = AsyncExitStack()
        self._turn = asyncio.Lock()

    def __call__(self, batch: BatchLoad[V], *args: Hashable) -> DataLoader[Any, V]:
        key = (batch, *args)
        loader = self._loaders.get(key)
        if loader is None:

            async def load(keys: list[Any]) -> Sequence[V]:
                async with self.read() as session:
                    return await batch(session, keys, *args)

            loader = self._loaders[key] = _SharedLoader(load_fn=load)
        return loader

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """The session to read one batch in: the query's own, taken in turn. Nothing read
        inside may wait for a loader (a batch never does), or it would wait for itself."""
        if not self.shared:
            async with self._database.read() as session:
                yield session
            return
        async with self._turn:
            if self._session is None:
                self._session = await self._opened.enter_async_context(self._database.read())
            yield self._session

    async def close(self) -> None:
        """Ends the query's session, if one was opened."""
        self._session = None
        await self._opened.aclose()


class OneReadSession(SchemaExtension):
    """Shares one read session among a query's loaders and closes it with the operation."""

    async def on_execute(self) -> AsyncIterator[None]:
        loaders: Loaders = self.execution_context.context.loaders
        loaders.shared = self.execution_context.operation_type is OperationType.QUERY
        try:
            yield
        finally:
            await loaders.close()


@dataclass
class Outcome:
    """What a request changed: whether any mutation committed. A response that lost the
    database after a commit must not invite a retry of the whole document."""

    committed: bool = False


@dataclass
class Context:
    db: Database
    registry: Registry
    settings: Settings
    viewer: Viewer
    node_resolvers: Mapping[str, NodeResolver]
    outcome: Outcome = field(default_factory=Outcome)
    # The request's Idempotency-Key, claimed by its first mutation that commits.
    idempotency: Pending | None = None
    loaders: Loaders = field(init=False)
    # Other people's records this request read, for the audit trail: (action, person id).
    audited_reads: set[tuple[str, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)


Info = StrawberryInfo[Context, None]
# How ``node(id:)`` fetches a type's objects by key (``SchemaPart.nodes``).
NodeResolver = Callable[[Context, Sequence[int]], Awaitable[Sequence[Any | None]]]
