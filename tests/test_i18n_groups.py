"""Refusals of core's groups and activities in the reader's language, through the API on SQLite
and PostgreSQL: with ``Accept-Language: fr`` a rule says no in French, under the same rule code
a client reads."""

from __future__ import annotations

from tests.activity_parts_support import REGISTER, codes, learning_session, session_input
from tests.factories import JOIN_GROUP, Factory
from tests.graphql_client import GraphQLClient


def in_french(gql: GraphQLClient) -> GraphQLClient:
    """The same person's client, their browser asking for French."""
    return GraphQLClient(gql.http, {**gql.headers, "Accept-Language": "fr-CA,fr;q=0.9"})


async def test_core_activity_full_is_refused_in_french(gql: GraphQLClient, make: Factory) -> None:
    organization = await make.organization()
    title = session_input(organization)["title"]
    session = await learning_session(gql, make, organization, title=title, capacity=1)
    await gql.mutate(REGISTER, activityId=session["id"], personId=await make.person())

    refused = await in_french(gql).payload(
        REGISTER, activityId=session["id"], personId=await make.person()
    )

    assert codes(refused) == ["CORE-ACTIVITY-FULL"]
    assert refused["errors"][0]["message"] == (
        f"L\u2019activité {title} est complète : toutes ses places sont prises, il n\u2019en reste "
        "aucune (capacité : 1)."
    )


async def test_core_group_member_is_refused_in_french(gql: GraphQLClient, make: Factory) -> None:
    organization = await make.organization()
    group = await make.group(organization=organization)
    person = await make.person(organization=organization)
    await gql.mutate(JOIN_GROUP, groupId=group, personId=person)

    refused = await in_french(gql).payload(JOIN_GROUP, groupId=group, personId=person)
    english = await gql.payload(JOIN_GROUP, groupId=group, personId=person)

    assert codes(refused) == codes(english) == ["CORE-GROUP-MEMBER"]
    assert refused["errors"][0]["message"].startswith("Cette personne occupe déjà une place dans ")
    assert refused["errors"][0]["message"].endswith(" (active).")
    assert english["errors"][0]["message"].startswith("This person already holds a place in ")
