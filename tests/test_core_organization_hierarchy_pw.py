"""A program's own staff-of-organization checks reach down the tree too: Practising Well staff
of a regional support team read the Information Exchange and the Peer Guide directory of the
divisions below it, never of a division under another team."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient
from tests.organization_hierarchy_support import create_organization
from tests.pw_exchange_support import ADD_RESOURCE, RESOURCES, _staff
from tests.pw_support import DIRECTORY


async def _under(gql: GraphQLClient, parent: str | None) -> str:
    body = await create_organization(gql, parent)
    return str(body["data"]["createOrganization"]["organization"]["id"])


@pytest.fixture
async def teams(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> tuple[GraphQLClient, str, str]:
    """Practising Well staff of one team, a division below it and one under another team."""
    province = await _under(gql, None)
    team, other_team = await _under(gql, province), await _under(gql, province)
    staff = client_for(await _staff(gql, make, team))
    return staff, await _under(gql, team), await _under(gql, other_team)


@pytest.mark.parametrize("below", [True, False], ids=["below", "across"])
async def test_core_organization_reach_opens_a_divisions_exchange(
    gql: GraphQLClient, teams: tuple[GraphQLClient, str, str], below: bool
) -> None:
    staff, division, elsewhere = teams
    organization = division if below else elsewhere
    title = unique("Tapering")
    await gql.mutate(
        ADD_RESOURCE,
        organizationId=organization,
        title=title,
        topic="CHRONIC_PAIN",
        summary="A division's tapering guide.",
        url="https://division.example.org/taper",
    )

    found = await staff.data(RESOURCES, {"org": organization})

    titles = {e["node"]["title"] for e in found["pwResources"]["edges"]}
    assert (title in titles) is below


@pytest.mark.parametrize("below", [True, False], ids=["below", "across"])
async def test_core_organization_reach_opens_a_divisions_guide_directory(
    teams: tuple[GraphQLClient, str, str], below: bool
) -> None:
    staff, division, elsewhere = teams

    found = await staff.data(DIRECTORY, {"org": division if below else elsewhere})

    assert found["pwGuideDirectory"]["decision"]["allowed"] is below
