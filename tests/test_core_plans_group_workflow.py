"""A program's workflow keeps a group's plan through ``core.plans.workflow`` (a QI group's one
PIP): one plan per group even when started twice, goals added and removed at the version read
(CONFLICT otherwise), revised and submitted only while editable, the kind's goal count kept."""

from __future__ import annotations

from datetime import date, timedelta

from core.db import Database
from core.plans import workflow
from core.plans.models import GoalTerm, PlanState
from core.settings import Settings
from tests.core_service_support import pk, refusal_codes, registry_of
from tests.factories import Factory

PROGRAM, KIND = "example", "example.improvement_plan"
PARTS = {
    "specific": "Screen every adult with diabetes for kidney disease.",
    "measurable": "Share screened, monthly, from the EMR.",
    "achievable": "The MOA orders the test at intake.",
    "relevant": "Screening lags our peers.",
}


async def test_core_plan_group_workflow_one_plan_versions_and_submission(
    database: Database, settings: Settings, make: Factory
) -> None:
    registry = registry_of(settings)
    group = pk(await make.group())
    target = date.today() + timedelta(days=30)
    async with database.write() as session:
        plan = await workflow.plan_of_group(
            session, registry, program=PROGRAM, kind=KIND, group_id=group, title="Circle plan"
        )
        again = await workflow.plan_of_group(
            session, registry, program=PROGRAM, kind=KIND, group_id=group, title="Other"
        )
        assert again.id == plan.id
        assert (plan.group_id, plan.person_id, plan.version) == (group, None, 1)
        goal = await workflow.add_goal(
            session,
            registry,
            program=PROGRAM,
            plan=plan,
            parts=PARTS,
            target_date=target,
            term=GoalTerm.SHORT,
            version=1,
        )
        assert await refusal_codes(
            workflow.add_goal(
                session,
                registry,
                program=PROGRAM,
                plan=plan,
                parts=PARTS,
                target_date=target,
                term=GoalTerm.SHORT,
                version=1,
            )
        ) == ["CONFLICT"]
        assert await refusal_codes(
            workflow.submit(session, registry, program=PROGRAM, plan=plan, version=2)
        ) == ["EX-PLAN"]
        written = await workflow.remove_goal(
            session, registry, program=PROGRAM, goal_id=goal.id, version=2
        )
        for version in (3, 4):
            last = await workflow.add_goal(
                session,
                registry,
                program=PROGRAM,
                plan=written,
                parts=PARTS,
                target_date=target,
                term=GoalTerm.SHORT,
                version=version,
            )
        rewritten, written = await workflow.update_goal(
            session,
            registry,
            program=PROGRAM,
            goal_id=last.id,
            version=5,
            parts=PARTS | {"specific": "Screen every adult with hypertension."},
            target_date=target,
            term=GoalTerm.SHORT,
        )
        assert rewritten.specific == "Screen every adult with hypertension."
        submitted = await workflow.submit(
            session, registry, program=PROGRAM, plan=written, version=6
        )
        assert (submitted.state, submitted.version) == (PlanState.SUBMITTED, 7)
        assert await refusal_codes(
            workflow.revise(
                session,
                registry,
                program=PROGRAM,
                plan=submitted,
                version=7,
                title="Late",
                summary="",
            )
        ) == ["CORE-PLAN-STATE"]
        assert await refusal_codes(
            workflow.plan_of_group(
                session,
                registry,
                program="ocfp_practising_well",
                kind=KIND,
                group_id=group,
                title="Not theirs",
            )
        )
