"""Logging a Peer Connect session through core's services costs no more statements than
building its rows by hand did: 16 for the whole request, from reading the viewer to the
session's row, on both databases, and one more since every mutation is recorded in the audit
trail."""

from __future__ import annotations

from core.db import Database
from tests.pw_factories import PwFactory
from tests.pw_support import _log
from tests.statement_counting import counting_statements

# Before core's self-reported activity: 2 to read the viewer, 6 for the program's checks and
# the learner's lock, 1 for the guide's name, 2 inserts, 4 for the award (its certification,
# a second lock of the learner, the cap, the entry) and the session's row.
STATEMENTS_BEFORE = 16
AUDIT_EVENT = 1
"""The audit trail's insert, in the same transaction (``core.audit``)."""


async def test_pw_log_session_costs_no_more_statements_than_before(
    pw: PwFactory, database: Database
) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    with counting_statements(database) as statements:
        payload = await _log(learner.client, guide, learner, "1")

    assert not payload["errors"]
    assert payload["creditEntry"]["amount"] == "3.00"
    assert len(statements) <= STATEMENTS_BEFORE + AUDIT_EVENT, "\n".join(statements)
    assert any("INSERT INTO core_audit_events" in s for s in statements)
