"""Test kit for program plugins: ``from core.testing import ProgramContract``."""

from core.testing.contract import ProgramContract
from core.testing.world import Operation, PersonalData, World

__all__ = ["Operation", "PersonalData", "ProgramContract", "World"]
