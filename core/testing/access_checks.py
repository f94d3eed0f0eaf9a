"""The contract's access checks, which :class:`~core.testing.ProgramContract` inherits:
anonymous callers, members and the program's staff of another organization read and change
nothing of a person's data in the program."""

from __future__ import annotations

from typing import ClassVar

import pytest

from core.db import Database
from core.graphql.schema import build_schema
from core.registry import Registry
from core.testing.personal_data import (
    anonymous_sweep,
    contributed,
    probe_problems,
    stranger_changes,
    stranger_reads,
)
from core.testing.world import PersonalData, World, build_world, contract_settings


class AccessContract:
    """Needs the ``contract_registry`` and ``contract_database`` fixtures of the contract."""

    slug: ClassVar[str]
    public_fields: ClassVar[frozenset[str]] = frozenset()
    """Root fields anyone may call and get data from (a public catalog): the sweep skips them."""

    async def personal_data(self, world: World) -> PersonalData | None:
        """Seed a record of ``world.owner`` holding ``world.secret`` through the program's own
        API (``world.data(document, variables, by="owner" or "staff")``) and return the
        operations that read and change it. None: the program keeps nothing about anyone."""
        return None

    @pytest.fixture
    async def contract_world(
        self, contract_registry: Registry, contract_database: Database
    ) -> World:
        settings = contract_settings((self.slug,))
        schema = build_schema(contract_registry, settings)
        return await build_world(schema, contract_database, contract_registry, settings, self.slug)

    async def _probe(self, world: World) -> PersonalData:
        data = await self.personal_data(world)
        if data is None:
            added = contributed(world.registry, self.slug)
            assert not added, f"{self.slug} adds {added}: override personal_data to seed a record"
            return PersonalData(reads=())
        problems = await probe_problems(world, data)
        assert not problems, "\n".join(problems)
        return data

    async def test_contract_strangers_read_no_personal_data(self, contract_world: World) -> None:
        """Anonymous, a member and the program's staff of another organization get an error or
        nothing from each read of the owner's data."""
        problems = await stranger_reads(contract_world, await self._probe(contract_world))
        assert not problems, "\n".join(problems)

    async def test_contract_strangers_change_no_personal_data(self, contract_world: World) -> None:
        """The same strangers' changes get an error or nothing and leave the data as it was."""
        problems = await stranger_changes(contract_world, await self._probe(contract_world))
        assert not problems, "\n".join(problems)

    async def test_contract_anonymous_callers_get_nothing_from_any_field(
        self, contract_world: World
    ) -> None:
        """Every root field the program adds, but ``public_fields``, called anonymously with
        the least arguments it takes (the owner's, their organization's and the probe's IDs),
        returns no data and changes nothing."""
        data = await self._probe(contract_world)
        fields = contributed(contract_world.registry, self.slug)
        problems = await anonymous_sweep(contract_world, fields, data, self.public_fields)
        assert not problems, "\n".join(problems)
