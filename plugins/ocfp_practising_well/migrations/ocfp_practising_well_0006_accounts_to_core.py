"""learner accounts' approval moves to core enrolments

Revision ID: ocfp_practising_well_0006
Revises: ocfp_practising_well_0005
Create Date: 2026-12-03 08:00:00

Whether staff approved a learner is now core's to know (``core_enrolments``, revision
``core_0012``): each account becomes the learner's enrolment in the program, its status the
enrolment's state (pending is requested), its decision and its withdrawal kept as they were.
An account that was withdrawn and applied for again held both its new application and its last
withdrawal, so it becomes two enrolments: the one that ended (asked for when it ended, the
moment the old record still knew) and the open one. The learners table keeps the profile only
(organization, topic areas, reporting preference). A downgrade gives the accounts their columns
back from the enrolments and removes the program's enrolments, no other program's.

Columns are dropped in place on both databases (SQLite since 3.35), never by rebuilding the
learners table, which the requests, goals and sessions reference. SQLite cannot drop a column
named in a table's FOREIGN KEY clause, which ``decided_by_id`` is (``withdrawn_by_id`` was
added with an inline reference, which it can drop): there it stays, emptied and unmapped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "ocfp_practising_well_0006"
down_revision: str | None = "ocfp_practising_well_0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = ("core_0012",)

SLUG = "ocfp_practising_well"
LEARNERS = "ocfp_practising_well_learners"
WHEN = core.db.UTCDateTime(timezone=True)
STATE = {"pending": "requested", "approved": "approved", "declined": "declined"}
STATUS = {"requested": "pending", "closed": "withdrawn"}
PEOPLE_REFERENCES = ("decided_by_id", "withdrawn_by_id")
KEPT_ON_SQLITE = "decided_by_id"

learners = sa.table(
    LEARNERS,
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("organization_id", sa.Integer),
    sa.column("status", sa.String(9)),
    sa.column("applied_at", WHEN),
    sa.column("decided_at", WHEN),
    sa.column("decided_by_id", sa.Integer),
    sa.column("decision_note", sa.String(500)),
    sa.column("withdrawn_at", WHEN),
    sa.column("withdrawn_by_id", sa.Integer),
    sa.column("withdrawal_reason", sa.String(500)),
)
enrolments = sa.table(
    "core_enrolments",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("program", sa.String),
    sa.column("organization_id", sa.Integer),
    sa.column("state", sa.String),
    sa.column("requested_at", WHEN),
    sa.column("decided_at", WHEN),
    sa.column("decided_by_id", sa.Integer),
    sa.column("decision_reason", sa.String),
    sa.column("ended_at", WHEN),
    sa.column("ended_by_id", sa.Integer),
    sa.column("end_reason", sa.String),
)
ACCOUNT_COLUMNS = [c for c in learners.c if c.name not in ("id", "person_id", "organization_id")]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _enrolments_of(account: sa.Row) -> list[dict[str, object]]:
    """The enrolments an account's row stands for, oldest first."""
    mine = {
        "person_id": account.person_id,
        "program": SLUG,
        "organization_id": account.organization_id,
    }
    ended = {
        "ended_at": account.withdrawn_at,
        "ended_by_id": account.withdrawn_by_id,
        "end_reason": account.withdrawal_reason,
    }
    if account.status == "withdrawn":
        return [
            mine
            | ended
            | {
                "state": "withdrawn",
                "requested_at": account.applied_at,
                "decided_at": account.decided_at,
                "decided_by_id": account.decided_by_id,
                "decision_reason": account.decision_note,
            }
        ]
    current = mine | {
        "state": STATE[account.status],
        "requested_at": account.applied_at,
        "decided_at": account.decided_at,
        "decided_by_id": account.decided_by_id,
        "decision_reason": account.decision_note,
        "ended_at": None,
        "ended_by_id": None,
        "end_reason": None,
    }
    if account.withdrawn_at is None:
        return [current]
    earlier = mine | ended | {"state": "withdrawn", "requested_at": account.withdrawn_at}
    earlier |= {"decided_at": None, "decided_by_id": None, "decision_reason": None}
    return [earlier, current]


def upgrade() -> None:
    bind = op.get_bind()
    accounts = bind.execute(sa.select(learners).order_by(learners.c.id)).all()
    rows = [row for account in accounts for row in _enrolments_of(account)]
    if rows:
        bind.execute(enrolments.insert(), rows)
    for column in ACCOUNT_COLUMNS:
        if column.name == KEPT_ON_SQLITE and _sqlite():
            op.execute(learners.update().values({KEPT_ON_SQLITE: None}))
            continue
        if column.name in PEOPLE_REFERENCES and not _sqlite():
            op.drop_constraint(
                f"fk_{LEARNERS}_{column.name}_core_people", LEARNERS, type_="foreignkey"
            )
        op.drop_column(LEARNERS, column.name)


def downgrade() -> None:
    for column in ACCOUNT_COLUMNS:
        if column.name == KEPT_ON_SQLITE and _sqlite():
            continue
        if column.name in PEOPLE_REFERENCES and _sqlite():
            op.execute(
                f"ALTER TABLE {LEARNERS} ADD COLUMN {column.name} "
                "INTEGER REFERENCES core_people (id)"
            )
            continue
        op.add_column(LEARNERS, sa.Column(column.name, column.type, nullable=True))
        if column.name in PEOPLE_REFERENCES:
            op.create_foreign_key(
                f"fk_{LEARNERS}_{column.name}_core_people",
                LEARNERS,
                "core_people",
                [column.name],
                ["id"],
            )
    bind = op.get_bind()
    program = enrolments.c.program == SLUG
    for learner in bind.execute(sa.select(learners.c.id, learners.c.person_id)).all():
        bind.execute(
            learners.update()
            .where(learners.c.id == learner.id)
            .values(_account_of(bind, learner.person_id, program))
        )
    op.execute(enrolments.delete().where(program))
    if not _sqlite():
        for name in ("status", "applied_at"):
            op.alter_column(LEARNERS, name, nullable=False)


def _account_of(bind: sa.Connection, person_id: int, program: sa.ColumnElement) -> dict:
    """An account's columns from the person's latest enrolment and their last ended one."""
    of_person = sa.select(enrolments).where(program, enrolments.c.person_id == person_id)
    latest = bind.execute(of_person.order_by(enrolments.c.id.desc()).limit(1)).one()
    ended = bind.execute(
        of_person.where(enrolments.c.ended_at.is_not(None))
        .order_by(enrolments.c.id.desc())
        .limit(1)
    ).first()
    return {
        "status": STATUS.get(latest.state, latest.state),
        "applied_at": latest.requested_at,
        "decided_at": latest.decided_at,
        "decided_by_id": latest.decided_by_id,
        "decision_note": latest.decision_reason,
        "withdrawn_at": ended.ended_at if ended else None,
        "withdrawn_by_id": ended.ended_by_id if ended else None,
        "withdrawal_reason": ended.end_reason if ended else None,
    }
