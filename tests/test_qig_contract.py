"""CPSO QI Groups passes the contract every program plugin must pass."""

from __future__ import annotations

from core.testing import ProgramContract


class TestCpsoQiGroups(ProgramContract):
    slug = "cpso_qi_groups"
