"""An operation that runs longer than ``max_execution_seconds`` is stopped, not left to run.

A cost limit bounds what a document asks for, not how long the database takes to answer it:
a lock, a slow plan or a slow disk can hold a request, its connection and its worker for as
long as they last. Execution is cancelled at the limit. Cancellation reaches the resolver that
is waiting, so a mutation's transaction (``core.db.Database.write``) is rolled back by its own
context manager before the answer is built: nothing half-written stays behind. Root mutation
fields that had already committed stay committed, as they would after any later error.

The limit wraps graphql-core's execution itself rather than a schema extension's hook: a hook
can only let the timeout escape as an exception through the other extensions' hooks, which
then never see a result, whereas here the stopped operation is an ordinary result with one
error, which ``ErrorCodes`` labels QUERY_TIMEOUT like any other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from graphql import ExecutionResult, GraphQLError

from core.errors import ApiError
from core.graphql.execution import PlainFieldsExecution
from core.i18n import N_, _

QUERY_TIMEOUT = "QUERY_TIMEOUT"


class QueryTimeout(ApiError):
    code = QUERY_TIMEOUT
    default_message = N_("The request took too long and was stopped.")


async def _within(seconds: float, result: Awaitable[Any]) -> Any:
    try:
        async with asyncio.timeout(seconds):
            return await result
    except TimeoutError:
        message = _(
            "The request took longer than {seconds} seconds and was stopped; changes it had "
            "not finished were undone. Ask for less or try again later.",
            seconds=format(seconds, "g"),
        )
        return ExecutionResult(
            data=None, errors=[GraphQLError(message, original_error=QueryTimeout(message))]
        )


def time_limited(seconds: float) -> type[PlainFieldsExecution]:
    """The execution context (``core.graphql.execution``), stopping an operation's execution
    after ``seconds``."""

    class TimeLimited(PlainFieldsExecution):
        def execute_operation(self, serially: bool | None = None) -> Any:
            result = super().execute_operation(serially)
            return _within(seconds, result) if self.is_awaitable(result) else result

    return TimeLimited
