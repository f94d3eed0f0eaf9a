"""Ways of asking the GraphQL API: over HTTP (in-process ASGI, the real endpoint with its
sign-in, limits and serialization) or through ``schema.execute`` with the endpoint's context
(execution alone)."""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from core.access import Viewer
from core.db import Database
from core.graphql.context import Context
from core.graphql.schema import BuiltSchema
from core.registry import Registry
from core.settings import Settings


class GraphQLError(RuntimeError):
    """The API answered with errors where the benchmark expects data."""


class HttpGraphQL:
    """Posts queries to ``/graphql``; ``raw`` returns the body's bytes unread (what is timed),
    ``data`` the decoded ``data`` (what is checked). Any error stops the benchmark."""

    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self._http = http
        self._headers = headers

    async def raw(self, query: str, variables: dict[str, Any]) -> bytes:
        response = await self._http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self._headers
        )
        response.raise_for_status()
        return response.content

    async def data(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = orjson.loads(await self.raw(query, variables))
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        data: dict[str, Any] = body["data"]
        return data


class DirectGraphQL:
    """Runs queries with ``schema.execute`` and a fresh context per request, as the endpoint
    makes one (loaders never cache across runs): no HTTP, no sign-in."""

    def __init__(
        self,
        built: BuiltSchema,
        database: Database,
        registry: Registry,
        settings: Settings,
        viewer: Viewer,
    ) -> None:
        self._built = built
        self._database = database
        self._registry = registry
        self._settings = settings
        self._viewer = viewer

    async def __call__(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        context = Context(
            db=self._database,
            registry=self._registry,
            settings=self._settings,
            viewer=self._viewer,
            node_resolvers=self._built.node_resolvers,
        )
        result = await self._built.schema.execute(
            query, variable_values=variables, context_value=context
        )
        if result.errors:
            raise GraphQLError(result.errors)
        assert result.data is not None
        return result.data
