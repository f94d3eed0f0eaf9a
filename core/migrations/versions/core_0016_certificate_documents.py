"""certificate documents: a verification code, what a certificate covered, and its successor

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-12-03 11:20:00

A certificate becomes a document a physician hands to their College: it carries a
verification code anyone can check, and remembers the scope or activity it certified so a
corrected one can be issued anew over the same credits. Certificates issued before get a
code here, unique through an index (the column stays nullable in the table: a certificate
row is always written with one).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.certificates.models import verification_code

revision: str = "core_0016"
down_revision: str | None = "core_0015"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

CERTIFICATES = "core_certificates"
CODE_INDEX = "uq_core_certificates_verification_code"


def upgrade() -> None:
    with op.batch_alter_table(CERTIFICATES) as batch:
        batch.add_column(sa.Column("scope", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("activity_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("verification_code", sa.String(19), nullable=True))
        batch.add_column(sa.Column("superseded_by_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_core_certificates_activity_id", "core_activities", ["activity_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_core_certificates_superseded_by_id",
            CERTIFICATES,
            ["superseded_by_id"],
            ["id"],
        )
    table = sa.table(CERTIFICATES, sa.column("id", sa.Integer), sa.column("verification_code"))
    connection = op.get_bind()
    for (pk,) in connection.execute(sa.select(table.c.id)).all():
        connection.execute(
            table.update().where(table.c.id == pk).values(verification_code=verification_code())
        )
    op.create_index(CODE_INDEX, CERTIFICATES, ["verification_code"], unique=True)


def downgrade() -> None:
    op.drop_index(CODE_INDEX, table_name=CERTIFICATES)
    with op.batch_alter_table(CERTIFICATES) as batch:
        for column in ("superseded_by_id", "verification_code", "activity_id", "scope"):
            batch.drop_column(column)
