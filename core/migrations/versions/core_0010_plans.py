"""plans: plans owned by a person or a group, their SMART goals and reviews

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-12-03 08:00:00

Tables are only added. A plan's ``version`` starts at 1 and every change raises it in one
conditional UPDATE. Constraint names follow ``core.db.NAMING_CONVENTION``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0010"
down_revision: str | None = "core_0009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

PLANS, GOALS, REVIEWS = "core_plans", "core_plan_goals", "core_plan_reviews"


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, core.db.UTCDateTime(timezone=True), nullable=nullable)


def _reference(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        PLANS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=120), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=9), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _at("created_at"),
        _at("updated_at"),
        _at("submitted_at", nullable=True),
        _at("accepted_at", nullable=True),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (group_id IS NULL)", name=op.f("ck_core_plans_one_owner")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_core_plans_version_positive")),
        _reference(PLANS, "organization_id", "core_organizations"),
        _reference(PLANS, "person_id", "core_people"),
        _reference(PLANS, "group_id", "core_groups"),
        _reference(PLANS, "created_by_id", "core_people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_plans")),
    )
    op.create_index(op.f("ix_core_plans_organization_id"), PLANS, ["organization_id"])
    op.create_index("ix_core_plans_person", PLANS, ["person_id", "program"])
    op.create_index("ix_core_plans_group", PLANS, ["group_id", "program"])
    op.create_table(
        GOALS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("specific", sa.String(length=1000), nullable=False),
        sa.Column("measurable", sa.String(length=1000), nullable=False),
        sa.Column("achievable", sa.String(length=1000), nullable=False),
        sa.Column("relevant", sa.String(length=1000), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("term", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=9), nullable=False),
        _at("created_at"),
        _at("closed_at", nullable=True),
        _reference(GOALS, "plan_id", PLANS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_plan_goals")),
    )
    op.create_index(op.f("ix_core_plan_goals_plan_id"), GOALS, ["plan_id"])
    op.create_table(
        REVIEWS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("comment", sa.String(length=4000), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        _at("created_at"),
        _reference(REVIEWS, "plan_id", PLANS),
        _reference(REVIEWS, "reviewer_id", "core_people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_plan_reviews")),
    )
    op.create_index(op.f("ix_core_plan_reviews_plan_id"), REVIEWS, ["plan_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_core_plan_reviews_plan_id"), table_name=REVIEWS)
    op.drop_table(REVIEWS)
    op.drop_index(op.f("ix_core_plan_goals_plan_id"), table_name=GOALS)
    op.drop_table(GOALS)
    op.drop_index("ix_core_plans_group", table_name=PLANS)
    op.drop_index("ix_core_plans_person", table_name=PLANS)
    op.drop_index(op.f("ix_core_plans_organization_id"), table_name=PLANS)
    op.drop_table(PLANS)
