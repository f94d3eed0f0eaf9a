"""The authorization matrix, gathered: its parts (tests/authz_matrix_*.py) grouped into areas,
each area's cases run by a test file of its own, tests/test_authorization_matrix_<area>.py.

The cases are spread over several files so that ``pytest -n auto --dist loadfile`` can run them
on several workers at once: in one file, all of them (about 2,900, both backends) ran on a single
worker while the others sat idle. Every worker builds its own ``world`` (a session fixture), and
each case acts on fresh objects made for it (tests/authz_outcomes.py), so the cases do not depend
on one another, on their order or on which file runs them.

``MATRIX`` is every area merged, refusing a field declared twice; tests/test_authorization_matrix.py
checks that it covers every root field and mutation of the schema and that every area has its file.
"""

from __future__ import annotations

from tests.authz_matrix_activity_parts import ACTIVITY_PARTS_MATRIX
from tests.authz_matrix_activity_waitlist import ACTIVITY_WAITLIST_MATRIX
from tests.authz_matrix_budgets import BUDGETS_MATRIX
from tests.authz_matrix_calendars import CALENDARS_MATRIX
from tests.authz_matrix_certificates import CERTIFICATES_MATRIX
from tests.authz_matrix_certifications import CERTIFICATIONS_MATRIX
from tests.authz_matrix_core import CORE_MATRIX
from tests.authz_matrix_enrolments import ENROLMENTS_MATRIX
from tests.authz_matrix_groups_primitives import GROUPS_PRIMITIVES_MATRIX
from tests.authz_matrix_lc import LC_MATRIX
from tests.authz_matrix_measures import MEASURES_MATRIX
from tests.authz_matrix_notifications import NOTIFICATIONS_MATRIX
from tests.authz_matrix_organizations import ORGANIZATIONS_MATRIX
from tests.authz_matrix_people_accounts import PEOPLE_ACCOUNTS_MATRIX
from tests.authz_matrix_plans import PLANS_MATRIX
from tests.authz_matrix_psp import PSP_MATRIX
from tests.authz_matrix_pw_mutations import PW_MUTATION_MATRIX
from tests.authz_matrix_pw_queries import PW_QUERY_MATRIX
from tests.authz_matrix_qig import QIG_MATRIX
from tests.authz_matrix_questionnaires import QUESTIONNAIRES_MATRIX
from tests.authz_matrix_transcripts import TRANSCRIPTS_MATRIX
from tests.authz_outcomes import (
    DENY,
    Entry,
    Refused,
    Seen,
    assert_allowed,
    assert_refused,
    assert_rule,
    assert_seen,
    merged,
)
from tests.authz_world import CALLERS, World

# Area -> its rows; tests/test_authorization_matrix_<area>.py runs each row for every caller.
# Areas of roughly 10-30 rows keep the files of a size that spreads evenly over the workers.
AREAS: dict[str, dict[str, Entry]] = {
    "core": merged(CORE_MATRIX),
    "activities": merged(
        ACTIVITY_PARTS_MATRIX,
        ACTIVITY_WAITLIST_MATRIX,
        ENROLMENTS_MATRIX,
        CALENDARS_MATRIX,
        GROUPS_PRIMITIVES_MATRIX,
    ),
    "credits_and_plans": merged(
        MEASURES_MATRIX,
        BUDGETS_MATRIX,
        PLANS_MATRIX,
        CERTIFICATIONS_MATRIX,
        CERTIFICATES_MATRIX,
    ),
    "people": merged(
        ORGANIZATIONS_MATRIX,
        PEOPLE_ACCOUNTS_MATRIX,
        NOTIFICATIONS_MATRIX,
        QUESTIONNAIRES_MATRIX,
        TRANSCRIPTS_MATRIX,
    ),
    "pw_queries": merged(PW_QUERY_MATRIX),
    "pw_mutations": merged(PW_MUTATION_MATRIX),
    "psp": merged(PSP_MATRIX),
    "qig": merged(QIG_MATRIX),
    "lc": merged(LC_MATRIX),
}

MATRIX: dict[str, Entry] = merged(*AREAS.values())


def cases(area: str) -> list[tuple[str, str]]:
    """Every (row, caller) pair of an area, for ``pytest.mark.parametrize``."""
    return [(name, caller) for name in AREAS[area] for caller in CALLERS]


async def check_case(world: World, name: str, caller: str) -> None:
    """Ask the row's operation as the caller, and check the answer against its expectation."""
    entry = MATRIX[name]
    body = await world.client(caller).execute(entry.operation, await entry.variables(world, caller))

    outcome = entry.expect[caller]
    if outcome == DENY:
        assert_refused(body, caller, world)
    elif isinstance(outcome, Seen):
        assert_seen(body, caller, world, outcome)
    elif isinstance(outcome, Refused):
        assert_rule(body, world, outcome)
    else:
        assert_allowed(body)
