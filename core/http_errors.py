"""Errors answered over HTTP before or around GraphQL, in the shape GraphQL errors have, so a
client reads ``errors[].extensions.code`` whichever layer refused it.

Status convention: a response whose errors include SERVICE_UNAVAILABLE is HTTP 503 with
``Retry-After``, whether sign-in or a resolver met the database down, so load balancers and
retrying clients need not parse the body, unless a mutation of the document committed first
(then 200: a retry of the whole would apply it twice); every other GraphQL result is HTTP 200,
except a request GraphQL refused before running it when the client accepts
``application/graphql-response+json`` (see core.graphql.http).

The body is in the media type the client's ``Accept`` chose. Under ``application/json`` it
keeps ``"data": null``, as legacy clients read it; under ``application/graphql-response+json``
a request that never ran has no ``data`` entry, as the GraphQL specification says.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

from core.errors import ServiceUnavailable
from core.i18n import Text, _

RETRY_AFTER_SECONDS = 5
RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, as ``Accept`` ranks them (RFC 9110 §12.5.1: the most
    specific range that names a type gives its quality), or ``None`` when it accepts neither.

    No ``Accept`` means ``application/json``, and so does a wildcard: the specification keeps
    legacy clients, which never heard of ``application/graphql-response+json``, on the type
    they parse. A client naming both at the same quality gets the newer one."""
    if accept is None or not accept.strip():
        return JSON
    qualities: dict[str, float] = {}
    for item in accept.split(","):
        media_range, *parameters = item.split(";")
        qualities[media_range.strip().lower()] = _quality(parameters)
    best: tuple[float, int, bool, str] | None = None
    for offered in (GRAPHQL_RESPONSE, JSON):
        ranges = (offered, "application/*", "*/*")  # from the most specific
        named = next((r for r in ranges if r in qualities), None)
        if named is None or qualities[named] <= 0:
            continue
        exact = named == offered
        ranked = (qualities[named], exact, exact == (offered == GRAPHQL_RESPONSE), offered)
        best = max(best or ranked, ranked)
    return best[3] if best is not None else None


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _sep, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    media_type: str = JSON,
) -> JSONResponse:
    errors = [{"message": message, "extensions": {"code": code}}]
    body = {"data": None, "errors": errors} if media_type == JSON else {"errors": errors}
    return JSONResponse(body, status_code=status, headers=headers, media_type=media_type)


def service_unavailable_response(
    message: Text | None = None, media_type: str = JSON
) -> JSONResponse:
    """503 saying why (by default that the database is down), in the reader's language."""
    said = message if message is not None else _(ServiceUnavailable.default_message)
    return error_response(503, ServiceUnavailable.code, said, RETRY_AFTER, media_type)


def reports_service_unavailable(response_data: object) -> bool:
    """Whether a GraphQL response body (or a batch of them) carries SERVICE_UNAVAILABLE."""
    results = response_data if isinstance(response_data, list) else [response_data]
    return any(
        (error.get("extensions") or {}).get("code") == ServiceUnavailable.code
        for result in results
        if isinstance(result, dict)
        for error in result.get("errors") or ()
    )
