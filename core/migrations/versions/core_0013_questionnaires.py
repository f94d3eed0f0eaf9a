"""questionnaires: stored versions of programs' questionnaires and the answers to them

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-12-03 08:00:00

One submission per person, subject and questionnaire is a unique constraint, so it holds under
concurrent submits on both databases.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0013"
down_revision: str | None = "core_0012"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

VERSIONS = "core_questionnaires"
SUBMISSIONS = "core_questionnaire_submissions"


def upgrade() -> None:
    op.create_table(
        VERSIONS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_item_kind", sa.String(length=120), nullable=True),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_questionnaires")),
        sa.UniqueConstraint("program", "key", "version", name="uq_core_questionnaires_version"),
    )
    op.create_table(
        SUBMISSIONS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=60), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            [f"{VERSIONS}.id"],
            name="fk_core_questionnaire_submissions_questionnaire",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core_people.id"],
            name=op.f("fk_core_questionnaire_submissions_person_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_questionnaire_submissions")),
        sa.UniqueConstraint(
            "program",
            "key",
            "person_id",
            "subject_type",
            "subject_id",
            name="uq_core_questionnaire_submissions_once",
        ),
    )
    op.create_index(op.f("ix_core_questionnaire_submissions_person_id"), SUBMISSIONS, ["person_id"])
    op.create_index(
        "ix_core_questionnaire_submissions_subject",
        SUBMISSIONS,
        ["program", "key", "subject_type", "subject_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_core_questionnaire_submissions_subject", table_name=SUBMISSIONS)
    op.drop_index(op.f("ix_core_questionnaire_submissions_person_id"), table_name=SUBMISSIONS)
    op.drop_table(SUBMISSIONS)
    op.drop_table(VERSIONS)
