"""budgets: allocations per owner and period, and their append-only spending ledger

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-12-03 07:10:00

The spending ledger is append-only in the database itself, as the credit ledger is: triggers
refuse UPDATE and DELETE on core_budget_entries, so a correction can only be a reversing entry.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "core_0005"
down_revision: str | None = "core_0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

ENTRIES = "core_budget_entries"
_LEDGER_MESSAGE = f"{ENTRIES} is append-only; add a reversing entry instead"


def upgrade() -> None:
    op.create_table(
        "core_budget_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("program", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", core.db.Hundredths(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount >= 0", name=op.f("ck_core_budget_allocations_amount_not_negative")
        ),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_core_budget_allocations_period_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["core_people.id"],
            name=op.f("fk_core_budget_allocations_created_by_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["core_groups.id"],
            name=op.f("fk_core_budget_allocations_group_id_core_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["core_organizations.id"],
            name=op.f("fk_core_budget_allocations_organization_id_core_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_budget_allocations")),
    )
    op.create_index(
        "ix_core_budget_allocations_owner",
        "core_budget_allocations",
        ["organization_id", "group_id", "program"],
    )
    op.create_index(
        op.f("ix_core_budget_allocations_group_id"), "core_budget_allocations", ["group_id"]
    )
    op.create_table(
        ENTRIES,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("allocation_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("amount", core.db.Hundredths(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("reverses_entry_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["core_budget_allocations.id"],
            name=op.f("fk_core_budget_entries_allocation_id_core_budget_allocations"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["core_people.id"],
            name=op.f("fk_core_budget_entries_recorded_by_id_core_people"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_entry_id"],
            [f"{ENTRIES}.id"],
            name=op.f("fk_core_budget_entries_reverses_entry_id_core_budget_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_budget_entries")),
        sa.UniqueConstraint(
            "reverses_entry_id", name=op.f("uq_core_budget_entries_reverses_entry_id")
        ),
    )
    op.create_index(op.f("ix_core_budget_entries_allocation_id"), ENTRIES, ["allocation_id"])
    _protect_ledger()


def downgrade() -> None:
    _unprotect_ledger()
    op.drop_index(op.f("ix_core_budget_entries_allocation_id"), table_name=ENTRIES)
    op.drop_table(ENTRIES)
    op.drop_index(op.f("ix_core_budget_allocations_group_id"), table_name="core_budget_allocations")
    op.drop_index("ix_core_budget_allocations_owner", table_name="core_budget_allocations")
    op.drop_table("core_budget_allocations")


def _protect_ledger() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {ENTRIES}_no_{action.lower()} BEFORE {action} ON {ENTRIES} "
                f"BEGIN SELECT RAISE(ABORT, '{_LEDGER_MESSAGE}'); END"
            )
        return
    op.execute(
        f"CREATE FUNCTION {ENTRIES}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{_LEDGER_MESSAGE}'; END $$ LANGUAGE plpgsql"
    )
    op.execute(
        f"CREATE TRIGGER {ENTRIES}_append_only BEFORE UPDATE OR DELETE "
        f"ON {ENTRIES} FOR EACH ROW EXECUTE FUNCTION {ENTRIES}_append_only()"
    )


def _unprotect_ledger() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER {ENTRIES}_no_update")
        op.execute(f"DROP TRIGGER {ENTRIES}_no_delete")
        return
    op.execute(f"DROP TRIGGER {ENTRIES}_append_only ON {ENTRIES}")
    op.execute(f"DROP FUNCTION {ENTRIES}_append_only()")
