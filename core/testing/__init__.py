"""Test kit for program plugins: ``from core.testing import ProgramContract``."""

from core.testing.contract import ProgramContract

__all__ = ["ProgramContract"]
