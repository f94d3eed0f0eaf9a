"""Who may see and do what, asked through the API by seven callers: the authorization matrix.

``MATRIX`` declares, for every root query field and every mutation, what each caller gets in the
world of tests/authz_world.py; its rows live in tests/authz_matrix_core.py (core and the example
program), tests/authz_matrix_pw_queries.py and tests/authz_matrix_pw_mutations.py (Practising
Well), tests/authz_matrix_qig.py (CPSO QI Groups) and the other authz_matrix_*.py files. The
coverage tests make a field added to the schema without a row fail the suite.
"""

from __future__ import annotations

import pytest

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
from tests.graphql_client import GraphQLClient

MATRIX: dict[str, Entry] = merged(
    CORE_MATRIX,
    MEASURES_MATRIX,
    BUDGETS_MATRIX,
    ACTIVITY_PARTS_MATRIX,
    ACTIVITY_WAITLIST_MATRIX,
    PLANS_MATRIX,
    PW_QUERY_MATRIX,
    PW_MUTATION_MATRIX,
    QUESTIONNAIRES_MATRIX,
    ORGANIZATIONS_MATRIX,
    CERTIFICATIONS_MATRIX,
    CERTIFICATES_MATRIX,
    CALENDARS_MATRIX,
    GROUPS_PRIMITIVES_MATRIX,
    ENROLMENTS_MATRIX,
    PEOPLE_ACCOUNTS_MATRIX,
    NOTIFICATIONS_MATRIX,
    PSP_MATRIX,
    QIG_MATRIX,
    LC_MATRIX,
)


@pytest.mark.parametrize(("name", "caller"), [(n, c) for n in MATRIX for c in CALLERS])
async def test_matrix(world: World, name: str, caller: str) -> None:
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


ROOT_FIELDS = """
{ __schema { queryType { fields { name } } mutationType { fields { name } } } }"""


async def root_fields(gql: GraphQLClient) -> set[str]:
    schema = (await gql.data(ROOT_FIELDS))["__schema"]
    return {f["name"] for root in ("queryType", "mutationType") for f in schema[root]["fields"]}


async def test_matrix_declares_every_root_field_and_mutation(gql: GraphQLClient) -> None:
    missing = await root_fields(gql) - MATRIX.keys()

    assert not missing, f"declare who may use these in MATRIX: {sorted(missing)}"


async def test_matrix_names_only_fields_the_schema_has(gql: GraphQLClient) -> None:
    unknown = MATRIX.keys() - await root_fields(gql)

    assert not unknown, f"MATRIX names fields the schema lacks: {sorted(unknown)}"
