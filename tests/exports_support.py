"""Downloading CSV exports as a spreadsheet user would, and reading them back."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tests.authz_documents import ASSIGN_ROLE
from tests.certification_support import attend
from tests.factories import Factory
from tests.graphql_client import GraphQLClient

Clients = Callable[[int | str | None], GraphQLClient]
BOM = "\ufeff"


async def download(client: GraphQLClient, name: str, **params: str) -> httpx.Response:
    """The export with its column keys for a header (``header=keys``), which the tests read
    its rows by; a test of the worded header asks for ``header="words"``."""
    params = {"header": "keys", **params}
    return await client.http.get(f"/exports/{name}.csv", params=params, headers=client.headers)


def table(response: httpx.Response) -> list[list[str]]:
    """The rows of a CSV export, header first, once its byte order mark is checked."""
    assert response.status_code == 200, response.text
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def records(response: httpx.Response) -> list[dict[str, str]]:
    header, *rows = table(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def refusal(response: httpx.Response) -> tuple[int, str]:
    body: dict[str, Any] = response.json()
    return response.status_code, body["errors"][0]["extensions"]["code"]


async def staff(gql: GraphQLClient, make: Factory, organization: str, program: str | None) -> str:
    """A new coordinator of the organization, for one program or all of them."""
    person = await make.person(profession="OTHER", organization=organization)
    await gql.mutate(
        ASSIGN_ROLE,
        personId=person,
        organizationId=organization,
        role="COORDINATOR",
        program=program,
    )
    return person


@dataclass(frozen=True)
class Site:
    """An organization with its coordinator, a physician who attended a two-hour workshop (6
    credits) and is in a circle, and another organization's coordinator."""

    organization: str
    coordinator: str
    physician: str
    activity: str
    group: str
    stranger: str


async def site(gql: GraphQLClient, make: Factory, **person: str) -> Site:
    organization = await make.organization()
    physician = await make.person(organization=organization, **person)
    group = await make.group(organization=organization)
    await gql.mutate(
        "mutation($input: JoinGroupInput!) { joinGroup(input: $input) { errors { code } } }",
        groupId=group,
        personId=physician,
    )
    activity = await make.activity(organization=organization)
    await attend(gql, activity, physician)
    other = await make.organization()
    return Site(
        organization=organization,
        coordinator=await staff(gql, make, organization, None),
        physician=physician,
        activity=activity,
        group=group,
        stranger=await staff(gql, make, other, None),
    )
