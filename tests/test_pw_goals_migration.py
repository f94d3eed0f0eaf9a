"""Migrations ``core_0010`` and ``ocfp_practising_well_0005``: Practising Well's goals move into
core's plans (one plan per learner), keeping their ids, parts, states, guides and the progress
reports that name them; a downgrade moves them back. When core already holds goals with those
ids, the moved goals (and what names them) move up past core's highest."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection

from core.db import Database, UTCDateTime
from core.migrate import alembic_config
from core.plugin_host import load_registry
from tests.test_certification_settings import fresh_url  # noqa: F401 (a fixture)
from tests.test_credit_reports_migration import _alembic, _settings

PW = "ocfp_practising_well"
AT = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
GOAL = {
    "specific": "Build a tapering plan template",
    "measurable": "Use it with five patients",
    "achievable": "Two hours a month with my guide",
    "relevant": "A quarter of my practice lives with chronic pain",
    "target_date": date(2026, 6, 1),
    "term": "short",
}
SHOWN = ("id", "specific", "target_date", "term", "status", "closed_at")


def _table(name: str, *columns: str) -> sa.TableClause:
    times = {"created_at", "closed_at", "applied_at", "submitted_at", "updated_at"}
    types = {c: UTCDateTime(timezone=True) for c in times} | {"target_date": sa.Date()}
    return sa.table(
        name, sa.column("id", sa.Integer), *(sa.column(c, types.get(c)) for c in columns)
    )


async def _insert(database: Database, table: str, **values: Any) -> int:
    async with database.engine.begin() as connection:
        rows = _table(table, *values)
        return (
            await connection.execute(rows.insert().values(**values).returning(rows.c.id))
        ).scalar_one()


async def _rows(database: Database, table: str, *columns: str) -> list[tuple] | None:
    """The table's rows (those columns, by the first); None when the table does not exist."""

    def read(connection: Connection) -> list[tuple] | None:
        if not sa.inspect(connection).has_table(table):
            return None
        rows = _table(table, *[c for c in columns if c != "id"])
        picked = [rows.c[c] for c in columns]
        return [tuple(r) for r in connection.execute(sa.select(*picked).order_by(*picked))]

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def _person(database: Database, n: int) -> int:
    return await _insert(
        database,
        "core_people",
        given_name="Mig",
        family_name=f"Ration {n}",
        email=f"goals-migration-{n}-{id(database)}@example.org",
        profession="family_physician",
        created_at=AT,
    )


async def _pw_world(database: Database) -> dict[str, int]:
    """A learner with two goals (one with a guide, one achieved) and a report on the first."""
    organization = await _insert(
        database,
        "core_organizations",
        name=f"OCFP {id(database)}",
        kind="association",
        created_at=AT,
    )
    ids = {"organization": organization}
    ids["learner_person"], ids["guide_person"] = [await _person(database, n) for n in (1, 2)]
    ids["learner"] = await _insert(
        database,
        f"{PW}_learners",
        person_id=ids["learner_person"],
        organization_id=organization,
        status="approved",
        topics="[]",
        reporting="certificate",
        applied_at=AT,
    )
    caseload = await _insert(
        database,
        "core_groups",
        organization_id=organization,
        program=PW,
        kind=f"{PW}.caseload",
        name="Caseload",
        capacity=3,
        created_at=AT,
    )
    ids["guide"] = await _insert(
        database,
        f"{PW}_guides",
        person_id=ids["guide_person"],
        organization_id=organization,
        caseload_group_id=caseload,
        bio="A guide.",
        topics="[]",
        accepting=True,
        created_at=AT,
    )
    goal = dict(GOAL, learner_id=ids["learner"], created_at=AT)
    ids["goal"] = await _insert(
        database, f"{PW}_goals", **goal, guide_id=ids["guide"], status="active"
    )
    ids["achieved"] = await _insert(
        database, f"{PW}_goals", **goal, status="achieved", closed_at=AT
    )
    await _insert(
        database,
        f"{PW}_progress_reports",
        learner_id=ids["learner"],
        goal_id=ids["goal"],
        progress=3,
        reflection="On track.",
        submitted_at=AT,
    )
    return ids


async def _another_programs_goal(database: Database, organization: int, person: int) -> int:
    plan = await _insert(
        database,
        "core_plans",
        program="example",
        kind="example.improvement_plan",
        organization_id=organization,
        person_id=person,
        title="Someone else's",
        summary="",
        state="draft",
        version=1,
        created_at=AT,
        updated_at=AT,
    )
    return await _insert(
        database, "core_plan_goals", **GOAL, plan_id=plan, status="active", created_at=AT
    )


@pytest.mark.parametrize("clash", [False, True], ids=["ids-kept", "ids-taken"])
async def test_pw_goals_move_to_core_plans_and_back_with_their_data(
    fresh_url: str,  # noqa: F811
    clash: bool,
) -> None:
    database = Database.from_settings(_settings(fresh_url))
    config = alembic_config(load_registry(_settings(fresh_url)))
    try:
        await _alembic(database, config, command.upgrade, "core_0010", f"{PW}@{PW}_0004")
        ids = await _pw_world(database)
        shift = 0
        if clash:  # another program's goals already hold ids 1 and 2
            for _ in range(2):
                shift = await _another_programs_goal(
                    database, ids["organization"], ids["guide_person"]
                )

        await _alembic(database, config, command.upgrade, f"{PW}@head")
        plans = await _rows(database, "core_plans", "program", "kind", "person_id", "state")
        goals = await _rows(database, "core_plan_goals", *SHOWN)
        guides = await _rows(database, f"{PW}_goal_guides", "goal_id", "guide_id")
        reports = await _rows(database, f"{PW}_progress_reports", "goal_id")
        gone = await _rows(database, f"{PW}_goals", "id")
        fresh = await _another_programs_goal(database, ids["organization"], ids["guide_person"])

        await _alembic(database, config, command.downgrade, f"{PW}@{PW}_0004")
        back = await _rows(database, f"{PW}_goals", *SHOWN, "learner_id", "guide_id")
        left = await _rows(database, "core_plans", "program")
        reports_back = await _rows(database, f"{PW}_progress_reports", "goal_id")
        await _alembic(database, config, command.upgrade, f"{PW}@head")
        again = await _rows(database, "core_plan_goals", "id")
    finally:
        await database.dispose()

    first, achieved = ids["goal"] + shift, ids["achieved"] + shift
    others = ["example"] * (2 if clash else 0)
    assert plans[len(others) :] == [(PW, f"{PW}.learning_goals", ids["learner_person"], "draft")]
    assert goals[len(others) :] == [
        (first, GOAL["specific"], GOAL["target_date"], "short", "active", None),
        (achieved, GOAL["specific"], GOAL["target_date"], "short", "achieved", AT),
    ]
    assert (guides, reports, gone) == ([(first, ids["guide"])], [(first,)], None)
    assert fresh > achieved  # a new goal never takes a moved goal's id
    assert back == [
        (
            first,
            GOAL["specific"],
            GOAL["target_date"],
            "short",
            "active",
            None,
            ids["learner"],
            ids["guide"],
        ),
        (
            achieved,
            GOAL["specific"],
            GOAL["target_date"],
            "short",
            "achieved",
            AT,
            ids["learner"],
            None,
        ),
    ]
    assert (left, reports_back) == ([("example",)] * (len(others) + 1), [(first,)])
    assert len(again) == len(others) + 1 + 2
