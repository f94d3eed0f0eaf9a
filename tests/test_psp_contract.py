"""The small group learning sessions program passes the contract every program plugin must pass."""

from __future__ import annotations

from core.testing import ProgramContract


class TestSmallGroupLearning(ProgramContract):
    slug = "psp_sgls"
