"""The ASGI application: GraphQL (with GraphiQL, served whole), health and readiness.

Everything costly is done once, here: programs are loaded, the schema is built and the engine
created; a request only builds its context.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from sqlalchemy import inspect
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route, request_response
from starlette.types import ASGIApp, Receive, Scope, Send

from core.auth import Authenticator
from core.calendars.routes import ROUTE as CALENDAR_ROUTE
from core.calendars.routes import calendar_feed
from core.certificates.routes import ROUTE as CERTIFICATE_ROUTE
from core.certificates.routes import certificate_pdf
from core.credits.models import Certification
from core.db import Database, utcnow
from core.db_faults import ReadOnly
from core.downloads import Produce, download_endpoint
from core.errors import ServiceUnavailable
from core.exports.routes import ROUTE as EXPORT_ROUTE
from core.exports.routes import export_csv
from core.graphiql import assets_route
from core.graphql.errors import is_database_down
from core.graphql.http import GraphQLEndpoint
from core.graphql.schema import build_schema
from core.http_errors import (
    JSON,
    RETRY_AFTER,
    error_response,
    negotiate,
    service_unavailable_response,
)
from core.http_limits import BodyLimit
from core.i18n import speaking
from core.i18n.http import Speaking, request_language
from core.idempotency.http import Idempotent
from core.memory import tune_for_serving
from core.migrate import stale_certifications
from core.observability.metrics import Metrics
from core.observability.requests import RequestLog
from core.observability.tracing import start_tracing
from core.plugin_host import load_registry
from core.privacy.routes import PERSONAL_DATA_ROUTE, personal_data_json
from core.registry import Registry
from core.settings import Settings
from core.tasks.runner import Clock, InProcessRunner
from core.tokens import InvalidToken
from core.transcripts.routes import CSV_ROUTE as TRANSCRIPT_CSV_ROUTE
from core.transcripts.routes import PDF_ROUTE as TRANSCRIPT_PDF_ROUTE
from core.transcripts.routes import transcript_csv, transcript_pdf

logger = logging.getLogger("peerlearn")


class Authenticated:
    """Resolves the bearer token to a viewer before GraphQL runs; a refused token never
    reaches a resolver."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self._app = app
        self._authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            media_type = negotiate(request.headers.get("accept")) or JSON
            try:
                viewer = await self._authenticator.viewer(request.headers.get("authorization"))
            except InvalidToken as error:
                challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
                response = error_response(401, error.code, str(error), challenge, media_type)
                await response(scope, receive, send)
                return
            except ServiceUnavailable as error:
                response = service_unavailable_response(error.message, media_type)
                await response(scope, receive, send)
                return
            except Exception as error:
                if not is_database_down(error):
                    raise
                await service_unavailable_response(None, media_type)(scope, receive, send)
                return
            request.state.viewer = viewer
            with speaking(request_language(scope, viewer.language)):
                await self._app(scope, receive, send)
            return
        await self._app(scope, receive, send)


def _unready(reason: str) -> JSONResponse:
    body = {"status": "unavailable", "reason": reason}
    return JSONResponse(body, status_code=503, headers=RETRY_AFTER)


async def refuse_stale_certifications(database: Database, registry: Registry) -> None:
    """A rate setting (PW ``cop_rate``) that ``db upgrade`` has not applied would be shown
    while another rate is paid: the server does not start on it. A database that is down is
    not a reason to stay down: requests answer 503 until it is back."""
    try:
        async with database.read() as session:
            migrated = await session.run_sync(
                lambda sync: inspect(sync.connection()).has_table(Certification.__tablename__)
            )
            stale = await stale_certifications(session, registry) if migrated else []
    except Exception as error:
        if not is_database_down(error):
            raise
        logger.warning("certification rates not checked, the database is unavailable: %r", error)
        return
    if not migrated:
        raise RuntimeError("the database has no peerlearn tables: run `peerlearn db upgrade`")
    if stale:
        raise RuntimeError(
            f"certification rates set in settings are not in force: {', '.join(stale)}; "
            "run `peerlearn db upgrade` to apply them from today"
        )


