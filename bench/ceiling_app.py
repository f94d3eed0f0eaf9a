"""The HTTP ceiling: a plain Starlette app doing the API's database work by hand, served by
uvicorn beside ``peerlearn serve`` (``uvicorn --factory bench.ceiling_app:create``).

Each route signs the same bearer token in (``core.auth.Authenticator``), reads what the API
reads and answers the same bytes, serialized with orjson or ``csv.writer``: the transcript as
the GraphQL query answers it, and the roster export whole."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bench.export import ceiling_csv, ceiling_statement, columns
from bench.transcript import answer
from core.auth import Authenticator
from core.db import Database
from core.graphql.relay import from_global_id
from core.plugin_host import load_registry
from core.settings import Settings

TRANSCRIPT_ROUTE = "/transcript/{person_id:int}"
EXPORT_ROUTE = "/exports/roster.csv"


def create() -> Starlette:
    """The app for the ``PEERLEARN_*`` settings in the environment, as the API reads them."""
    settings = Settings.from_env()
    registry = load_registry(settings)
    database = Database.from_settings(settings)
    authenticator = Authenticator(settings, database, registry.access_rules)

    async def transcript(request: Request) -> Response:
        viewer = await authenticator.viewer(request.headers.get("authorization"))
        found = await answer(database, registry, viewer, int(request.path_params["person_id"]))
        return Response(orjson.dumps({"data": found}), media_type="application/json")

    async def roster_csv(request: Request) -> Response:
        viewer = await authenticator.viewer(request.headers.get("authorization"))
        _, organization_id = from_global_id(request.query_params["organizationId"])
        statement = ceiling_statement(viewer, organization_id, registry.slugs)
        async with database.engine.connect() as conn:
            rows = (await conn.execute(statement)).all()
        body = ceiling_csv(columns(registry.slugs), rows)
        return Response(body, media_type="text/csv; charset=utf-8")

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await database.dispose()

    routes = [
        Route(TRANSCRIPT_ROUTE, transcript),
        Route(EXPORT_ROUTE, roster_csv),
        Route("/healthz", healthz),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
