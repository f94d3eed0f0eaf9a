"""A physician's credit transcript as documents they hand to their College: a PDF stating who
they are, their cycle and who entered its dates, the credits by category, every requirement
with what is missing, each cycle year and every credit line (self-reported ones marked), in the
physician's language; and the same lines as CSV. Downloaded by whoever may read the
transcript in the API, refused to anyone else with the API's error body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from core.db import utcnow
from core.graphql.relay import to_global_id
from tests.certification_support import attend
from tests.exports_support import staff, table
from tests.factories import CREATE_ACTIVITY, CREATE_ORGANIZATION, Factory, unique
from tests.graphql_client import GraphQLClient

Clients = Callable[[int | str | None], GraphQLClient]
SET_CYCLE = """
mutation($input: SetCreditCycleInput!) {
  setCreditCycle(input: $input) { cycle { id } errors { code message } }
}"""
RECORD_EXTERNAL = """
mutation($input: RecordExternalCreditInput!) {
  recordExternalCredit(input: $input) { externalCredit { id } errors { code message } }
}"""
SET_LANGUAGE = """
mutation($input: SetLanguageInput!) {
  setLanguage(input: $input) { person { language } errors { code } }
}"""
WORKSHOP = "Deprescribing in older adults"
COURSE = "Point-of-care ultrasound course"
PROVIDER = "Provincial CME office"


@dataclass(frozen=True)
class Physician:
    id: str
    organization_id: str
    organization: str
    name: str
    licence: str


async def _physician(gql: GraphQLClient, client_for: Clients, language: str = "EN") -> Physician:
    """A family physician whose Mainpro+ cycle staff entered from 2025-01-01: 3 credits of a
    workshop on 2025-03-06, and 2 Certified Assessment credits they recorded themself for
    2025-06-01. Far from the cycle's 250, and 8 short of its 10 Certified Assessment."""
    organization = (
        await gql.mutate(CREATE_ORGANIZATION, name=unique("Fraser Division"), kind="association")
    )["organization"]
    activity = await gql.mutate(
        CREATE_ACTIVITY,
        organizationId=organization["id"],
        kind="example.workshop",
        title=WORKSHOP,
        startsAt="2025-03-06T17:00:00+00:00",
        endsAt="2025-03-06T20:00:00+00:00",
    )
    person = (
        await gql.data(
            "mutation($input: CreatePersonInput!) { createPerson(input: $input) "
            "{ person { id name licenceNumber } } }",
            {
                "input": {
                    "organizationId": organization["id"],
                    "givenName": "Hélène",
                    "familyName": unique("Bédard").replace(" ", "-"),
                    "email": f"{unique('hb').replace(' ', '')}@example.org",
                    "profession": "FAMILY_PHYSICIAN",
                    "licenceNumber": unique("L").replace(" ", ""),
                    "licenceProvince": "ON",
                }
            },
        )
    )["createPerson"]["person"]
    await attend(gql, activity["activity"]["id"], person["id"], hours="3")
    await gql.mutate(
        SET_CYCLE, personId=person["id"], creditSystem="mainpro+", startsOn="2025-01-01"
    )
    own = client_for(person["id"])
    await own.mutate(SET_LANGUAGE, language=language)
    await own.mutate(
        RECORD_EXTERNAL,
        earnedOn="2025-06-01",
        provider=PROVIDER,
        title=COURSE,
        credits="2",
        category="certified-assessment",
    )
    return Physician(
        person["id"],
        organization["id"],
        organization["name"],
        person["name"],
        person["licenceNumber"],
    )


async def _download(client: GraphQLClient, path: str) -> Any:
    return await client.http.get(path, headers=client.headers)


def _text(pdf: bytes) -> str:
    """The text of every page, with line breaks a narrow column made read as spaces."""
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("language", "stated"),
    [
        (
            "EN",
            [
                "Credit transcript",
                "Mainpro+",
                "2025-01-01 to 2029-12-31",
                "Regular cycle",
                "Dates entered by program staff on {today}",
                "Not every requirement of this cycle is met",
                "Credits in the cycle 250 5 245 Not met",
                "Certified Assessment credits 10 2 8 Not met",
                "2025-01-01 to 2025-12-31 5 Credits in the year 25 5 20 Not met",
                f"2025-03-06 Example program {WORKSHOP} {{provider}} Certified 3",
                f"2025-06-01 Self-reported {COURSE} {PROVIDER} Certified Assessment 2",
                "Self-reported: recorded by the physician",
                "Produced by peerlearn on {today}.",
            ],
        ),
        (
            "FR",
            [
                "Relevé de crédits",
                "2025-01-01 au 2029-12-31",
                "Cycle régulier",
                "Dates saisies par le personnel du programme le {today}",
                "Les exigences de ce cycle ne sont pas toutes satisfaites",
                "Crédits du cycle 250 5 245 Non satisfaite",
                "Crédits d’évaluation certifiée 10 2 8 Non satisfaite",
                f"2025-06-01 Autodéclaré {COURSE} {PROVIDER} Évaluation certifiée 2",
                "Autodéclaré : inscrit par le médecin",
                "Produit par peerlearn le {today}.",
            ],
        ),
    ],
)
async def test_core_mainpro_assessment_missing_and_self_reported_credit_on_the_transcript_pdf(
    gql: GraphQLClient, client_for: Clients, language: str, stated: list[str]
) -> None:
    physician = await _physician(gql, client_for, language)

    response = await _download(gql, f"/transcripts/{physician.id}.pdf")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "private, no-store"
    text = _text(response.content)
    today = utcnow().date().isoformat()
    for words in [physician.name, f"ON {physician.licence}", *stated]:
        expected = words.format(today=today, provider=physician.organization)
        assert expected in text, f"{expected!r} is not on the transcript:\n{text}"


