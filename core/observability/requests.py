"""One record per HTTP request, filled in as the request goes and logged once at its end.

The ASGI middleware owns the record (request ID, timing, status); the GraphQL extension adds
what only the parsed document knows (the operation's name and type) and the error codes of
the result. They meet through a context variable, as strawberry runs the operation in the
task that serves the request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import OperationDefinitionNode, get_operation_ast
from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from core.graphql.errors import INTERNAL
from core.http_errors import error_response

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
OTHER_PATH = "other"
_ERROR_BODY_LIMIT = 64 * 1024  # error bodies answered before GraphQL are a few hundred bytes
SERVICE_UNAVAILABLE_STATUS = 503

logger = logging.getLogger("peerlearn.request")


@dataclass
class RequestRecord:
    """What is logged of a request: never its body, its query string or its variables."""

    request_id: str
    method: str
    path: str
    started: float = field(default_factory=time.perf_counter)
    status: int = 500
    operation: str | None = None
    operation_type: str | None = None
    error_codes: list[str] | None = None

    @property
    def duration_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 3)

    @property
    def outcome(self) -> str:
        return "error" if self.error_codes or self.status >= 400 else "ok"

    @property
    def level(self) -> int:
        """A client's mistake or refusal is ordinary; only a fault of the server is an error."""
        if self.status == SERVICE_UNAVAILABLE_STATUS:
            return logging.WARNING
        if self.status >= 500 or INTERNAL in (self.error_codes or ()):
            return logging.ERROR
        return logging.INFO

    def fields(self) -> dict[str, object]:
        return {
            "request_id": self.request_id,
            "method": self.method,
            "path": self.path,
            "operation": self.operation,
            "operation_type": self.operation_type,
            "status": self.status,
            "outcome": self.outcome,
            "error_codes": self.error_codes or [],
            "duration_ms": self.duration_ms,
        }


current_request: ContextVar[RequestRecord | None] = ContextVar("current_request", default=None)


def _stamp_records() -> None:
    """Every log record made while a request is served carries its ID, stamped when the
    record is made (a handler may format it later, elsewhere)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "stamps_request_id", False):
        return

    def stamped(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        request = current_request.get()
        if request is not None:
            record.request_id = request.request_id
        return record

    stamped.stamps_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(stamped)


def request_id(headers: Headers) -> str:
    """The client's ``X-Request-ID`` if it is a plain token (so a log line cannot be forged
    through it), else a fresh one."""
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex


def _codes_of(body: bytes) -> list[str]:
    """The ``extensions.code`` of an error body answered before GraphQL ran (sign-in, size, a
    request that is not GraphQL over HTTP); none for a body of another shape (Starlette's
    plain-text 404 of an unknown path), which is then logged and counted as ``HTTP_<status>``."""
    try:
        errors = orjson.loads(body).get("errors") or []
    except (orjson.JSONDecodeError, AttributeError):
        return []
    return [str((e.get("extensions") or {}).get("code")) for e in errors if isinstance(e, dict)]


class RequestLog:
    """Outermost middleware: times each HTTP request, echoes its request ID, logs one line and
    hands the record to ``observe`` (the metrics).

    An exception no layer handled is logged here once, with its traceback, and answered as a
    masked 500, so neither Starlette nor uvicorn logs it again with the request around it."""

    def __init__(
        self, app: ASGIApp, observe: Callable[[RequestRecord], None] | None = None
    ) -> None:
        self._app = app
        self._observe = observe
        _stamp_records()

    @staticmethod
    def _path(scope: Scope) -> str:
        """The path pattern of the route the request goes to (``/certificates/{code}``, or a
        mount's prefix for the files under it), else ``other``: a path a client sends may hold
        anything (an email address), and would grow the metrics' labels."""
        for route in scope["app"].routes:
            match, _ = route.matches(scope)
            if match != Match.NONE:
                return str(getattr(route, "path", OTHER_PATH)) or OTHER_PATH
        return OTHER_PATH

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        record = RequestRecord(
            request_id=request_id(Headers(scope=scope)),
            method=scope["method"],
            path=self._path(scope),
        )
        token = current_request.set(record)
        started = False
        error_body = bytearray()

        async def recording_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                record.status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = record.request_id
            elif record.status >= 400 and len(error_body) < _ERROR_BODY_LIMIT:
                error_body.extend(message.get("body", b""))
            await send(message)

        try:
            await self._app(scope, receive, recording_send)
        except Exception:
            logger.exception("unexpected error")
            if started:
                raise
            response = error_response(500, INTERNAL, "Internal server error.")
            await response(scope, receive, recording_send)
        finally:
            if not record.error_codes and record.status >= 400:
                record.error_codes = _codes_of(bytes(error_body)) or [f"HTTP_{record.status}"]
            logger.log(record.level, "request", extra={"fields": record.fields()})
            if self._observe is not None:
                self._observe(record)
            current_request.reset(token)


def parsed_operation(context: ExecutionContext) -> OperationDefinitionNode | None:
    """The operation the document runs: a name the client sends in ``operationName`` counts
    only if the document has it."""
    document = context.graphql_document
    return get_operation_ast(document, context.operation_name) if document else None


class OperationRecord(SchemaExtension):
    """Names the operation from the parsed document and keeps the result's error codes.
    Listed before ErrorCodes, so it runs after every error has its code."""

    def on_operation(self) -> Iterator[None]:
        yield
        record = current_request.get()
        if record is None:
            return
        context = self.execution_context
        operation = parsed_operation(context)
        if operation is not None:
            record.operation = operation.name.value if operation.name else None
            record.operation_type = operation.operation.value
        errors = context.result.errors if context.result is not None else None
        record.error_codes = [str((e.extensions or {}).get("code")) for e in errors or ()]
