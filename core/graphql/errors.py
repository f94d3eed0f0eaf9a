"""Errors as clients see them: a stable code and a readable message, never a stack trace.

Mutation payloads carry ``errors: [UserError!]!`` for refusals by program rules and invalid
fields. Everything else becomes a GraphQL error whose ``extensions.code`` says which class of
problem it is; unexpected exceptions are logged in full and reach the client as INTERNAL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast, overload

import strawberry
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from strawberry.extensions import SchemaExtension
from strawberry.types.nodes import SelectedField

from core.audit.service import record_mutation
from core.errors import CONFLICT, ApiError, Reason, RuleViolation, ServiceUnavailable
from core.graphql.context import Info
from core.i18n import N_, _
from core.idempotency.service import claim
from core.versions import FIELD

logger = logging.getLogger("peerlearn.graphql")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL = "INTERNAL"
CONFLICT_MESSAGE = N_("A request made at the same time changed this first; reload and try again.")
UNIQUE = "UNIQUE"
_SQLITE_UNIQUE = "UNIQUE constraint failed: "
_POSTGRES_KEY = re.compile(r"^Key \((.+?)\)=")
_POSTGRES_LOCK_NOT_AVAILABLE = "55P03"

P = TypeVar("P")
T = TypeVar("T")


@strawberry.type(description="Why a mutation did not happen: a rule ID or field problem.")
class UserError:
    code: str = strawberry.field(description="Rule ID (e.g. SGLS-CAPACITY) or INVALID.")
    field: str | None = strawberry.field(description="The input field concerned, if any.")
    message: str

    @classmethod
    def from_reason(cls, reason: Reason) -> UserError:
        return cls(code=reason.code, field=reason.field, message=reason.message)


def version_input() -> Any:
    """The optional ``version`` input field of an edit of a versioned row (``core.versions``),
    worded alike wherever a frontend meets it."""
    return strawberry.field(
        default=None,
        description="The version you read: a stale one is refused with CONFLICT and nothing "
        "is written. Left out, the edit applies over whatever changed since.",
    )


@strawberry.type(description="What every mutation payload carries.")
class Payload:
    errors: list[UserError]


@overload
async def mutate(
    info: Info,
    payload: Callable[..., P],
    work: Callable[[AsyncSession], Awaitable[Mapping[str, Any]]],
) -> P: ...


@overload
async def mutate(
    info: Info,
    payload: Callable[..., P],
    work: Callable[[AsyncSession], Awaitable[T]],
    shape: Callable[[T], Mapping[str, Any]],
) -> P: ...


async def mutate(
    info: Info,
    payload: Callable[..., P],
    work: Callable[[AsyncSession], Awaitable[T]],
    shape: Callable[[T], Mapping[str, Any]] | None = None,
) -> P:
    """Run ``work`` in one write transaction and build its payload from what it returns:
    through ``shape`` (the result's fields by payload name), or as the fields themselves.
    Most resolvers are one call: ``mutate(info, Payload, lambda s: service(s, ...), shape)``.

    A rule violation rolls the transaction back and is returned as payload errors, so a
    refused mutation leaves nothing half-written. A committed one is recorded in the audit
    trail in the same transaction (``core.audit.service``), and so is the request's
    idempotency key, claimed before the work by the first mutation (``core.idempotency``).

    A unique constraint that refuses the write means either that a request made at the same
    time wrote the same row between the service's checks and its insert, or that the service
    does not check it at all. The work is run once more in a fresh transaction (the first was
    rolled back, so it can be): after a concurrent write its own checks now see the row and
    refuse with their own code, or it succeeds. The same constraint refusing again is no race
    but a clash any retry would meet, reported as UNIQUE; only a different one, which another
    request may still have caused, is reported as CONFLICT.

    A versioned row (``core.versions``) whose conditional UPDATE matched nothing was changed
    by a concurrent edit since the work read it: the retry reads the new version, so an edit
    made from the old one is refused by its service's own check (CONFLICT on ``version``) and
    an edit that sent no version applies over it, as it always did. Losing that race twice is
    reported as CONFLICT."""
    clashes: list[_UniqueClash | None] = []
    for _try in range(2):
        try:
            return await _attempt(info, payload, work, shape)
        except StaleDataError:
            clashes.append(None)
        except IntegrityError as error:
            clash = _unique_clash(error)
            if clash is None:
                raise
            clashes.append(clash)
    first, again = clashes
    if first is not None and again is not None and again.constraint == first.constraint:
        message = _(
            "Another record already has the same {columns}.", columns=", ".join(again.columns)
        )
        return payload(errors=[UserError(code=UNIQUE, field=None, message=message)])
    field = FIELD if again is None else None
    return payload(errors=[UserError(code=CONFLICT, field=field, message=_(CONFLICT_MESSAGE))])


async def _attempt(
    info: Info,
    payload: Callable[..., P],
    work: Callable[[AsyncSession], Awaitable[T]],
    shape: Callable[[T], Mapping[str, Any]] | None,
) -> P:
    pending = info.context.idempotency
    try:
        async with info.context.db.write() as session:
            if pending is not None and not pending.claimed:
                await claim(session, pending.claim)
            result = await work(session)
            (asked,) = info.selected_fields
            arguments = asked.arguments if isinstance(asked, SelectedField) else {}
            record_mutation(session, info.context.viewer, info.field_name, arguments)
            # without a shape, the overloads of ``mutate`` have ``work`` return the fields
            fields = shape(result) if shape is not None else cast("Mapping[str, Any]", result)
    except RuleViolation as violation:
        return payload(errors=[UserError.from_reason(r) for r in violation.reasons])
    info.context.outcome.committed = True
    if pending is not None:
        pending.claimed = True
    return payload(errors=[], **fields)


@dataclass(frozen=True)
class _UniqueClash:
    """Which unique constraint refused a write, and the columns it covers."""

    constraint: str
    columns: tuple[str, ...]


def _unique_clash(error: IntegrityError) -> _UniqueClash | None:
    """The unique constraint behind ``error``, or ``None`` for any other integrity error."""
    driver_error = error.orig
    if driver_error is None:
        return None
    if getattr(driver_error, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        constraint = getattr(driver_error.__cause__, "constraint_name", None) or str(driver_error)
        key = _POSTGRES_KEY.search(getattr(driver_error, "detail", None) or "")
        columns = key.group(1).split(", ") if key else ["values"]
        return _UniqueClash(constraint, tuple(columns))
    text = str(driver_error)
    if text.startswith(_SQLITE_UNIQUE):
        qualified = text[len(_SQLITE_UNIQUE) :].split(", ")
        return _UniqueClash(text, tuple(c.strip().rpartition(".")[2] for c in qualified))
    return None


def is_database_down(error: BaseException | None) -> bool:
    """Whether the database cannot serve the request now but may shortly: it is unreachable,
    the connection died, or a lock held elsewhere outlasted ``PEERLEARN_DB_LOCK_TIMEOUT_MS``
    (SQLite's busy timeout is an OperationalError already)."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout | ConnectionError):
        return True
    if isinstance(error, DBAPIError) and (
        error.connection_invalidated
        or getattr(error.orig, "sqlstate", None) == _POSTGRES_LOCK_NOT_AVAILABLE
    ):
        return True
    return isinstance(error, OSError)


def _with_code(error: GraphQLError, code: str, message: str | None = None) -> GraphQLError:
    return GraphQLError(
        message if message is not None else error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code},
    )


class ErrorCodes(SchemaExtension):
    """Gives every error an ``extensions.code`` and masks what a client must not see."""

    def on_operation(self) -> Iterator[None]:
        self._parsed = False
        self._executing = False
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self._classify(e) for e in result.errors]

    def on_parse(self) -> Iterator[None]:
        yield
        self._parsed = self.execution_context.graphql_document is not None

    def on_execute(self) -> Iterator[None]:
        self._executing = True
        yield

    def _classify(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, ApiError):
            return _with_code(error, original.code, original.message)
        if isinstance(original, RuleViolation):
            # A rule refusing a read (a query has no payload to carry it): its own code, as a
            # mutation's payload would give it, not INTERNAL.
            first = original.reasons[0]
            return _with_code(error, first.code, " ".join(r.message for r in original.reasons))
        if is_database_down(original):
            logger.warning("database unavailable: %r", original)
            return _with_code(error, ServiceUnavailable.code, _(ServiceUnavailable.default_message))
        if isinstance(original, GraphQLError) and error.path is None:
            # graphql-core reports a variable of the wrong type this way, before execution.
            return _with_code(error, BAD_USER_INPUT)
        if original is not None:
            logger.error("unexpected error", exc_info=original)
            return _with_code(error, INTERNAL, _(ApiError.default_message))
        if not self._parsed:
            return _with_code(error, PARSE_FAILED)
        if not self._executing:
            return _with_code(error, VALIDATION_FAILED)
        return _with_code(error, INTERNAL)
