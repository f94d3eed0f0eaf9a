"""Optimistic concurrency for records people edit by hand (a profile, a call's notes, a
series' content): two people who read one version never silently overwrite each other.

A model mixes in :class:`Versioned`; SQLAlchemy then writes every ORM UPDATE of its rows as
``... WHERE version = <the version read>`` and raises the version by one. The service of an edit
calls :func:`expect_version` with the version its editor read (when they sent one), which
refuses a stale edit with CONFLICT before anything is written. Of two edits of one version sent
at once, SQLite runs one after the other, so the second reads the new version and the check
refuses it. On PostgreSQL both may pass the check; the second's UPDATE waits for the first's
row lock and then matches no row, SQLAlchemy raises ``StaleDataError``, and
``core.graphql.errors.mutate`` runs the work once more, where the check refuses it.

The version is optional in an edit's input so that clients written before it keep working;
a client that sends it gets the protection."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from core.errors import CONFLICT, RuleViolation
from core.i18n import _

FIELD = "version"


class Versioned:
    """A row whose every ORM UPDATE checks and raises ``version`` (rows that existed before
    the column start at 1, as the migrations adding it say)."""

    version: Mapped[int] = mapped_column(server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def expect_version(row: Versioned, version: int | None) -> None:
    """Refuse an edit made from a version other than the row's own (nothing is written);
    ``None`` is a client that does not send versions, whose edit applies as before."""
    if version is not None and version != row.version:
        raise RuleViolation.single(
            CONFLICT,
            _(
                "Someone changed this since you read it (it is now at version {version}); "
                "reload it and make your change again.",
                version=row.version,
            ),
            FIELD,
        )
