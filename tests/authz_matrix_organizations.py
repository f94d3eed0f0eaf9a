"""The authorization matrix's rows for the organization tree's mutations.

Each case moves a fresh organization made under A to another fresh one under A: staff whose
role reaches A (its coordinator) and the platform admin may; no one else, B's staff included.
"""

from __future__ import annotations

from typing import Any

from tests.authz_outcomes import STAFF_OF_A, Entry, inputs, mutation
from tests.authz_world import World
from tests.organization_hierarchy_support import create_organization


async def _under_a(w: World) -> str:
    body = await create_organization(w.gql, w.ids["A"])
    return str(body["data"]["createOrganization"]["organization"]["id"])


async def move_within_a(w: World, caller: str) -> dict[str, Any]:
    return {"organizationId": await _under_a(w), "parentId": await _under_a(w)}


ORGANIZATIONS_MATRIX: dict[str, Entry] = {
    "moveOrganization": Entry(
        mutation("moveOrganization", "MoveOrganizationInput", "organization { id }"),
        inputs(move_within_a),
        STAFF_OF_A,
    ),
}
