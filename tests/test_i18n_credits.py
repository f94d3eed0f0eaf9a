"""Credits and budgets in French: a refusal reads in the reader's language with the same rule
code, and a credit entry's explanation, written once into the ledger, is written in the
credited person's language whoever recorded the attendance."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from tests.budget_support import allocate, spend
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

SET_LANGUAGE = """
mutation($input: SetLanguageInput!) {
  setLanguage(input: $input) { person { id } errors { code message } }
}"""


def in_french(gql: GraphQLClient) -> GraphQLClient:
    return GraphQLClient(gql.http, {**gql.headers, "Accept-Language": "fr-CA,fr;q=0.9"})


async def test_core_budget_exceeded_is_refused_in_french(gql: GraphQLClient, make: Factory) -> None:
    allocation = await allocate(gql, await make.organization(), amount="500.00")
    await spend(gql, allocation["id"], "380.00")

    refused = await spend(in_french(gql), allocation["id"], "120.01")
    english = await spend(gql, allocation["id"], "120.01")

    (error,) = refused["errors"]
    assert error["code"] == "CORE-BUDGET-EXCEEDED"
    assert error["field"] == "amount"
    assert error["message"] == (
        "Une dépense de 120,01\u00a0CAD dépasse l\u2019allocation. "
        "Il ne reste que 120,00\u00a0CAD de cette allocation."
    )
    assert english["errors"][0]["code"] == "CORE-BUDGET-EXCEEDED"
    assert english["errors"][0]["message"] == (
        "A spend of CAD 120.01 is above the allocation. Only CAD 120.00 is left of this allocation."
    )


async def test_credit_explanation_is_written_in_the_credited_persons_language(
    gql: GraphQLClient, make: Factory, client_for: Callable[[str], GraphQLClient]
) -> None:
    francophone, undecided = await make.person(), await make.person()
    await client_for(francophone).mutate(SET_LANGUAGE, language="FR")
    activity = await make.activity(hours=Decimal("1.5"))

    french = await gql.mutate(
        RECORD_PARTICIPATION, activityId=activity, personId=francophone, hours="1.5"
    )
    by_request = await in_french(gql).mutate(
        RECORD_PARTICIPATION, activityId=activity, personId=undecided, hours="1.5"
    )

    explanation = french["creditEntry"]["explanation"]
    assert explanation.startswith("1,50 heure(s) x ")
    assert explanation.endswith("crédits certifiés attribués.")
    # No preference of their own: the request's language (French here) writes it.
    assert by_request["creditEntry"]["explanation"].startswith("1,50 heure(s) x ")
