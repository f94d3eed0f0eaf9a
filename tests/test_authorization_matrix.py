"""Who may see and do what, asked through the API by seven callers: the authorization matrix.

``MATRIX`` (tests/authz_matrix.py) declares, for every root query field and every mutation, what
each caller gets in the world of tests/authz_world.py; its rows live in tests/authz_matrix_core.py
(core and the example program), tests/authz_matrix_pw_queries.py and
tests/authz_matrix_pw_mutations.py (Practising Well), tests/authz_matrix_qig.py (CPSO QI Groups)
and the other authz_matrix_*.py files. Its cases run in tests/test_authorization_matrix_<area>.py,
one file per area of ``AREAS``, so that several workers share them. The coverage tests here make a
field added to the schema without a row, or an area without its file, fail the suite.
"""

from __future__ import annotations

from pathlib import Path

from tests.authz_matrix import AREAS, MATRIX
from tests.graphql_client import GraphQLClient

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


def test_every_area_of_the_matrix_runs_in_a_file_of_its_own() -> None:
    """An area of ``AREAS`` whose file is missing would leave its rows unchecked; a file for an
    area that is gone would fail to collect, but say so here too."""
    here = Path(__file__).parent
    files = {
        p.stem.removeprefix("test_authorization_matrix_")
        for p in here.glob("test_authorization_matrix_*.py")
    }
    runs = {
        area
        for area in AREAS
        if (file := here / f"test_authorization_matrix_{area}.py").is_file()
        and f'cases("{area}")' in file.read_text()
    }

    assert runs == set(AREAS), f"give these areas a test file: {sorted(set(AREAS) - runs)}"
    assert files == set(AREAS), f"these files run no area: {sorted(files - set(AREAS))}"
