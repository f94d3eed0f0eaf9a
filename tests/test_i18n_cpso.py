"""CPSO QI Groups (cpso_qi_groups) answers in French through the API: a refusal and the
reasons a PIP may not be submitted yet come back in the reader's language (``Accept-Language:
fr``) under the same QIG- rule codes, activities named in French too."""

from __future__ import annotations

from tests.graphql_client import GraphQLClient
from tests.qig_support import (
    ELIGIBILITY,
    Qig,
    codes,
    qig_fixture,  # noqa: F401 (the fixture qig)
)


def in_french(client: GraphQLClient) -> GraphQLClient:
    """The same person's client, asking for French."""
    return GraphQLClient(client.http, {**client.headers, "Accept-Language": "fr"})


async def test_qig_form_refuses_an_unselected_member_in_french(qig: Qig) -> None:
    _, unselected = await qig.person()

    refused = await qig.form(in_french(unselected))

    assert codes(refused) == ["QIG-FORM"]
    assert refused["errors"][0]["message"] == (
        "Seul un membre invité par l’OMCO à QI for Individuals forme un groupe d’AQ; "
        "les pairs s’y joignent sur invitation."
    )


async def test_qig_pip_reasons_are_told_in_french(qig: Qig) -> None:
    group = await qig.group(peers=0)

    found = (await in_french(group.lead[1]).data(ELIGIBILITY, {"group": group.id}))[
        "qigPipEligibility"
    ]

    reasons = {(r["code"], r["message"]) for r in found["reasons"]}
    assert ("QIG-PIP", "Le groupe n’a pas commencé son PAP.") in reasons
    assert ("QIG-GOALS", "Un PAP compte au moins 2 objectifs; celui-ci en compte 0.") in reasons
    missing = [m for code, m in reasons if code == "QIG-PIP" and "n’a pas terminé" in m]
    assert len(missing) == 1
    assert missing[0].endswith(
        " n’a pas terminé : sondage d’AQ, profil de pratique, revue de dossiers, "
        "AQ fondée sur les données."
    )


async def test_qig_declares_its_description_and_settings_in_french(qig: Qig) -> None:
    query = "{ programs { slug description settings { name description } } }"

    programs = (await in_french(qig.gql).data(query))["programs"]

    program = next(p for p in programs if p["slug"] == "cpso_qi_groups")
    assert program["description"] == (
        "Les membres invités par l’OMCO forment des groupes d’AQ, réalisent quatre activités "
        "d’AQ individuelles et rédigent un plan d’amélioration de la pratique de groupe que "
        "l’OMCO examine."
    )
    settings = {s["name"]: s["description"] for s in program["settings"]}
    assert settings["group_size"] == "Nombre maximal de membres d’un groupe d’AQ (QIG-SIZE)."
    assert settings["pip_credits"] == "Crédits pour le PAP accepté."
    assert all("CPSO" not in d and "credits" not in d for d in settings.values())
