"""sessions' waitlist moves to core's activity waitlist

Revision ID: psp_sgls_0002
Revises: psp_sgls_0001
Create Date: 2026-12-03 11:30:00

Who waits for a seat at a session is now core's to know (``core_activity_waitlist``, revision
``core_0015``): each row of ``psp_sgls_waitlist`` becomes an entry on the waitlist of its
session's activity, its times kept (cancelled is core's left). Core orders a line by ticket:
each session's entries are numbered in the order the program served them (when they joined,
then by id), so the line stands as it stood. The program's table is dropped. A downgrade
creates it again from the entries of the program's sessions and takes them out of core's table,
leaving every other activity's waitlist as it is.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "psp_sgls_0002"
down_revision: str | None = "psp_sgls_0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = ("core_0015",)

TABLE = "psp_sgls_waitlist"
WHEN = core.db.UTCDateTime(timezone=True)

program_waitlist = sa.table(
    TABLE,
    sa.column("id", sa.Integer),
    sa.column("session_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("waitlisted_at", WHEN),
    sa.column("promoted_at", WHEN),
    sa.column("cancelled_at", WHEN),
)
sessions = sa.table(
    "psp_sgls_sessions", sa.column("id", sa.Integer), sa.column("activity_id", sa.Integer)
)
core_waitlist = sa.table(
    "core_activity_waitlist",
    sa.column("id", sa.Integer),
    sa.column("activity_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("ticket", sa.Integer),
    sa.column("waitlisted_at", WHEN),
    sa.column("added_by_id", sa.Integer),
    sa.column("promoted_at", WHEN),
    sa.column("left_at", WHEN),
)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(program_waitlist, sessions.c.activity_id)
        .join(sessions, sessions.c.id == program_waitlist.c.session_id)
        .order_by(sessions.c.activity_id, program_waitlist.c.waitlisted_at, program_waitlist.c.id)
    ).all()
    tickets: dict[int, int] = {}
    entries = []
    for row in rows:
        tickets[row.activity_id] = tickets.get(row.activity_id, 0) + 1
        entries.append(
            {
                "activity_id": row.activity_id,
                "person_id": row.person_id,
                "ticket": tickets[row.activity_id],
                "waitlisted_at": row.waitlisted_at,
                "added_by_id": None,
                "promoted_at": row.promoted_at,
                "left_at": row.cancelled_at,
            }
        )
    if entries:
        bind.execute(core_waitlist.insert(), entries)
    op.drop_index(op.f(f"ix_{TABLE}_session_id"), table_name=TABLE)
    op.drop_table(TABLE)


def downgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("waitlisted_at", WHEN, nullable=False),
        sa.Column("promoted_at", WHEN, nullable=True),
        sa.Column("cancelled_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["psp_sgls_sessions.id"],
            name=op.f(f"fk_{TABLE}_session_id_psp_sgls_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["core_people.id"], name=op.f(f"fk_{TABLE}_person_id_core_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint(
            "session_id", "person_id", name=op.f(f"uq_{TABLE}_session_idperson_id")
        ),
    )
    op.create_index(op.f(f"ix_{TABLE}_session_id"), TABLE, ["session_id"])
    bind = op.get_bind()
    of_sessions = core_waitlist.c.activity_id.in_(sa.select(sessions.c.activity_id))
    rows = bind.execute(
        sa.select(core_waitlist, sessions.c.id.label("session_id"))
        .join(sessions, sessions.c.activity_id == core_waitlist.c.activity_id)
        .order_by(core_waitlist.c.activity_id, core_waitlist.c.ticket)
    ).all()
    if rows:
        bind.execute(
            program_waitlist.insert(),
            [
                {
                    "session_id": row.session_id,
                    "person_id": row.person_id,
                    "waitlisted_at": row.waitlisted_at,
                    "promoted_at": row.promoted_at,
                    "cancelled_at": row.left_at,
                }
                for row in rows
            ],
        )
    op.execute(core_waitlist.delete().where(of_sessions))
