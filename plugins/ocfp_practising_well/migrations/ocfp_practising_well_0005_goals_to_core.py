"""goals move to core's plans

Revision ID: ocfp_practising_well_0005
Revises: ocfp_practising_well_0004
Create Date: 2026-12-03 08:00:00

A learner's SMART goals are now the goals of their core plan of the kind
``ocfp_practising_well.learning_goals`` (``core_plans`` and ``core_plan_goals``, revision
``core_0010``). Each learner with goals gets one draft plan; each goal moves there keeping its
id (so a goal's global ID, and the sessions and progress reports naming it, stay as they were),
unless core already holds goals with those ids, when all move up past core's highest. The guide
a goal was worked on with stays Practising Well's, in ``goal_guides``; sessions and progress
reports now reference core's goals. A downgrade moves Practising Well's goals back.

SQLite checks foreign keys at commit here (``defer_foreign_keys``), since references are
rewritten while the tables holding them are rebuilt.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "ocfp_practising_well_0005"
down_revision: str | None = "ocfp_practising_well_0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = ("core_0010",)

SLUG = "ocfp_practising_well"
KIND = f"{SLUG}.learning_goals"
TITLE = "Practising Well learning goals"
PW_GOALS = f"{SLUG}_goals"
CORE_GOALS = "core_plan_goals"
GUIDES = f"{SLUG}_goal_guides"
REFERRING = (f"{SLUG}_sessions", f"{SLUG}_progress_reports")
PARTS = ("specific", "measurable", "achievable", "relevant", "target_date", "term", "status")
TIMES = ("created_at", "closed_at")


def _goals(name: str, *extra: sa.ColumnClause) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("id", sa.Integer),
        *(sa.column(c) for c in PARTS),
        *(sa.column(c, core.db.UTCDateTime(timezone=True)) for c in TIMES),
        *extra,
    )


pw_goals = _goals(PW_GOALS, sa.column("learner_id", sa.Integer), sa.column("guide_id"))
core_goals = _goals(CORE_GOALS, sa.column("plan_id", sa.Integer))
learners = sa.table(
    f"{SLUG}_learners",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("organization_id", sa.Integer),
)
plans = sa.table(
    "core_plans",
    sa.column("id", sa.Integer),
    *(
        sa.column(c)
        for c in ("program", "kind", "title", "summary", "state", "version", "organization_id")
    ),
    sa.column("person_id", sa.Integer),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", core.db.UTCDateTime(timezone=True)),
    sa.column("updated_at", core.db.UTCDateTime(timezone=True)),
)
guides = sa.table(GUIDES, sa.column("goal_id", sa.Integer), sa.column("guide_id", sa.Integer))
pw_plans = sa.and_(plans.c.program == SLUG, plans.c.kind == KIND)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _follow_sequence(table: str) -> None:
    """After rows were written with their own ids, PostgreSQL's sequence must pass them."""
    if not _sqlite():
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        )


def _retarget(source: str, target: str, shift: int) -> None:
    """Sessions and progress reports name their goal in ``target`` instead of ``source``,
    the goal ids moved up by ``shift``."""
    for table in REFERRING:
        old, new = (op.f(f"fk_{table}_goal_id_{name}") for name in (source, target))
        goal = sa.table(table, sa.column("goal_id", sa.Integer))
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(old, type_="foreignkey")
        if shift:
            op.execute(
                goal.update()
                .where(goal.c.goal_id.is_not(None))
                .values(goal_id=goal.c.goal_id + shift)
            )
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(new, target, ["goal_id"], ["id"])


