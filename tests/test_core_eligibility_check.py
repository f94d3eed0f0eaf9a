"""One eligibility call: ``core.eligibility.check`` asks every rule on the action of core and
the subject's program only, and its decision refuses with the rules' codes."""

from __future__ import annotations

import pytest

from core import eligibility
from core.db import Database
from core.eligibility import Decision
from core.errors import RuleViolation
from core.settings import Settings
from tests.core_service_support import pk, registry_of
from tests.factories import Factory

JOIN = "core.group.join"


async def _join_decision(
    database: Database, settings: Settings, make: Factory, profession: str, program: str
) -> Decision:
    """What the rules say to a new person of the profession joining a group of the program."""
    person = pk(await make.person(profession))
    async with database.read() as session:
        return await eligibility.check(
            session, registry_of(settings), JOIN, person, subject_id=None, program=program
        )


@pytest.mark.parametrize(("profession", "allowed"), [("FAMILY_PHYSICIAN", True), ("MOA", False)])
async def test_check_gives_the_programs_rule_on_the_action_its_say(
    database: Database, settings: Settings, make: Factory, profession: str, allowed: bool
) -> None:
    decision = await _join_decision(database, settings, make, profession, "example")

    assert decision.allowed is allowed
    assert [(r.code, r.allowed) for r in decision.reasons] == [("EX-PHYSICIAN", allowed)]


async def test_check_leaves_out_every_other_programs_rules(
    database: Database, settings: Settings, make: Factory
) -> None:
    decision = await _join_decision(database, settings, make, "MOA", "core")

    assert decision.allowed
    assert decision.reasons == ()


async def test_check_refuses_with_the_rules_codes_when_raised(
    database: Database, settings: Settings, make: Factory
) -> None:
    decision = await _join_decision(database, settings, make, "MOA", "example")

    with pytest.raises(RuleViolation) as refused:
        decision.raise_if_denied()
    assert [r.code for r in refused.value.reasons] == ["EX-PHYSICIAN"]
