"""``plan.accepted`` (core.events): accepting a plan tells the plan's program, in the same
transaction, once; returning it does not."""

from __future__ import annotations

from collections.abc import Callable

from core.access import load_viewer
from core.db import Database
from core.events import PLAN_ACCEPTED, Event, EventHandler
from core.graphql.relay import from_global_id
from core.plans.models import ReviewDecision
from core.plans.service import review_plan
from core.plugin_host import load_registry
from core.settings import Settings
from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.plans_support import CIRCLE_PLAN, REVIEW, SUBMIT, plan_world
from tests.test_core_events import with_handlers


async def test_core_plan_accepted_event_reaches_the_plans_program_once(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    settings: Settings,
    database: Database,
) -> None:
    w = await plan_world(gql, make, client_for, program="example")
    plan = await w.plan(ownerId=await w.circle(), kind=CIRCLE_PLAN)
    for _ in range(2):
        await w.goal(plan)
    await w.client.mutate(SUBMIT, planId=plan["id"], version=plan["version"])
    await w.staff.mutate(
        REVIEW, planId=plan["id"], version=4, decision="RETURNED", comment="Name a target."
    )
    await w.client.mutate(SUBMIT, planId=plan["id"], version=5)
    heard: list[Event] = []

    async def hear(_session: object, _registry: object, event: Event) -> None:
        heard.append(event)

    registry = with_handlers(load_registry(settings), "example", EventHandler(PLAN_ACCEPTED, hear))
    plan_pk, staff_pk = from_global_id(plan["id"])[1], from_global_id(w.staff_person)[1]
    async with database.write() as session:
        viewer = await load_viewer(session, staff_pk)
        accepted = await review_plan(
            session,
            registry,
            viewer,
            plan_id=plan_pk,
            version=6,
            decision=ReviewDecision.ACCEPTED,
            comment="",
        )

    assert accepted.version == 7
    assert heard == [Event(PLAN_ACCEPTED, "example", plan_pk, None)]