def create_app(
    settings: Settings | None = None,
    *,
    registry: Registry | None = None,
    database: Database | None = None,
    clock: Clock | None = None,
) -> Starlette:
    """``clock`` is the time the in-process task runner works for (a test sets it)."""
    settings = settings or Settings.from_env()
    start_tracing(settings)
    registry = registry or load_registry(settings)
    built = build_schema(registry, settings)
    database = database or Database.from_settings(settings)
    tasks = (
        InProcessRunner(
            database, registry, interval=settings.task_interval_seconds, clock=clock or utcnow
        )
        if settings.runs_tasks_in_process
        else None
    )

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        """Ready means writable: a database that answers reads but refuses writes (a
        write-protected file, a standby) is not ready either."""
        try:
            await database.check_writable()
        except ReadOnly:
            logger.warning("readiness check failed: the database refuses writes")
            return _unready("the database refuses writes")
        except Exception as error:  # any failure to reach the database means "not ready"
            logger.warning("readiness check failed: %r", error)
            return _unready("the database cannot be reached")
        return JSONResponse({"status": "ready", "programs": list(registry.slugs[1:])})

    about = {
        "service": "peerlearn",
        "version": version("peerlearn"),
        "graphql": "/graphql",
        "health": "/healthz",
        "readiness": "/readyz",
    }

    async def root(_: Request) -> Response:
        """GraphiQL when it is served; otherwise where things are, for whoever looks."""
        if settings.serves_graphiql:
            return RedirectResponse("/graphql")
        return JSONResponse(about)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        logger.info(
            "peerlearn %s in %s mode: GraphiQL %s, introspection and field suggestions %s",
            version("peerlearn"),
            settings.mode,
            "on" if settings.serves_graphiql else "off",
            "off" if settings.production else "on",
        )
        await refuse_stale_certifications(database, registry)
        if tasks is not None:
            tasks.start()
        tune_for_serving()
        yield
        if tasks is not None:
            await tasks.stop()
        await database.dispose()

    authenticator = Authenticator(settings, database, registry.access_rules)
    endpoint = GraphQLEndpoint(built, database, registry, settings)
    graphql = Authenticated(Idempotent(endpoint, database), authenticator)

    def signed_in(produce: Produce) -> Authenticated:
        """A download for the viewer a bearer token signs in (anonymous without one)."""
        return Authenticated(
            request_response(download_endpoint(database, registry, produce)), authenticator
        )

    calendar = download_endpoint(database, registry, calendar_feed)
    metrics = Metrics(database.engine, settings.metrics_token) if settings.metrics else None
    routes: list[BaseRoute] = [
        Route("/", root),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql),  # GraphQLEndpoint answers other methods with 405
        Route(CERTIFICATE_ROUTE, signed_in(certificate_pdf), methods=["GET"]),
        Route(TRANSCRIPT_PDF_ROUTE, signed_in(transcript_pdf), methods=["GET"]),
        Route(TRANSCRIPT_CSV_ROUTE, signed_in(transcript_csv), methods=["GET"]),
        Route(CALENDAR_ROUTE, calendar, methods=["GET"]),
        Route(EXPORT_ROUTE, signed_in(export_csv(database, registry)), methods=["GET"]),
        Route(PERSONAL_DATA_ROUTE, signed_in(personal_data_json), methods=["GET"]),
    ]
    if metrics is not None:
        routes.append(Route("/metrics", metrics.endpoint))
    if settings.serves_graphiql:
        routes.append(assets_route())
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestLog, observe=metrics.observe if metrics is not None else None),
            Middleware(Speaking),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
        ],
        lifespan=lifespan,
    )
    app.state.registry = registry
    app.state.database = database
    app.state.schema = built
    app.state.tasks = tasks
    return app
