"""Documents served over plain HTTP beside GraphQL (a certificate's PDF): the same bearer
token signs in, the same visibility rules decide, and a refusal has the same JSON shape and
code as in GraphQL, with the HTTP status a browser or a download tool understands.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from core.access import ANONYMOUS, Viewer
from core.audit.service import record_reads
from core.db import Database
from core.errors import ApiError, Forbidden, NotFound, ServiceUnavailable, Unauthenticated
from core.graphql.errors import is_database_down
from core.http_errors import error_response, service_unavailable_response
from core.registry import Registry

# Any other refusal (a parameter that cannot be read) is the caller's to fix: 400.
STATUS = {Unauthenticated.code: 401, Forbidden.code: 403, NotFound.code: 404}


@dataclass(frozen=True)
class Download:
    """A document whole (``bytes``), or sent as it is produced (an async iterator of chunks,
    which opens its own read session: the endpoint's is closed once access is decided)."""

    body: bytes | AsyncIterator[bytes]
    media_type: str
    filename: str
    audited: tuple[tuple[str, int], ...] = ()
    """Other people's records it reads, for the audit trail (``core.audit``): written before
    the document is sent, or the document is not sent."""


Produce = Callable[[AsyncSession, Registry, Viewer, Mapping[str, str]], Awaitable[Download]]


def download_endpoint(
    database: Database, registry: Registry, produce: Produce
) -> Callable[[Request], Awaitable[Response]]:
    """A route answering ``produce``'s document to the viewer the app's authentication
    wrapper signed in (anonymous without one: a calendar feed's token is its own key).
    Private: never cached by a proxy."""

    async def endpoint(request: Request) -> Response:
        try:
            async with database.read() as session:
                viewer = getattr(request.state, "viewer", ANONYMOUS)
                params = {**request.query_params, **request.path_params}
                found = await produce(session, registry, viewer, params)
            if found.audited:
                async with database.write() as session:
                    await record_reads(session, viewer, found.audited)
        except ServiceUnavailable as error:
            return service_unavailable_response(error.message)
        except ApiError as error:
            return error_response(STATUS.get(error.code, 400), error.code, error.message)
        except Exception as error:
            if not is_database_down(error):
                raise
            return service_unavailable_response()
        headers = {
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "Cache-Control": "private, no-store",
        }
        if isinstance(found.body, bytes):
            return Response(found.body, media_type=found.media_type, headers=headers)
        return StreamingResponse(found.body, media_type=found.media_type, headers=headers)

    return endpoint
