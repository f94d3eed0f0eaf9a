"""CPSO QI Groups' tables: selections, group bases, individual activities, PIP details and
goal categories, completions and support requests.

Revision ID: cpso_qi_groups_0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "cpso_qi_groups_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("cpso_qi_groups",)
depends_on: Sequence[str] | None = ("core_0010",)


def upgrade() -> None:
    op.create_table(
        "cpso_qi_groups_selections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.String(length=20), nullable=False),
        sa.Column("selected_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["core_organizations.id"],
            name=op.f("fk_cpso_qi_groups_selections_organization_id_core_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core_people.id"],
            name=op.f("fk_cpso_qi_groups_selections_person_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["selected_by_id"],
            ["core_people.id"],
            name=op.f("fk_cpso_qi_groups_selections_selected_by_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cpso_qi_groups_selections")),
        sa.UniqueConstraint(
            "organization_id",
            "cycle",
            "person_id",
            name=op.f("uq_cpso_qi_groups_selections_organization_id_cycle_person_id"),
        ),
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_selections_organization_id"),
        "cpso_qi_groups_selections",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_selections_person_id"),
        "cpso_qi_groups_selections",
        ["person_id"],
        unique=False,
    )
    op.create_table(
        "cpso_qi_groups_activity_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "activity",
            sa.Enum(
                "qi_survey",
                "practice_profile",
                "chart_review",
                "data_driven_qi",
                name="qiactivity",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("minutes_spent", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("recorded_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_cpso_qi_groups_activity_records_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core_people.id"],
            name=op.f("fk_cpso_qi_groups_activity_records_person_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cpso_qi_groups_activity_records")),
        sa.UniqueConstraint(
            "group_id",
            "person_id",
            "activity",
            name=op.f("uq_cpso_qi_groups_activity_records_group_id_person_id_activity"),
        ),
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_activity_records_group_id"),
        "cpso_qi_groups_activity_records",
        ["group_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_activity_records_person_id"),
        "cpso_qi_groups_activity_records",
        ["person_id"],
        unique=False,
    )
    op.create_table(
        "cpso_qi_groups_bases",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column(
            "basis",
            sa.Enum(
                "practice_setting",
                "area_of_practice",
                "learning_group",
                "ontario_health_team",
                name="basis",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_cpso_qi_groups_bases_group_id_core_groups"),
        ),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_cpso_qi_groups_bases")),
    )
    op.create_table(
        "cpso_qi_groups_support_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "advisor",
            sa.Enum("medical_advisor", "qi_coach", name="advisor", native_enum=False),
            nullable=False,
        ),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["core_people.id"],
            name=op.f("fk_cpso_qi_groups_support_requests_answered_by_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_cpso_qi_groups_support_requests_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["core_people.id"],
            name=op.f("fk_cpso_qi_groups_support_requests_requested_by_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cpso_qi_groups_support_requests")),
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_support_requests_group_id"),
        "cpso_qi_groups_support_requests",
        ["group_id"],
        unique=False,
    )
    op.create_table(
        "cpso_qi_groups_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("met_until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_cpso_qi_groups_completions_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core_people.id"],
            name=op.f("fk_cpso_qi_groups_completions_person_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["core_plans.id"],
            name=op.f("fk_cpso_qi_groups_completions_plan_id_core_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cpso_qi_groups_completions")),
        sa.UniqueConstraint(
            "plan_id", "person_id", name=op.f("uq_cpso_qi_groups_completions_plan_id_person_id")
        ),
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_completions_person_id"),
        "cpso_qi_groups_completions",
        ["person_id"],
        unique=False,
    )
    op.create_table(
        "cpso_qi_groups_pips",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("improvements", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_cpso_qi_groups_pips_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["core_plans.id"], name=op.f("fk_cpso_qi_groups_pips_plan_id_core_plans")
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_cpso_qi_groups_pips")),
        sa.UniqueConstraint("group_id", name=op.f("uq_cpso_qi_groups_pips_group_id")),
    )
    op.create_table(
        "cpso_qi_groups_pip_goals",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("self_care", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["core_plan_goals.id"],
            name=op.f("fk_cpso_qi_groups_pip_goals_goal_id_core_plan_goals"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["core_plans.id"],
            name=op.f("fk_cpso_qi_groups_pip_goals_plan_id_core_plans"),
        ),
        sa.PrimaryKeyConstraint("goal_id", name=op.f("pk_cpso_qi_groups_pip_goals")),
    )
    op.create_index(
        op.f("ix_cpso_qi_groups_pip_goals_plan_id"),
        "cpso_qi_groups_pip_goals",
        ["plan_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("cpso_qi_groups_pip_goals")
    op.drop_table("cpso_qi_groups_pips")
    op.drop_table("cpso_qi_groups_completions")
    op.drop_table("cpso_qi_groups_support_requests")
    op.drop_table("cpso_qi_groups_bases")
    op.drop_table("cpso_qi_groups_activity_records")
    op.drop_table("cpso_qi_groups_selections")
