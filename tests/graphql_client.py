"""A small GraphQL client over the ASGI app, as a frontend would call it."""

from __future__ import annotations

from typing import Any

import httpx


class GraphQLError(AssertionError):
    pass


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str] | None = None) -> None:
        self.http = http
        self.headers = headers or {}

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole response body: ``data`` and, if any, ``errors``."""
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=self.headers
        )
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """``data`` of a response that must carry no GraphQL errors."""
        body = await self.execute(query, variables)
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        return body["data"]

    async def mutate(self, query: str, **input: Any) -> dict[str, Any]:
        """The payload of a one-field mutation taking ``input``, which must carry no errors."""
        payload = await self.payload(query, **input)
        if payload["errors"]:
            raise GraphQLError(payload["errors"])
        return payload

    async def payload(self, query: str, **input: Any) -> dict[str, Any]:
        """The payload of a one-field mutation taking ``input``, errors and all."""
        data = await self.data(query, {"input": input})
        (payload,) = data.values()
        return payload
