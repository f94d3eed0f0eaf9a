"""Practising Well passes the contract every program plugin must pass."""

from __future__ import annotations

from core.testing import ProgramContract


class TestPractisingWell(ProgramContract):
    slug = "ocfp_practising_well"
