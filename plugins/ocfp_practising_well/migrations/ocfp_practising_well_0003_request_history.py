"""request history, offers and withdrawn accounts

Requests gain their history (when waitlisted, offered, ended, by whom and why) and the
OFFERED, DECLINED and ENDED states; learner accounts gain WITHDRAWN (a longer value, so the
status column widens) with when, by whom and why.

Columns are only added, in place on both databases, and the status column is widened on
PostgreSQL only: SQLite does not enforce a VARCHAR length, and rebuilding a learners table
(``batch_alter_table``) would drop it under the foreign keys of the goals, sessions and
requests that reference it, which SQLite refuses once rows exist.

Two data repairs come with it. A guide's waitlist moves from core waitlist places to the
requests themselves (a freed place is now offered to the guide, not given by core), so
caseload waitlist places are closed and their order kept in ``waitlisted_at``. Matches that
ended before requests could record it are marked ENDED, when the place was left. A caseload
keeps one place per learner, though, and a later request to the same guide (matched or
waiting; none is made while matched) reused it: its ``left_at`` is then that later stay's
end, or the moment the waitlist places were closed. So a match ends at the earlier of the
place's ``left_at`` and the learner's next request to that guide.

Revision ID: ocfp_practising_well_0003
Revises: ocfp_practising_well_0002
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = "ocfp_practising_well_0003"
down_revision: str | None = "ocfp_practising_well_0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

LEARNERS = "ocfp_practising_well_learners"
REQUESTS = "ocfp_practising_well_requests"
CASELOAD = "ocfp_practising_well.caseload"
ACCOUNT_BEFORE = ("pending", "approved", "declined")
ACCOUNT_AFTER = (*ACCOUNT_BEFORE, "withdrawn")

requests = sa.table(
    "ocfp_practising_well_requests",
    sa.column("id", sa.Integer),
    sa.column("learner_id", sa.Integer),
    sa.column("guide_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("created_at", core.db.UTCDateTime(timezone=True)),
    sa.column("decided_at", core.db.UTCDateTime(timezone=True)),
    sa.column("waitlisted_at", core.db.UTCDateTime(timezone=True)),
    sa.column("ended_at", core.db.UTCDateTime(timezone=True)),
)
learners = sa.table(
    "ocfp_practising_well_learners",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("status", sa.String),
)
guides = sa.table(
    "ocfp_practising_well_guides",
    sa.column("id", sa.Integer),
    sa.column("caseload_group_id", sa.Integer),
)
groups = sa.table("core_groups", sa.column("id", sa.Integer), sa.column("kind", sa.String))
memberships = sa.table(
    "core_memberships",
    sa.column("group_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("waitlisted_at", core.db.UTCDateTime(timezone=True)),
    sa.column("left_at", core.db.UTCDateTime(timezone=True)),
)


def _caseload_place(*columns: sa.ColumnElement) -> sa.Select:
    """The request's learner's place in its guide's caseload (a correlated subquery)."""
    return (
        sa.select(*columns)
        .select_from(memberships)
        .join(guides, guides.c.caseload_group_id == memberships.c.group_id)
        .join(learners, learners.c.person_id == memberships.c.person_id)
        .where(guides.c.id == requests.c.guide_id, learners.c.id == requests.c.learner_id)
    )


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str) -> None:
    """A nullable reference to a person. SQLite adds it in place (it accepts REFERENCES in
    ADD COLUMN, which Alembic will not emit), so the table is not rebuilt."""
    if _sqlite():
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES core_people (id)")
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(
        f"fk_{table}_{column}_core_people", table, "core_people", [column], ["id"]
    )


def _drop_reference(table: str, column: str) -> None:
    if not _sqlite():
        op.drop_constraint(f"fk_{table}_{column}_core_people", table, type_="foreignkey")
    op.drop_column(table, column)


