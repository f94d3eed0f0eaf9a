"""invitations and teams: member-formed groups, invitations by email, parents and practices

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-12-03 08:10:00

Groups gain a parent group, the practice they represent and the member who formed them;
columns are only added (``ALTER TABLE ... ADD COLUMN`` on both databases), so SQLite rebuilds no
table and the ledgers' append-only triggers stay in place. Invitations are a new table; whether
one has expired is read from ``expires_at`` and the clock, so no column records it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db
from core.migrations.versions.core_0002_corrections import _add_reference

revision: str = "core_0007"
down_revision: str | None = "core_0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

INVITATIONS = "core_group_invitations"


def upgrade() -> None:
    _add_reference("core_groups", "parent_id", "core_groups")
    op.create_index(op.f("ix_core_groups_parent_id"), "core_groups", ["parent_id"])
    op.add_column("core_groups", sa.Column("practice_name", sa.String(200), nullable=True))
    op.add_column("core_groups", sa.Column("practice_location", sa.String(200), nullable=True))
    _add_reference("core_groups", "formed_by_id", "core_people")
    op.create_table(
        INVITATIONS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invitee_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("responded_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_core_group_invitations_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["invitee_id"],
            ["core_people.id"],
            name=op.f("fk_core_group_invitations_invitee_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["core_people.id"],
            name=op.f("fk_core_group_invitations_invited_by_id_core_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_group_invitations")),
    )
    op.create_index("ix_core_group_invitations_group_status", INVITATIONS, ["group_id", "status"])
    op.create_index("ix_core_group_invitations_email_status", INVITATIONS, ["email", "status"])
    op.create_index(op.f("ix_core_group_invitations_invitee_id"), INVITATIONS, ["invitee_id"])


def downgrade() -> None:
    op.drop_table(INVITATIONS)
    op.drop_index(op.f("ix_core_groups_parent_id"), "core_groups")
    with op.batch_alter_table("core_groups") as batch:
        batch.drop_column("formed_by_id")
        batch.drop_column("practice_location")
        batch.drop_column("practice_name")
        batch.drop_column("parent_id")
