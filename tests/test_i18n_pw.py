"""Practising Well in French: a PW rule's refusal comes back in the asker's language with the
same rule code, and a notification is written in the recipient's chosen language whoever's
request caused it (here, English-speaking staff confirming a match)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from plugins.ocfp_practising_well import SLUG
from tests.graphql_client import GraphQLClient
from tests.pw_factories import PwFactory
from tests.pw_support import CONFIRM, _codes, _notifications, _request, _request_id

SET_LANGUAGE = """
mutation($input: SetLanguageInput!) {
  setLanguage(input: $input) { person { id } errors { code message } }
}"""


def _in_french(client: GraphQLClient) -> GraphQLClient:
    return GraphQLClient(client.http, {**client.headers, "Accept-Language": "fr"})


async def test_pw_multi_same_guide_twice_is_refused_in_french(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await pw.match(learner, guide, staff)

    english = await _request(learner, guide)
    french = await _request(replace(learner, client=_in_french(learner.client)), guide)

    assert _codes(english) == _codes(french) == [("PW-MULTI", None)]
    assert english["errors"][0]["message"] == "You are already matched with this guide."
    assert french["errors"][0]["message"] == "Vous êtes déjà jumelé avec ce guide pair."


async def test_pw_match_notification_is_written_in_the_learners_french(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    guide = await pw.guide(organization, staff)
    learner = await pw.learner(organization, staff)
    await learner.client.mutate(SET_LANGUAGE, language="FR")

    confirmed = await staff.mutate(CONFIRM, requestId=await _request_id(learner, guide))

    assert confirmed["request"]["status"] == "MATCHED"
    name = confirmed["request"]["guideName"]
    told = [message for kind, message in await _notifications(learner.client)]
    assert f"Vous êtes jumelé avec {name}." in told


PROGRAMS = "{ programs { slug description settings { name description } } }"


async def test_pw_declared_description_and_settings_read_in_french(pw: PwFactory) -> None:
    organization, staff = await pw.ocfp()
    learner = await pw.learner(organization, staff)

    english = await learner.client.data(PROGRAMS)
    french = await _in_french(learner.client).data(PROGRAMS)

    def practising_well(data: dict[str, Any]) -> dict[str, Any]:
        return next(p for p in data["programs"] if p["slug"] == SLUG)

    en, fr = practising_well(english), practising_well(french)
    assert en["description"].startswith("Community of Practice calls, the Information Exchange")
    assert fr["description"] == (
        "Les appels de la Community of Practice, l’Information Exchange et le mentorat Peer "
        "Connect de médecins de famille par des guides pairs."
    )
    settings = {s["name"]: s["description"] for s in fr["settings"]}
    assert settings["progress_survey_days"] == (
        "Nombre de jours entre les sondages de progrès (PW-PROGRESS)."
    )
    assert settings["guide_max_capacity"] == (
        "Nombre maximal d’apprenants qu’un guide pair peut suivre."
    )
    assert [s["name"] for s in en["settings"]] == [s["name"] for s in fr["settings"]]
