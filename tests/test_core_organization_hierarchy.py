"""Organizations in a hierarchy, through the API: a role granted on an organization reaches the
organizations below it, never above or across, and the tree never closes into a loop.

The tree (tests/organization_hierarchy_support.py) is BC PSP's: a provincial office above two
regional support teams, divisions below each; N coordinates the northern team.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from core.db import Database
from core.graphql.connections import encode_cursor
from core.graphql.relay import from_global_id, to_global_id
from tests.authz_documents import ASSIGN_ROLE
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.organization_hierarchy_support import (
    MOVE_ORGANIZATION,
    Tree,
    build_tree,
    create_group,
    create_organization,
    error_code,
    move,
    people_seen,
    staff_of,
    tree_of,
)
from tests.statement_counting import counting_statements

REACHED = ("rst_north", "div_a", "div_b")
UNREACHED = ("province", "rst_south", "div_c")
CONCURRENT_MOVES = 24
TREE_PAGE = """
query($first: Int!, $after: String) {
  organizations(first: $first, after: $after) {
    nodes { name parent { name } children { name } ancestors { name } }
  }
}"""


@pytest.fixture
async def tree(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Tree:
    return await build_tree(gql, make, client_for)


async def test_core_organization_tree_reads_parent_children_and_ancestors(tree: Tree) -> None:
    division = await tree_of(tree.north, tree.ids["div_a"])
    team = await tree_of(tree.north, tree.ids["rst_north"])
    province = await tree_of(tree.north, tree.ids["province"])

    assert division["parent"] == {"id": tree.ids["rst_north"]}
    assert division["ancestors"] == [{"id": tree.ids["rst_north"]}, {"id": tree.ids["province"]}]
    assert division["children"] == []
    assert team["children"] == [{"id": tree.ids["div_a"]}, {"id": tree.ids["div_b"]}]
    assert (province["parent"], province["ancestors"]) == (None, [])


async def test_core_organization_reach_coordinator_sees_people_below_only(tree: Tree) -> None:
    seen = await people_seen(tree.north)

    assert {tree.members[o] for o in REACHED} <= seen
    assert not {tree.members[o] for o in UNREACHED} & seen


@pytest.mark.parametrize("organization", REACHED)
async def test_core_organization_reach_coordinator_acts_below(
    tree: Tree, organization: str
) -> None:
    body = await create_group(tree.north, tree.ids[organization])

    assert error_code(body) is None


@pytest.mark.parametrize("organization", UNREACHED)
async def test_core_organization_reach_never_above_or_across(tree: Tree, organization: str) -> None:
    body = await create_group(tree.north, tree.ids[organization])

    assert error_code(body) == "FORBIDDEN"


@pytest.mark.parametrize(("organization", "granted"), [("div_a", True), ("province", False)])
async def test_core_organization_reach_bounds_what_a_coordinator_grants(
    tree: Tree, organization: str, granted: bool
) -> None:
    body = await tree.north.execute(
        ASSIGN_ROLE,
        {
            "input": {
                "personId": tree.members[organization],
                "organizationId": tree.ids[organization],
                "role": "GUIDE",
            }
        },
    )

    assert error_code(body) == (None if granted else "FORBIDDEN")


async def test_core_organization_move_changes_reach_at_once(tree: Tree) -> None:
    for division, team in (("div_c", "rst_north"), ("div_a", "rst_south")):
        await tree.admin.mutate(
            MOVE_ORGANIZATION, organizationId=tree.ids[division], parentId=tree.ids[team]
        )

    seen = await people_seen(tree.north)
    assert tree.members["div_c"] in seen
    assert tree.members["div_a"] not in seen
    assert error_code(await create_group(tree.north, tree.ids["div_c"])) is None
    assert error_code(await create_group(tree.north, tree.ids["div_a"])) == "FORBIDDEN"


@pytest.mark.parametrize(
    ("moved", "parent"),
    [("rst_north", "rst_north"), ("rst_north", "div_a"), ("province", "div_c")],
    ids=["itself", "its-child", "below-its-child"],
)
async def test_core_organization_cycle_refused(tree: Tree, moved: str, parent: str) -> None:
    before = (await tree_of(tree.admin, tree.ids[moved]))["parent"]

    body = await move(tree.admin, tree.ids[moved], tree.ids[parent])

    assert error_code(body) == "CORE-ORGANIZATION-CYCLE"
    assert (await tree_of(tree.admin, tree.ids[moved]))["parent"] == before


@pytest.mark.parametrize(
    ("parent", "code"),
    [("rst_north", None), ("div_b", None), ("rst_south", "FORBIDDEN"), (None, "FORBIDDEN")],
)
async def test_core_organization_created_only_under_a_reached_parent(
    tree: Tree, parent: str | None, code: str | None
) -> None:
    payload = await _created(tree.north, None if parent is None else tree.ids[parent])

    assert payload == code


@pytest.mark.parametrize(
    ("mover", "moved", "parent", "code"),
    [
        ("rst_north", "div_a", "div_b", None),
        ("province", "div_a", "rst_south", None),
        ("rst_north", "div_a", "rst_south", "FORBIDDEN"),
        ("rst_north", "div_c", "rst_north", "FORBIDDEN"),
        ("div_a", "div_a", "div_b", "FORBIDDEN"),
        ("rst_north", "rst_north", None, "FORBIDDEN"),
    ],
    ids=[
        "within-reach",
        "from-the-province",
        "out-of-reach",
        "from-across",
        "by-itself",
        "to-root",
    ],
)
async def test_core_organization_moved_only_by_staff_above_both_ends(
    tree: Tree, mover: str, moved: str, parent: str | None, code: str | None
) -> None:
    client = tree.north if mover == "rst_north" else await staff_of(tree, mover)

    body = await move(client, tree.ids[moved], None if parent is None else tree.ids[parent])

    assert error_code(body) == code


async def test_core_organization_unknown_parent_not_found(tree: Tree) -> None:
    missing = to_global_id("Organization", 10**9)

    assert await _created(tree.admin, missing) == "NOT_FOUND"
    assert error_code(await move(tree.admin, tree.ids["div_a"], missing)) == "NOT_FOUND"


async def _created(client: GraphQLClient, parent: str | None) -> str | None:
    """The refusal's code of creating an organization under ``parent``, None if made."""
    return error_code(await create_organization(client, parent))


