"""certification lifecycle: certifications of one activity, superseded ones linked, and
credits for achievements with no activity

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-12-03 08:00:00

Columns are only added, so SQLite never rebuilds ``core_credit_entries``. Its entries gain
``organization_id`` (whose credit it is, so certificates find an achievement's credit, which
has no activity), filled here from each entry's activity: the append-only trigger refusing
UPDATE is lifted for that one statement and made again exactly as core_0001 made it.
``award_key`` is unique: an achievement's award and a retroactive award are held once by the
database itself.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db
from core.migrations.versions.core_0002_corrections import _add_reference

revision: str = "core_0006"
down_revision: str | None = "core_0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

ENTRIES = "core_credit_entries"
_LEDGER_MESSAGE = f"{ENTRIES} is append-only; add a reversing entry instead"
_BACKFILL = (
    f"UPDATE {ENTRIES} SET organization_id = (SELECT organization_id FROM core_activities "
    f"WHERE core_activities.id = {ENTRIES}.activity_id) WHERE activity_id IS NOT NULL"
)


def upgrade() -> None:
    op.create_table(
        "core_achievements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=60), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["core_organizations.id"],
            name=op.f("fk_core_achievements_organization_id_core_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["core_people.id"],
            name=op.f("fk_core_achievements_person_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["core_people.id"],
            name=op.f("fk_core_achievements_recorded_by_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_achievements")),
        sa.UniqueConstraint(
            "program", "person_id", "key", name=op.f("uq_core_achievements_program_person_id_key")
        ),
    )
    op.create_index(op.f("ix_core_achievements_person_id"), "core_achievements", ["person_id"])
    op.create_index(op.f("ix_core_achievements_kind"), "core_achievements", ["kind"])

    _add_reference("core_certifications", "activity_id", "core_activities")
    _add_reference("core_certifications", "supersedes_id", "core_certifications")
    _add_reference("core_certifications", "created_by_id", "core_people")
    op.create_index(
        op.f("ix_core_certifications_activity_id"), "core_certifications", ["activity_id"]
    )
    op.create_index(
        op.f("uq_core_certifications_supersedes_id"),
        "core_certifications",
        ["supersedes_id"],
        unique=True,
    )

    _add_reference(ENTRIES, "organization_id", "core_organizations")
    _add_reference(ENTRIES, "achievement_id", "core_achievements")
    op.add_column(ENTRIES, sa.Column("award_key", sa.String(length=160), nullable=True))
    op.create_index(op.f("ix_core_credit_entries_organization_id"), ENTRIES, ["organization_id"])
    op.create_index(op.f("ix_core_credit_entries_achievement_id"), ENTRIES, ["achievement_id"])
    op.create_index(op.f("uq_core_credit_entries_award_key"), ENTRIES, ["award_key"], unique=True)
    _backfill_organizations()


def _backfill_organizations() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER {ENTRIES}_no_update")
        op.execute(_BACKFILL)
        op.execute(
            f"CREATE TRIGGER {ENTRIES}_no_update BEFORE UPDATE ON {ENTRIES} "
            f"BEGIN SELECT RAISE(ABORT, '{_LEDGER_MESSAGE}'); END"
        )
        return
    op.execute(f"ALTER TABLE {ENTRIES} DISABLE TRIGGER {ENTRIES}_append_only")
    op.execute(_BACKFILL)
    op.execute(f"ALTER TABLE {ENTRIES} ENABLE TRIGGER {ENTRIES}_append_only")


def downgrade() -> None:
    op.drop_index(op.f("uq_core_credit_entries_award_key"), table_name=ENTRIES)
    op.drop_index(op.f("ix_core_credit_entries_achievement_id"), table_name=ENTRIES)
    op.drop_index(op.f("ix_core_credit_entries_organization_id"), table_name=ENTRIES)
    op.drop_column(ENTRIES, "award_key")
    op.drop_column(ENTRIES, "achievement_id")
    op.drop_column(ENTRIES, "organization_id")
    op.drop_index(op.f("uq_core_certifications_supersedes_id"), table_name="core_certifications")
    op.drop_index(op.f("ix_core_certifications_activity_id"), table_name="core_certifications")
    with op.batch_alter_table("core_certifications") as batch:
        batch.drop_column("created_by_id")
        batch.drop_column("supersedes_id")
        batch.drop_column("activity_id")
    op.drop_index(op.f("ix_core_achievements_kind"), table_name="core_achievements")
    op.drop_index(op.f("ix_core_achievements_person_id"), table_name="core_achievements")
    op.drop_table("core_achievements")
