"""The learning collaborative's refusals in the reader's language: French with
``Accept-Language: fr``, the same rule code either way, so a frontend keys on the code and
shows the sentence as it comes."""

from __future__ import annotations

from tests.graphql_client import GraphQLClient
from tests.lc_support import (  # noqa: F401 (the fixture lc)
    ASSESS,
    SCHEDULE_SESSION,
    Lc,
    lc_fixture,
    two_days,
)


def in_french(client: GraphQLClient) -> GraphQLClient:
    return GraphQLClient(client.http, {**client.headers, "Accept-Language": "fr-CA,fr;q=0.9"})


async def test_lc_sessions_out_of_order_is_refused_in_french(lc: Lc) -> None:
    await lc.start(starts_on="2026-01-01")
    second = {
        "collaborativeId": lc.collaborative,
        "number": 2,
        "title": "Learning session 2",
        "days": two_days("2026-04-09"),
    }

    french = await in_french(lc.f).payload(SCHEDULE_SESSION, **second)
    english = await lc.f.payload(SCHEDULE_SESSION, **second)

    assert french["errors"] == [
        {
            "code": "LC-SESSIONS",
            "field": "number",
            "message": "Planifiez d\u2019abord la séance d\u2019apprentissage 1.",
        }
    ]
    assert english["errors"] == [
        {"code": "LC-SESSIONS", "field": "number", "message": "Schedule learning session 1 first."}
    ]


async def test_lc_monthly_score_recorded_twice_is_refused_in_french(lc: Lc) -> None:
    await lc.start()
    team = await lc.team("NURSE")
    score = {"teamId": team.id, "month": "2026-03-09", "assessor": "FACULTY", "score": "2.5"}
    await lc.f.mutate(ASSESS, **score)

    french = await in_french(lc.f).payload(ASSESS, **score)
    english = await lc.f.payload(ASSESS, **score)

    assert french["errors"] == [
        {
            "code": "LC-MONTHLY",
            "field": "month",
            "message": "La cote du corps professoral pour mars 2026 est déjà enregistrée.",
        }
    ]
    assert english["errors"][0]["code"] == "LC-MONTHLY"
    assert english["errors"][0]["message"] == (
        "The faculty score of March 2026 is recorded already."
    )


async def test_lc_program_description_and_settings_read_in_french(lc: Lc) -> None:
    query = "{ programs { slug description settings { name description } } }"

    def ours(data: dict) -> dict:
        return next(p for p in data["programs"] if p["slug"] == "learning_collaborative")

    french = ours(await in_french(lc.gql).data(query))
    english = ours(await lc.gql.data(query))

    assert french["description"] == (
        "Le corps professoral, les coachs en AQ et les équipes d\u2019AQ des pratiques mènent un "
        "collaboratif d\u2019apprentissage de 12 à 15 mois : une charte, des séances "
        "d\u2019apprentissage, des cycles PDSA et des indicateurs mensuels."
    )
    settings = {s["name"]: s["description"] for s in french["settings"]}
    assert settings["learning_sessions"] == (
        "Séances d\u2019apprentissage d\u2019un collaboratif d\u2019apprentissage (LC-SESSIONS)."
    )
    assert settings["team_max_size"] == "Nombre maximal de personnes dans une équipe de pratique."
    assert english["description"].startswith("Faculty, QI coaches and practice QI teams")
    assert {s["name"]: s["description"] for s in english["settings"]}["team_max_size"] == (
        "Most people on a practice team."
    )
