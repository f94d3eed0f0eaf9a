"""What the tests of core's services share: ids of rows the public API made, the registry and
viewers the services are called with, and a write transaction on the suite's database."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest

from core.access import Grant, Viewer
from core.errors import RuleViolation
from core.graphql.relay import from_global_id
from core.people.models import Role
from core.plugin_host import load_registry
from core.registry import Registry
from core.settings import Settings
from plugins.ocfp_practising_well import SLUG
from tests.factories import Factory


def pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


def registry_of(settings: Settings) -> Registry:
    return load_registry(settings)


def staff(person_id: int, organization_id: int, program: str | None = SLUG) -> Viewer:
    """A program staff member of the organization, as a program's workflow is called."""
    return Viewer(person_id, (Grant(Role.PROGRAM_STAFF, organization_id, program),))


async def organization_and_person(make: Factory) -> tuple[int, int]:
    """A fresh organization and a family physician registered in it."""
    organization = await make.organization()
    person = await make.person(organization=organization)
    return pk(organization), pk(person)


async def refusal_codes(action: Awaitable[object]) -> list[str]:
    """The rule codes an action that must be refused is refused with."""
    with pytest.raises(RuleViolation) as refused:
        await action
    return [r.code for r in refused.value.reasons]
