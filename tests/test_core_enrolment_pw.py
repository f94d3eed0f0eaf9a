"""Enrolment with approval as Practising Well uses it: a learner account's approval is the
learner's core enrolment, so core's own mutations reach it and the program reacts (a survey
falls due on approval; matches end when it is closed), and core's eligibility helper gives any
program's rule the enrolment's state (CORE-ENROLMENT-REQUIRED)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.db import Database
from core.eligibility import EligibilityCheck
from core.enrolments.rules import EnrolmentRequired, approved_enrolment
from core.settings import Settings
from tests.core_service_support import pk, registry_of
from tests.enrolment_support import CLOSE, MINE, REQUEST, codes, notifications
from tests.enrolment_support import DECIDE as DECIDE_ENROLMENT
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.pw_factories import APPLY, PwFactory
from tests.pw_lifecycle_support import SURVEYS
from tests.pw_support import MY_ACCOUNT, MY_MEMBERSHIPS, SLUG, SURVEY


async def _enrolment(client: GraphQLClient) -> str:
    (*_, latest) = (await client.data(MINE, {"program": SLUG}))["myEnrolments"]
    return latest["id"]


async def test_core_enrolment_in_practising_well_needs_its_application(
    pw: PwFactory, make: Factory, client_for: Callable[..., GraphQLClient]
) -> None:
    organization, _ = await pw.ocfp()
    physician = client_for(await make.person(organization=organization))

    payload = await physician.payload(REQUEST, program=SLUG, organizationId=organization)

    assert codes(payload) == ["PW-ACCOUNT"]
    assert (await physician.data(MY_ACCOUNT))["pwMyAccount"] is None


async def test_core_enrolment_approved_through_core_starts_the_learners_surveys(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)

    await staff.mutate(DECIDE_ENROLMENT, enrolmentId=await _enrolment(learner.client), approve=True)

    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "APPROVED"
    surveys = (await learner.client.data(SURVEYS))["me"]["open"]["nodes"]
    assert [s["kind"] for s in surveys] == [SURVEY]
    assert [k for k, _ in await notifications(learner.client)] == [f"{SLUG}.enrolment"]


async def test_core_enrolment_closed_ends_the_learners_matches_and_surveys(
    pw: PwFactory,
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    closed = await staff.mutate(
        CLOSE, enrolmentId=await _enrolment(learner.client), reason="Finished the year."
    )

    assert closed["enrolment"]["state"] == "CLOSED"
    assert (await learner.client.data(MY_ACCOUNT))["pwMyAccount"]["status"] == "CLOSED"
    memberships = (await learner.client.data(MY_MEMBERSHIPS))["me"]["memberships"]["nodes"]
    assert [m["status"] for m in memberships] == ["LEFT"]
    assert (await learner.client.data(SURVEYS))["me"]["open"]["nodes"] == []
    messages = [m for _, m in await notifications(learner.client)]
    assert any(m.startswith("OCFP staff closed your Practising Well account") for m in messages)
    again = await learner.client.payload(
        APPLY, organizationId=organization, topicAreas=["CHRONIC_PAIN"], reporting="CERTIFICATE"
    )
    assert again["learner"]["status"] == "PENDING"


@pytest.mark.parametrize(
    ("approve", "allowed", "message"),
    [
        (None, False, "Ask to join"),
        (False, False, "declined"),
        (True, True, "approved"),
    ],
)
async def test_core_enrolment_required_tells_where_the_enrolment_stands(
    pw: PwFactory,
    database: Database,
    settings: Settings,
    approve: bool | None,
    allowed: bool,
    message: str,
) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff, approved=False)
    if approve is not None:
        enrolment = await _enrolment(learner.client)
        await staff.mutate(DECIDE_ENROLMENT, enrolmentId=enrolment, approve=approve)
    program = "example" if approve is None else SLUG
    rule = EnrolmentRequired(program, frozenset({"example.action"}))

    async with database.read() as session:
        decision = await rule.evaluate(
            EligibilityCheck(
                session=session,
                registry=registry_of(settings),
                action="example.action",
                person_id=pk(learner.person),
            )
        )
        own_code = await approved_enrolment(
            session, program=program, person_id=pk(learner.person), code="EX-ENROLLED"
        )

    assert decision.allowed is allowed
    ((reason,),) = [decision.reasons]
    assert reason.code == "CORE-ENROLMENT-REQUIRED"
    assert message in reason.message
    assert [r.code for r in own_code.reasons] == ["EX-ENROLLED"]
