"""GraphQL over HTTP as its specification says (graphql.github.io/graphql-over-http/draft/).

Queries come by GET or POST, mutations by POST only. A client's ``Accept`` chooses between
``application/graphql-response+json``, whose status codes say whether the operation ran (400
for a document that does not parse or validate, or variables that do not fit it, with no
``data`` entry), and ``application/json``, for which every GraphQL result stays HTTP 200 as
legacy clients expect. Whatever is refused before GraphQL runs (a method, a media type, a body
that is not a GraphQL request, a batch) is answered with a status and a body in the shape of
GraphQL errors, with a code (see core.http_errors), never in plain text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

import orjson
from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from core.access import ANONYMOUS
from core.db import Database
from core.graphiql import offline_page, strawberry_page
from core.graphql.context import Context, Outcome
from core.graphql.errors import PARSE_FAILED
from core.graphql.persisted import (
    UNKNOWN,
    PersistedQueries,
    PersistedQueryRefused,
    PersistedQueryUnknown,
    asks_for_persisted_query,
)
from core.graphql.schema import BuiltSchema
from core.graphql.validation import too_many_tokens
from core.http_errors import (
    GRAPHQL_RESPONSE,
    JSON,
    RETRY_AFTER,
    error_response,
    negotiate,
    reports_service_unavailable,
)
from core.i18n import Text, _
from core.observability.requests import current_request
from core.registry import Registry
from core.settings import Settings

BAD_REQUEST = "BAD_REQUEST"
INVALID_JSON = "INVALID_JSON"
BATCHING_DISABLED = "BATCHING_DISABLED"
TOO_MANY_OPERATIONS = "TOO_MANY_OPERATIONS"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"

# An answer depends on Accept; one holding someone's records is kept by no cache, a browser's
# included (a GET answer would otherwise be, on a shared clinic computer).
ANSWER_HEADERS = {"Vary": "Accept", "Cache-Control": "no-store"}
# A subscription is let through to be refused by GraphQL itself: the schema has none.
_ALLOWED: Mapping[str, frozenset[OperationType]] = {
    "GET": frozenset({OperationType.QUERY, OperationType.SUBSCRIPTION}),
    "POST": frozenset(OperationType),
}
_UTF8 = {"utf-8", "utf8"}
OFFERED = ", ".join((GRAPHQL_RESPONSE, JSON))


class Refused(Exception):
    """A request answered with an HTTP error before (or instead of) running GraphQL."""

    def __init__(
        self, status: int, code: str, message: Text, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = {**ANSWER_HEADERS, **(headers or {})}

    def response(self, media_type: str) -> Response:
        return error_response(self.status, self.code, self.message, self.headers, media_type)


def _bad_request(message: Text) -> Refused:
    return Refused(400, BAD_REQUEST, message)


def _json(raw: str | bytes) -> object:
    """The standard library's parser, as strawberry's: any number a client may send is read
    (orjson refuses integers past 64 bits, which are a variable's problem, not the body's)."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past any need
        raise Refused(400, INVALID_JSON, _("The request body is not valid JSON.")) from None


def _operation(data: object) -> GraphQLRequestData:
    """One GraphQL request's parameters, each of the type the specification gives it; the
    query may be left out for a persisted query's hash (core.graphql.persisted)."""
    if not isinstance(data, dict):
        raise _bad_request(_("A GraphQL request is a JSON object with a query."))
    query = data.get("query")
    if query is None or query == "":
        if not asks_for_persisted_query(data.get("extensions")):
            message = _("The request has no query: send the GraphQL document in query.")
            raise _bad_request(message)
        query = None
    elif not isinstance(query, str):
        raise _bad_request(_("The parameter {name} must be a string.", name="query"))
    if not isinstance(data.get("operationName"), str | None):
        raise _bad_request(_("The parameter {name} must be a string.", name="operationName"))
    for name in ("variables", "extensions"):
        if not isinstance(data.get(name), dict | None):
            raise _bad_request(_("The parameter {name} must be a JSON object.", name=name))
    return GraphQLRequestData(
        query=query,
        variables=data.get("variables"),
        operation_name=data.get("operationName"),
        extensions=data.get("extensions"),
    )


