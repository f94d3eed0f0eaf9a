"""The contract kit, run against the example program installed as its own distribution."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.testing import ProgramContract


class TestExampleProgram(ProgramContract):
    slug = "example"

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _installed(cls, example_site: Path) -> Path:
        return example_site
