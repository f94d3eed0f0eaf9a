"""The authorization matrix's rows of area ``lc`` (tests/authz_matrix.py)."""

from __future__ import annotations

import pytest

from tests.authz_matrix import cases, check_case
from tests.authz_world import World


@pytest.mark.parametrize(("name", "caller"), cases("lc"))
async def test_matrix(world: World, name: str, caller: str) -> None:
    await check_case(world, name, caller)
