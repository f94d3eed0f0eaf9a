"""Errors answered over HTTP before or around GraphQL, in the shape GraphQL errors have, so a
client reads ``errors[].extensions.code`` whichever layer refused it.

Status convention: a response whose errors include SERVICE_UNAVAILABLE is HTTP 503 with
``Retry-After``, whether sign-in or a resolver met the database down, so load balancers and
retrying clients need not parse the body, unless a mutation of the document committed first
(then 200: a retry of the whole would apply it twice); every other GraphQL result is HTTP 200.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

from core.errors import ServiceUnavailable
from core.i18n import Text, _

RETRY_AFTER_SECONDS = 5
RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers)


def service_unavailable_response(message: Text | None = None) -> JSONResponse:
    """503 saying why (by default that the database is down), in the reader's language."""
    said = message if message is not None else _(ServiceUnavailable.default_message)
    return error_response(503, ServiceUnavailable.code, said, RETRY_AFTER)


def reports_service_unavailable(response_data: object) -> bool:
    """Whether a GraphQL response body (or a batch of them) carries SERVICE_UNAVAILABLE."""
    results = response_data if isinstance(response_data, list) else [response_data]
    return any(
        (error.get("extensions") or {}).get("code") == ServiceUnavailable.code
        for result in results
        if isinstance(result, dict)
        for error in result.get("errors") or ()
    )
