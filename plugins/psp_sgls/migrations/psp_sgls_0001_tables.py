"""Small group learning sessions: series, topics, sessions, waitlist, payments, visits.

Revision ID: psp_sgls_0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "psp_sgls_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("psp_sgls",)
depends_on: Sequence[str] | None = ("core_0013",)

WHEN = core.db.UTCDateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    op.create_table(
        "psp_sgls_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("rate", core.db.Hundredths(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("psp_sgls_series", "organization_id", "core_organizations"),
        _pk("psp_sgls_series"),
    )
    _index("psp_sgls_series", "organization_id")
    op.create_table(
        "psp_sgls_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("psp_sgls_topics", "organization_id", "core_organizations"),
        _fk("psp_sgls_topics", "proposed_by_id", "core_people"),
        _fk("psp_sgls_topics", "series_id", "psp_sgls_series"),
        _pk("psp_sgls_topics"),
    )
    _index("psp_sgls_topics", "organization_id", "series_id")
    op.create_table(
        "psp_sgls_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("psp_sgls_sessions", "activity_id", "core_activities"),
        _fk("psp_sgls_sessions", "series_id", "psp_sgls_series"),
        _fk("psp_sgls_sessions", "division_id", "core_organizations"),
        _fk("psp_sgls_sessions", "lead_id", "core_people"),
        _pk("psp_sgls_sessions"),
        sa.UniqueConstraint("activity_id", name=op.f("uq_psp_sgls_sessions_activity_id")),
    )
    _index("psp_sgls_sessions", "series_id", "division_id")
    op.create_table(
        "psp_sgls_waitlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("waitlisted_at", WHEN, nullable=False),
        sa.Column("promoted_at", WHEN, nullable=True),
        sa.Column("cancelled_at", WHEN, nullable=True),
        _fk("psp_sgls_waitlist", "session_id", "psp_sgls_sessions"),
        _fk("psp_sgls_waitlist", "person_id", "core_people"),
        _pk("psp_sgls_waitlist"),
        sa.UniqueConstraint(
            "session_id", "person_id", name=op.f("uq_psp_sgls_waitlist_session_idperson_id")
        ),
    )
    _index("psp_sgls_waitlist", "session_id")
    op.create_table(
        "psp_sgls_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("amount", core.db.Hundredths(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", WHEN, nullable=False),
        _fk("psp_sgls_payments", "session_id", "psp_sgls_sessions"),
        _fk("psp_sgls_payments", "person_id", "core_people"),
        _fk("psp_sgls_payments", "plan_id", "core_plans"),
        _fk("psp_sgls_payments", "recorded_by_id", "core_people"),
        _pk("psp_sgls_payments"),
        sa.UniqueConstraint(
            "session_id", "person_id", name=op.f("uq_psp_sgls_payments_session_idperson_id")
        ),
    )
    _index("psp_sgls_payments", "session_id", "person_id")
    op.create_table(
        "psp_sgls_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=False),
        sa.Column("practice", sa.String(length=200), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("psp_sgls_visits", "session_id", "psp_sgls_sessions"),
        _fk("psp_sgls_visits", "plan_id", "core_plans"),
        _fk("psp_sgls_visits", "visitor_id", "core_people"),
        _pk("psp_sgls_visits"),
    )
    _index("psp_sgls_visits", "session_id", "plan_id")


def downgrade() -> None:
    for table in (
        "psp_sgls_visits",
        "psp_sgls_payments",
        "psp_sgls_waitlist",
        "psp_sgls_sessions",
        "psp_sgls_topics",
        "psp_sgls_series",
    ):
        op.drop_table(table)