async def test_core_organization_cycle_never_closes_under_concurrent_moves(
    gql: GraphQLClient,
) -> None:
    """Each of a ring of organizations moves under the next one at once: any 23 of the moves
    form a chain, all 24 a loop, so exactly one must be refused, whatever the order."""
    root = await _made(gql, None)
    ring = [await _made(gql, root) for _ in range(CONCURRENT_MOVES)]

    bodies = await asyncio.gather(
        *(move(gql, org, ring[(i + 1) % len(ring)]) for i, org in enumerate(ring))
    )

    codes = [error_code(body) for body in bodies]
    assert codes.count("CORE-ORGANIZATION-CYCLE") == 1
    assert codes.count(None) == CONCURRENT_MOVES - 1
    for org in ring:
        ancestors = [a["id"] for a in (await tree_of(gql, org))["ancestors"]]
        assert org not in ancestors
        assert ancestors[-1] == root


async def _made(client: GraphQLClient, parent: str | None) -> str:
    body = await create_organization(client, parent)
    return str(body["data"]["createOrganization"]["organization"]["id"])


async def test_core_organization_tree_fields_cost_flat_statements(
    tree: Tree, database: Database
) -> None:
    """Parents, children and ancestors of a page of organizations come through per-request
    loaders: two organizations cost what six do."""
    after = encode_cursor((from_global_id(tree.ids["province"])[1] - 1,))

    async def statements(first: int) -> int:
        # The second run: the sign-in, read once and reused (core.auth), in neither count.
        await tree.north.data(TREE_PAGE, {"first": first, "after": after})
        with counting_statements(database) as run:
            page = await tree.north.data(TREE_PAGE, {"first": first, "after": after})
        assert len(page["organizations"]["nodes"]) == first
        return len(run)

    assert await statements(2) == await statements(len(tree.ids))
