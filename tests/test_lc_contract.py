"""The learning collaborative passes the contract every program plugin must pass."""

from __future__ import annotations

from core.testing import ProgramContract


class TestLearningCollaborative(ProgramContract):
    slug = "learning_collaborative"