def _from_url(params: Mapping[str, str]) -> dict[str, object]:
    """A GET request's parameters: ``variables`` and ``extensions`` are JSON in the URL."""
    data: dict[str, object] = dict(params)
    for name in ("variables", "extensions"):
        raw = params.get(name)
        data[name] = _json(raw) if raw else None
    return data


def _is_request_error(result: GraphQLHTTPResponse) -> bool:
    """Whether GraphQL refused the request before running it (a document that does not parse
    or validate, variables that do not fit it): no data, and no error about a field."""
    errors = result.get("errors") or []
    return result.get("data") is None and not any(
        isinstance(error, dict) and error.get("path") for error in errors
    )


def _asks_for_the_text(result: GraphQLHTTPResponse) -> bool:
    """Whether the request named a persisted query the worker cannot run. That is no 400:
    Apollo's clients take a 400 for a server without persisted queries and stop sending
    hashes, rather than send the text."""
    errors = result.get("errors") or []
    return any(
        isinstance(error, dict) and (error.get("extensions") or {}).get("code") in UNKNOWN
        for error in errors
    )


@dataclass
class _Exchange:
    """What a request's response needs to know of it: the media type it is answered in and
    whether a mutation of it committed."""

    media_type: str
    outcome: Outcome


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(
        self, built: BuiltSchema, database: Database, registry: Registry, settings: Settings
    ) -> None:
        super().__init__(
            built.schema,
            graphql_ide="graphiql" if settings.serves_graphiql else None,
            allow_queries_via_get=True,
        )
        self._built = built
        self._database = database
        self._registry = registry
        self._settings = settings
        self._ide_page = offline_page(strawberry_page()) if settings.serves_graphiql else ""
        self._persisted = PersistedQueries(settings.persisted_queries, settings.max_tokens)
        # Each request's exchange, found again by its response when the response is built.
        self._exchanges: WeakKeyDictionary[object, _Exchange] = WeakKeyDictionary()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        media_type = negotiate(request.headers.get("accept"))
        try:
            response = await self._answer(request, media_type)
        except Refused as refusal:
            response = refusal.response(media_type or JSON)
        await response(scope, receive, send)

    async def _answer(self, request: Request, media_type: str | None) -> Response:
        if request.method not in _ALLOWED:
            message = _("GraphQL is asked with GET (queries) or POST.")
            raise Refused(405, METHOD_NOT_ALLOWED, message, {"Allow": "GET, POST"})
        if self.should_render_graphql_ide(self.request_adapter_class(request)):
            return await self.render_graphql_ide(request)
        if media_type is None:
            message = _("The answer can only be {types}.", types=OFFERED)
            raise Refused(406, NOT_ACCEPTABLE, message)
        request.state.media_type = media_type
        return await self.run(request)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """Only where GraphiQL is served: elsewhere a GET without a query is a request that
        lacks one (400), not a page that is missing. A GET with ``extensions`` and no query is
        a persisted query's hash, whatever it accepts."""
        return (
            self.graphql_ide is not None
            and "extensions" not in request.query_params
            and super().should_render_graphql_ide(request)
        )

    async def get_context(self, request: Request | WebSocket, response: object) -> Context:
        context = Context(
            db=self._database,
            registry=self._registry,
            settings=self._settings,
            viewer=getattr(request.state, "viewer", ANONYMOUS),
            idempotency=getattr(request.state, "idempotency", None),
            node_resolvers=self._built.node_resolvers,
        )
        media_type = getattr(request.state, "media_type", JSON)
        self._exchanges[response] = _Exchange(media_type, context.outcome)
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        """strawberry's page, loading its files from this service (see core.graphiql)."""
        return HTMLResponse(self._ide_page)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "GET":
            return _operation(_from_url(request.query_params))  # type: ignore[arg-type]
        media_type, params = parse_content_type(request.content_type or "")
        if media_type != JSON or params.get("charset", "utf-8").lower() not in _UTF8:
            message = _("A GraphQL request is sent as {type}.", type=JSON + "; charset=utf-8")
            raise Refused(415, UNSUPPORTED_MEDIA_TYPE, message)
        body = await request.get_body()
        if not body.strip():
            raise _bad_request(_("The request has no body: send a JSON object with a query."))
        data = _json(body)
        if not isinstance(data, list):
            return _operation(data)
        limit = self._settings.max_batch_operations
        if limit == 0:
            message = _("Batched requests are not accepted: send one operation per request.")
            raise Refused(400, BATCHING_DISABLED, message)
        if len(data) > limit:
            message = _("A batch holds at most {limit} operations.", limit=limit)
            raise Refused(400, TOO_MANY_OPERATIONS, message)
        return [_operation(item) for item in data]

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """As strawberry's, but a mutation asked by GET is a 405 that says to POST it, and an
        operation the document does not single out is an error of the result, with a code.

        strawberry gives a batch's operations one context: each gets its own copy, so that the
        audit trail, which writes the reads an operation gathered when it ends, writes each
        read once; the outcome (whether a mutation committed) stays the request's.

        A document over the token limit is refused before graphql-core lexes it (see
        ``too_many_tokens``), with the error its parser would give. A persisted query runs
        its kept text (core.graphql.persisted)."""
        limit = self._settings.max_tokens
        if too_many_tokens(request_data.query or "", limit):
            message = f"Syntax Error: Document contains more than {limit} tokens. Parsing aborted."
            refusal = GraphQLError(message, extensions={"code": PARSE_FAILED})
            return ExecutionResult(data=None, errors=[refusal])
        try:
            kept = self._persisted.resolve(request_data.query, request_data.extensions)
        except PersistedQueryRefused as refused:
            raise Refused(400, refused.code, refused.message) from None
        except PersistedQueryUnknown as unknown:
            if (record := current_request.get()) is not None:
                record.error_codes = [unknown.code]
            return ExecutionResult(data=None, errors=[unknown.error()])
        try:
            return await self.schema.execute(
                request_data.query if kept is None else kept,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=replace(context, audited_reads=set()),
                operation_name=request_data.operation_name,
                allowed_operation_types=_ALLOWED[request_adapter.method],
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError:
            message = _("A mutation is sent with POST, never GET.")
            raise Refused(405, METHOD_NOT_ALLOWED, message, {"Allow": "POST"}) from None
        except CannotGetOperationTypeError as error:
            name = error.operation_name
            message = (
                _("The document has no operation named {name}.", name=name)
                if name is not None
                else _("Name in operationName which of the document's operations to run.")
            )
            refusal = GraphQLError(message, extensions={"code": OPERATION_RESOLUTION_FAILURE})
            return ExecutionResult(data=None, errors=[refusal])

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """In the negotiated media type. Under ``application/graphql-response+json`` a request
        GraphQL refused before running it is 400 without a ``data`` entry, as the
        specification says (200 for a persisted query's hash the worker does not know, as
        Apollo's clients expect); under ``application/json`` every result is 200 with
        ``data``, as before.

        Either way, 503 with ``Retry-After`` when the database was down (as sign-in answers,
        see core.http_errors), unless a mutation of the document had already committed: a
        retry of the whole would apply it twice. The error stays in the body with its code."""
        exchange = self._exchanges.pop(sub_response, None)
        media_type = exchange.media_type if exchange is not None else JSON
        status = 200
        body: object = response_data
        if (
            media_type == GRAPHQL_RESPONSE
            and isinstance(response_data, dict)
            and _is_request_error(response_data)
        ):
            body = {key: value for key, value in response_data.items() if key != "data"}
            status = 200 if _asks_for_the_text(response_data) else 400
        headers = dict(ANSWER_HEADERS)
        committed = exchange is not None and exchange.outcome.committed
        if not committed and reports_service_unavailable(response_data):
            status = 503
            headers.update(RETRY_AFTER)
        response = Response(
            self.encode_json(body), status_code=status, media_type=media_type, headers=headers
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response
