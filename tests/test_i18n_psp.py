"""The small group learning sessions program (psp_sgls) answers in French through the API:
a refusal and an eligibility reason come back in the reader's language (``Accept-Language:
fr``) under the same SGLS- rule code, so a client keys on the code whatever the wording."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.factories import Factory
from tests.graphql_client import GraphQLClient
from tests.psp_support import SCHEDULE, Province, build_province, codes

ASK = """
query($session: ID!) {
  pspRegistrationEligibility(sessionId: $session) { allowed reasons { code message allowed } }
}"""


@pytest.fixture
async def province(
    gql: GraphQLClient, make: Factory, client_for: Callable[[int | str | None], GraphQLClient]
) -> Province:
    return await build_province(gql, make, client_for)


def in_french(client: GraphQLClient) -> GraphQLClient:
    """The same person's client, asking for French."""
    return GraphQLClient(client.http, {**client.headers, "Accept-Language": "fr"})


async def test_sgls_capacity_refuses_a_session_of_13_in_french(province: Province) -> None:
    refused = await in_french(province.as_(province.coordinator)).payload(
        SCHEDULE,
        seriesId=province.series,
        divisionId=province.division,
        title="Séance trop grande",
        objectives="Utiliser le DME pour trouver les patients à dépister.",
        startsAt="2026-01-10T17:00:00+00:00",
        endsAt="2026-01-10T20:00:00+00:00",
        capacity=13,
    )

    assert codes(refused) == ["SGLS-CAPACITY"]
    assert refused["errors"][0]["message"] == (
        "Une séance compte de 1 à 12 participants, et non 13."
    )


async def test_sgls_capacity_seats_left_are_told_in_french(province: Province) -> None:
    session = (await province.session(capacity=1))["session"]["id"]
    participant = await province.participant()

    body = await in_french(province.as_(participant)).execute(ASK, {"session": session})

    reasons = body["data"]["pspRegistrationEligibility"]["reasons"]
    assert {"code": "SGLS-CAPACITY", "message": "Places restantes : 1 sur 1.", "allowed": True} in (
        reasons
    )
    participants = next(r for r in reasons if r["code"] == "SGLS-PARTICIPANTS")
    assert participants["message"] == (
        "Les médecins, les AAM et les professionnels de la santé connexes participent."
    )


DECLARED = """
query {
  programs { slug description settings { name description } }
  questionnaire(program: "psp_sgls", key: "sgls_reflection") {
    title questions { key prompt choices }
  }
}"""


async def test_sgls_declared_words_come_back_in_french(province: Province) -> None:
    """What the program declared (its description, its settings', its questionnaire's title and
    prompts) is read in French; choice values stay as declared."""
    body = await in_french(province.as_(province.coordinator)).execute(DECLARED, {})

    program = next(p for p in body["data"]["programs"] if p["slug"] == "psp_sgls")
    assert program["description"].startswith("Programme de soutien à la pratique de la C.-B. : ")
    settings = {s["name"]: s["description"] for s in program["settings"]}
    assert settings["capacity"] == "Nombre maximal de participants à une séance (SGLS-CAPACITY)."
    questionnaire = body["data"]["questionnaire"]
    assert questionnaire["title"] == (
        "Séance d’apprentissage en petit groupe : questionnaire d’autoréflexion"
    )
    prompts = {q["key"]: q["prompt"] for q in questionnaire["questions"]}
    assert prompts == {
        "changed": "Qu’avez-vous changé dans votre pratique?",
        "action_plan": "Avez-vous réalisé votre plan d’action?",
        "useful": "Dans quelle mesure la séance vous a-t-elle été utile?",
    }
    choices = next(q for q in questionnaire["questions"] if q["key"] == "action_plan")["choices"]
    assert choices == ["Fully", "Partly", "Not yet"]