@pytest.mark.parametrize(
    ("header", "first_row"),
    [
        ("", ["Date earned", "Source", "Program", "Activity", "Category", "Credits"]),
        ("?header=keys", ["earned_on", "source", "program", "title", "category", "credits"]),
    ],
)
async def test_transcript_csv_one_safe_row_per_credit_line_with_a_worded_or_keyed_header(
    gql: GraphQLClient, client_for: Clients, header: str, first_row: list[str]
) -> None:
    physician = await _physician(gql, client_for)
    await client_for(physician.id).mutate(
        RECORD_EXTERNAL,
        earnedOn="2025-07-01",
        provider=PROVIDER,
        title="=HYPERLINK(1)",
        credits="1.5",
        category="non-certified",
    )

    response = await _download(client_for(physician.id), f"/transcripts/{physician.id}.csv{header}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert table(response) == [
        first_row,
        [
            "2025-03-06",
            "program",
            "Example program",
            f"{WORKSHOP} ({physician.organization})",
            "Certified",
            "3.00",
        ],
        [
            "2025-06-01",
            "self_reported",
            "Self-reported",
            f"{COURSE} ({PROVIDER})",
            "Certified Assessment",
            "2.00",
        ],
        [
            "2025-07-01",
            "self_reported",
            "Self-reported",
            f"'=HYPERLINK(1) ({PROVIDER})",
            "Non-certified",
            "1.50",
        ],
    ]


async def test_transcript_csv_for_staff_who_see_the_physician_holds_their_program_lines_only(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    """Self-reported credit is the physician's own to show (as in the API): the transcript to
    hand to a College is the one they download themself."""
    physician = await _physician(gql, client_for)
    coordinator = await staff(gql, make, physician.organization_id, "example")

    response = await _download(
        client_for(coordinator), f"/transcripts/{physician.id}.csv?header=keys"
    )

    assert [(row[0], row[1]) for row in table(response)[1:]] == [("2025-03-06", "program")]


@pytest.mark.parametrize("suffix", ["pdf", "csv"])
@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        ("anonymous", 401, "UNAUTHENTICATED"),
        ("another physician", 403, "FORBIDDEN"),
        ("platform admin, unknown person", 404, "NOT_FOUND"),
    ],
)
async def test_transcript_documents_refused_with_the_api_error_body(
    gql: GraphQLClient,
    make: Factory,
    client_for: Clients,
    suffix: str,
    caller: str,
    status: int,
    code: str,
) -> None:
    person = await make.person()
    clients = {
        "anonymous": (client_for(None), person),
        "another physician": (client_for(await make.person()), person),
        "platform admin, unknown person": (gql, to_global_id("Person", 987654321)),
    }
    client, target = clients[caller]

    response = await _download(client, f"/transcripts/{target}.{suffix}")

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize(
    ("query", "stated"),
    [
        ("", ["No cycle dates entered", "so no requirement is judged; every credit is listed"]),
        (
            "?cycleStart=2020-01-01",
            [
                "2020-01-01 to 2024-12-31",
                "Dates not recorded for this person: the cycle asked for, from 2020-01-01",
                "Credits in the cycle 250 0 250 Not met",
            ],
        ),
    ],
)
async def test_transcript_pdf_without_recorded_cycle_judges_none_or_the_cycle_asked_for(
    make: Factory, client_for: Clients, query: str, stated: list[str]
) -> None:
    person = await make.person()

    response = await _download(client_for(person), f"/transcripts/{person}.pdf{query}")

    assert response.status_code == 200
    text = _text(response.content)
    for words in ["Credit lines None", *stated]:
        assert words in text, f"{words!r} is not on the transcript:\n{text}"


async def test_transcript_document_cycle_start_that_is_no_date_is_refused_as_invalid(
    make: Factory, client_for: Clients
) -> None:
    person = await make.person()

    response = await _download(client_for(person), f"/transcripts/{person}.csv?cycleStart=soon")

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"