def _account_status(values: Sequence[str], before: Sequence[str]) -> None:
    if not _sqlite():
        op.alter_column(
            LEARNERS,
            "status",
            existing_type=sa.Enum(*before, name="accountstatus", native_enum=False),
            type_=sa.Enum(*values, name="accountstatus", native_enum=False),
            existing_nullable=False,
        )


def upgrade() -> None:
    _account_status(ACCOUNT_AFTER, ACCOUNT_BEFORE)
    op.add_column(LEARNERS, sa.Column("withdrawn_at", core.db.UTCDateTime(timezone=True)))
    _add_reference(LEARNERS, "withdrawn_by_id")
    op.add_column(LEARNERS, sa.Column("withdrawal_reason", sa.String(length=500)))
    for name in ("waitlisted_at", "offered_at", "ended_at"):
        op.add_column(REQUESTS, sa.Column(name, core.db.UTCDateTime(timezone=True)))
    _add_reference(REQUESTS, "ended_by_id")
    op.add_column(REQUESTS, sa.Column("reason", sa.String(length=500)))

    # The waitlist keeps its order on the requests, then core's waitlist places close.
    waiting_since = _caseload_place(memberships.c.waitlisted_at).where(
        memberships.c.status == "waitlisted"
    )
    op.execute(
        requests.update()
        .where(requests.c.status == "waitlisted")
        .values(
            waitlisted_at=sa.func.coalesce(
                waiting_since.scalar_subquery(), requests.c.decided_at, requests.c.created_at
            )
        )
    )
    op.execute(
        memberships.update()
        .where(
            memberships.c.status == "waitlisted",
            memberships.c.group_id.in_(sa.select(groups.c.id).where(groups.c.kind == CASELOAD)),
        )
        .values(status="left", left_at=datetime.now(UTC))
    )
    # Matches already ended: the request says so, from when the place was left, or before the
    # learner's next request to that guide, whatever became of it (see above).
    later = requests.alias("later")
    asked_again_at = (
        sa.select(sa.func.min(later.c.created_at))
        .where(
            later.c.learner_id == requests.c.learner_id,
            later.c.guide_id == requests.c.guide_id,
            later.c.id > requests.c.id,
        )
        .scalar_subquery()
    )
    left_at = (
        _caseload_place(sa.func.max(memberships.c.left_at))
        .where(memberships.c.status == "left")
        .scalar_subquery()
    )
    still_active = _caseload_place(memberships.c.person_id).where(memberships.c.status == "active")
    # Still holding a place is no proof the match goes on: matched again with the same guide,
    # the place is the later match's.
    rematched = sa.exists().where(
        later.c.learner_id == requests.c.learner_id,
        later.c.guide_id == requests.c.guide_id,
        later.c.status == "matched",
        later.c.id > requests.c.id,
    )
    op.execute(
        requests.update()
        .where(requests.c.status == "matched", sa.or_(~still_active.exists(), rematched))
        .values(
            status="ended",
            ended_at=sa.case(
                (left_at < asked_again_at, left_at),
                else_=sa.func.coalesce(asked_again_at, left_at),
            ),
        )
    )


def downgrade() -> None:
    """Lossy: states the earlier code lacks become cancelled (withdrawn accounts: declined),
    and the waitlist is not put back into core waitlist places."""
    op.execute(
        requests.update()
        .where(requests.c.status.in_(["waitlisted", "offered", "ended", "declined"]))
        .values(status="cancelled")
    )
    op.execute(learners.update().where(learners.c.status == "withdrawn").values(status="declined"))
    op.drop_column(REQUESTS, "reason")
    _drop_reference(REQUESTS, "ended_by_id")
    for name in ("ended_at", "offered_at", "waitlisted_at"):
        op.drop_column(REQUESTS, name)
    op.drop_column(LEARNERS, "withdrawal_reason")
    _drop_reference(LEARNERS, "withdrawn_by_id")
    op.drop_column(LEARNERS, "withdrawn_at")
    _account_status(ACCOUNT_BEFORE, ACCOUNT_AFTER)
