"""Who sees answers: the person who gave them and the questionnaire's program staff over that
person; nobody else (not another member, not a facilitator, not staff of another program or
organization). A program's eligibility rules on ``core.questionnaire.submit`` decide who may
answer about what. And once per person and subject holds under concurrent submits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from core.access import load_viewer
from core.db import Database
from core.eligibility import Decision, EligibilityCheck
from core.errors import RuleViolation
from core.plugin_host import load_registry
from core.questionnaires import service as questionnaires
from core.questionnaires.answers import Answer
from core.questionnaires.models import Submission
from core.questionnaires.service import SUBMIT as SUBMIT_ACTION
from core.registry import Registry
from core.settings import Settings
from tests.authz_documents import ASSIGN_ROLE
from tests.core_service_support import pk
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient
from tests.questionnaire_support import ANSWERS, ANSWERS_ABOUT, KEY, PROGRAM, codes, submit

Clients = Callable[[int | str | None], GraphQLClient]
CONCURRENT_SUBMITS = 24

NODE = "query($id: ID!) { node(id: $id) { id } }"


def _ids(body: dict) -> list[str]:
    return [s["personId"] for s in body["questionnaireAnswers"]["nodes"]]


async def test_core_questionnaire_answers_are_the_persons_and_their_program_staffs(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, elsewhere = await make.organization(), await make.organization()
    p, q, coordinator, facilitator, other_staff, outsider = [
        await make.person(organization=organization) for _ in range(5)
    ] + [await make.person(organization=elsewhere)]
    roles = [
        (coordinator, organization, None, "COORDINATOR"),
        (other_staff, organization, "ocfp_practising_well", "PROGRAM_STAFF"),
        (outsider, elsewhere, PROGRAM, "PROGRAM_STAFF"),
    ]
    for person, org, program, role in roles:
        await gql.mutate(
            ASSIGN_ROLE, personId=person, organizationId=org, program=program, role=role
        )
    circle = await make.group(organization=organization)
    await gql.mutate(JOIN_GROUP, groupId=circle, personId=facilitator, role="FACILITATOR")
    await gql.mutate(JOIN_GROUP, groupId=circle, personId=p, role="MEMBER")
    workshop = await make.activity(organization=organization)
    given = await submit(client_for(p), workshop)
    await submit(client_for(q), workshop)
    variables = {"program": PROGRAM, "key": KEY, "subject": workshop}

    seen = {
        person: _ids(await client_for(person).data(ANSWERS_ABOUT, variables))
        for person in (p, q, coordinator, facilitator, other_staff, outsider)
    }
    nodes = {
        person: (await client_for(person).data(NODE, {"id": given["submission"]["id"]}))["node"]
        for person in (q, facilitator, other_staff, outsider)
    }

    assert seen == {
        p: [p],
        q: [q],
        coordinator: [p, q],
        facilitator: [],
        other_staff: [],
        outsider: [],
    }
    assert nodes == dict.fromkeys(nodes)


async def test_core_questionnaire_submitted_once_under_24_concurrent_submits(
    database: Database, make: Factory, client_for: Clients
) -> None:
    person, workshop = await make.person(), await make.activity()
    physician = client_for(person)

    payloads = await asyncio.gather(
        *(submit(physician, workshop) for _ in range(CONCURRENT_SUBMITS))
    )

    taken = [p for p in payloads if not p["errors"]]
    refused = [p for p in payloads if p["errors"]]
    assert len(taken) == 1
    assert {code for p in refused for code in codes(p)} == {"CORE-QUESTIONNAIRE-SUBMITTED"}
    async with database.read() as session:
        stored = await session.scalar(
            select(func.count()).where(
                Submission.person_id == pk(person), Submission.subject_id == pk(workshop)
            )
        )
    assert stored == 1


class AttendeesOnly:
    """A program's limit on who answers about what, as SGLS would ask only attendees."""

    code = "EX-ATTENDEES"
    applies_to = frozenset({SUBMIT_ACTION})

    async def evaluate(self, check: EligibilityCheck) -> Decision:
        return Decision.deny(self.code, f"Only attendees answer about activity {check.subject_id}.")


async def test_core_questionnaire_a_programs_rule_on_submitting_is_asked(
    settings: Settings, database: Database, make: Factory
) -> None:
    person, workshop = pk(await make.person()), pk(await make.activity())
    registry = Registry(
        replace(p, eligibility_rules=(AttendeesOnly(),)) if p.slug == PROGRAM else p
        for p in load_registry(settings).programs
    )

    with pytest.raises(RuleViolation) as refused:
        async with database.write() as session:
            await questionnaires.submit(
                session,
                registry,
                await load_viewer(session, person),
                program=PROGRAM,
                key=KEY,
                version=None,
                subject=("Activity", workshop),
                answers=[Answer(**answer) for answer in ANSWERS],
            )

    assert [r.code for r in refused.value.reasons] == ["EX-ATTENDEES"]
    assert str(workshop) in refused.value.reasons[0].message