def upgrade() -> None:
    if _sqlite():
        op.execute("PRAGMA defer_foreign_keys = ON")
    bind = op.get_bind()
    clash = bind.scalar(
        sa.select(sa.func.count()).where(core_goals.c.id.in_(sa.select(pw_goals.c.id)))
    )
    highest = sa.select(sa.func.coalesce(sa.func.max(core_goals.c.id), 0))
    shift = bind.execute(highest).scalar_one() if clash else 0
    owned = sa.select(
        sa.literal(SLUG),
        sa.literal(KIND),
        sa.literal(TITLE),
        sa.literal(""),
        sa.literal("draft"),
        sa.literal(1),
        learners.c.organization_id,
        learners.c.person_id,
        learners.c.person_id,
        sa.func.min(pw_goals.c.created_at),
        sa.literal(datetime.now(UTC), core.db.UTCDateTime(timezone=True)),
    ).select_from(pw_goals.join(learners, learners.c.id == pw_goals.c.learner_id))
    owned = owned.group_by(learners.c.id, learners.c.organization_id, learners.c.person_id)
    columns = ["program", "kind", "title", "summary", "state", "version", "organization_id"]
    columns += ["person_id", "created_by_id", "created_at", "updated_at"]
    op.execute(plans.insert().from_select(columns, owned.order_by(learners.c.id)))
    moved = (
        sa.select(
            pw_goals.c.id + shift,
            plans.c.id,
            *(pw_goals.c[c] for c in (*PARTS, *TIMES)),
        )
        .select_from(pw_goals)
        .join(learners, learners.c.id == pw_goals.c.learner_id)
        .join(plans, sa.and_(pw_plans, plans.c.person_id == learners.c.person_id))
        .order_by(pw_goals.c.id)
    )
    op.execute(core_goals.insert().from_select(["id", "plan_id", *PARTS, *TIMES], moved))
    _follow_sequence(CORE_GOALS)
    op.create_table(
        GUIDES,
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], [f"{CORE_GOALS}.id"], name=op.f(f"fk_{GUIDES}_goal_id_{CORE_GOALS}")
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"], [f"{SLUG}_guides.id"], name=op.f(f"fk_{GUIDES}_guide_id_{SLUG}_guides")
        ),
        sa.PrimaryKeyConstraint("goal_id", name=op.f(f"pk_{GUIDES}")),
    )
    op.create_index(op.f(f"ix_{GUIDES}_guide_id"), GUIDES, ["guide_id"])
    worked_with = sa.select(pw_goals.c.id + shift, pw_goals.c.guide_id).where(
        pw_goals.c.guide_id.is_not(None)
    )
    op.execute(guides.insert().from_select(["goal_id", "guide_id"], worked_with))
    _retarget(PW_GOALS, CORE_GOALS, shift)
    op.drop_index(op.f(f"ix_{PW_GOALS}_learner_id"), table_name=PW_GOALS)
    op.drop_table(PW_GOALS)


def downgrade() -> None:
    if _sqlite():
        op.execute("PRAGMA defer_foreign_keys = ON")
    op.create_table(
        PW_GOALS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=True),
        *(sa.Column(c, sa.String(length=1000), nullable=False) for c in PARTS[:4]),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column(
            "term", sa.Enum("short", "long", name="goalterm", native_enum=False), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum("active", "achieved", "set_aside", name="goalstatus", native_enum=False),
            nullable=False,
        ),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            [f"{SLUG}_guides.id"],
            name=op.f(f"fk_{PW_GOALS}_guide_id_{SLUG}_guides"),
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            [f"{SLUG}_learners.id"],
            name=op.f(f"fk_{PW_GOALS}_learner_id_{SLUG}_learners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{PW_GOALS}")),
    )
    op.create_index(op.f(f"ix_{PW_GOALS}_learner_id"), PW_GOALS, ["learner_id"])
    back = (
        sa.select(
            core_goals.c.id,
            learners.c.id,
            guides.c.guide_id,
            *(core_goals.c[c] for c in (*PARTS, *TIMES)),
        )
        .select_from(core_goals)
        .join(plans, sa.and_(plans.c.id == core_goals.c.plan_id, pw_plans))
        .join(learners, learners.c.person_id == plans.c.person_id)
        .outerjoin(guides, guides.c.goal_id == core_goals.c.id)
        .order_by(core_goals.c.id)
    )
    op.execute(
        pw_goals.insert().from_select(["id", "learner_id", "guide_id", *PARTS, *TIMES], back)
    )
    _follow_sequence(PW_GOALS)
    _retarget(CORE_GOALS, PW_GOALS, 0)
    op.drop_index(op.f(f"ix_{GUIDES}_guide_id"), table_name=GUIDES)
    op.drop_table(GUIDES)
    mine = sa.select(plans.c.id).where(pw_plans)
    op.execute(core_goals.delete().where(core_goals.c.plan_id.in_(mine)))
    op.execute(plans.delete().where(pw_plans))
