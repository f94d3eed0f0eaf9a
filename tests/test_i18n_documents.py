"""The documents a person holds, in their language: a certificate's PDF (whoever downloads it),
the verification of a certificate (in the asker's), a calendar feed, an email's subject and
footer, and a due item's reminder; refusals keep their rule codes in French."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from io import BytesIO

import httpx
from icalendar import Calendar
from pypdf import PdfReader

from core.db import Database, utcnow
from core.due_items.reminders import message
from core.i18n import Language
from core.settings import Settings
from core.tasks.jobs import send_reminders
from tests.certification_support import attend
from tests.core_service_support import organization_and_person, registry_of
from tests.email_support import Mail, mail  # noqa: F401
from tests.factories import CREATE_ACTIVITY, Factory, unique
from tests.graphql_client import GraphQLClient
from tests.tasks_support import DAY, Owner, noon, owner  # noqa: F401
from tests.test_core_calendar_feeds import CREATE as CREATE_FEED
from tests.test_core_calendar_feeds import DUE

Clients = Callable[[int | str | None], GraphQLClient]
SET_LANGUAGE = """
mutation($input: SetLanguageInput!) {
  setLanguage(input: $input) { person { language } errors { code } }
}"""
ISSUE = """
mutation($input: IssueCertificateInput!) {
  issueCertificate(input: $input) {
    certificate { number verificationCode downloadPath } errors { code message }
  }
}"""
VERIFY = """
query($code: String!) { verifyCertificate(code: $code) { categories { category credits } } }"""
PERIOD = {"periodStart": "2025-01-01", "periodEnd": "2025-12-31"}
TITLE = "OCFP Practising Well"


def _french(client: GraphQLClient) -> GraphQLClient:
    return GraphQLClient(client.http, {**client.headers, "Accept-Language": "fr"})


async def _speaks_french(client: GraphQLClient) -> None:
    payload = await client.mutate(SET_LANGUAGE, language="FR")
    assert payload["person"]["language"] == "FR"


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)


async def _attended(gql: GraphQLClient, make: Factory) -> tuple[str, str]:
    """An organization and a physician who attended a three-hour workshop there in 2025."""
    organization = (
        await gql.mutate(
            "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) "
            "{ organization { id } errors { code } } }",
            name=unique("Division de Laval"),
            kind="association",
        )
    )["organization"]["id"]
    activity = await gql.mutate(
        CREATE_ACTIVITY,
        organizationId=organization,
        kind="example.workshop",
        title="Déprescription chez les aînés",
        startsAt="2025-03-06T17:00:00+00:00",
        endsAt="2025-03-06T20:00:00+00:00",
        location="Hôpital Sainte-Justine",
    )
    person = await make.person(organization=organization)
    await attend(gql, activity["activity"]["id"], person, hours="3")
    return organization, person


async def test_certificate_pdf_in_the_french_speaking_holders_language_with_accents(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, person = await _attended(gql, make)
    await _speaks_french(client_for(person))
    certificate = (
        await gql.mutate(
            ISSUE,
            personId=person,
            organizationId=organization,
            program="example",
            title="Série 2025",
            **PERIOD,
        )
    )["certificate"]

    # Downloaded by English-speaking staff: still the holder's French.
    response = await gql.http.get(certificate["downloadPath"], headers=gql.headers)

    assert response.status_code == 200
    text = _pdf_text(response.content)
    for stated in (
        "Certificat de participation",
        "a obtenu 3 crédits dans le cadre de Série 2025 entre le 1 janvier 2025 et le "
        "31 décembre 2025",
        "permis d\u2019exercice",
        "Fournisseur",
        "2025-01-01 au 2025-12-31",
        "Certifié Mainpro+",
        "Catégorie",
        "Lieu",
        "Hôpital Sainte-Justine",
        "Déprescription chez les aînés",
        f"Code de vérification : {certificate['verificationCode']}",
    ):
        assert stated in text, f"{stated!r} is not on the certificate:\n{text}"
    assert "Certificate of Participation" not in text


async def test_certificate_verified_in_the_askers_language(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, person = await _attended(gql, make)
    certificate = (
        await gql.mutate(
            ISSUE,
            personId=person,
            organizationId=organization,
            program="example",
            title="S",
            **PERIOD,
        )
    )["certificate"]
    code = {"code": certificate["verificationCode"]}

    english = await client_for(None).data(VERIFY, code)
    french = await _french(client_for(None)).data(VERIFY, code)

    assert english["verifyCertificate"]["categories"][0]["category"] == "Mainpro+ Certified"
    assert french["verifyCertificate"]["categories"][0]["category"] == "Certifié Mainpro+"


async def test_core_certificate_empty_is_refused_in_french(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, person = await _attended(gql, make)
    fields = {"personId": person, "organizationId": organization, "program": "example"}
    period = {"periodStart": "2024-01-01", "periodEnd": "2024-12-31"}

    english = await gql.payload(ISSUE, title="S", **fields, **period)
    french = await _french(gql).payload(ISSUE, title="S", **fields, **period)

    codes = [[e["code"] for e in p["errors"]] for p in (english, french)]
    assert codes == [["CORE-CERTIFICATE-EMPTY"]] * 2
    assert (
        "has no example credits to certify between January 1, 2024 and"
        in (english["errors"][0]["message"])
    )
    assert (
        "n\u2019a aucun crédit de example à certifier entre le 1 janvier 2024 et le "
        in (french["errors"][0]["message"])
    )


async def test_person_calendar_feed_in_the_french_speaking_owners_language(
    gql: GraphQLClient, make: Factory, client_for: Clients, http: httpx.AsyncClient
) -> None:
    person = await make.person(organization=await make.organization())
    await _speaks_french(client_for(person))
    await gql.mutate(
        DUE,
        personId=person,
        program="example",
        kind="example.reading",
        title="Lecture préparatoire",
        dueOn=(date.today() + timedelta(days=30)).isoformat(),
    )
    feed = await client_for(person).mutate(CREATE_FEED, program=None)

    # A calendar app asks in English: the feed is still its owner's French.
    response = await http.get(feed["path"], headers={"Accept-Language": "en"})

    summaries = {str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert summaries == {"Échéance : Lecture préparatoire"}


async def test_email_to_a_french_speaking_recipient_has_french_subject_and_footer(
    mail: Mail,  # noqa: F811
    make: Factory,
    client_for: Clients,
) -> None:
    mail.server.start()
    person = (await organization_and_person(make))[1]
    await _speaks_french(client_for(person))
    await mail.tell(person, "You were matched with a mentor.")

    assert await mail.deliver(utcnow()) == 1

    (received,) = await mail.received(person)
    assert received["Subject"] == f"{TITLE} : You were matched with a mentor."
    payload = received.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode().replace("\r\n", "\n")
    assert "You were matched with a mentor.\n\n--\nOCFP Practising Well (" in body
    assert "envoyé par peerlearn" in body
    assert "modifiez votre préférence de courriel" in body


async def test_due_item_reminder_in_the_french_speaking_persons_language(
    owner: Owner,  # noqa: F811
    settings: Settings,
    database: Database,
) -> None:
    await _speaks_french(owner.client)
    await owner.owe(DAY)

    await send_reminders(database, registry_of(settings), noon(DAY + timedelta(days=1)))

    notes = await owner.client.data("{ me { notifications { nodes { message } } } }")
    (note,) = notes["me"]["notifications"]["nodes"]
    assert note["message"].startswith("Rappel : Report")
    assert note["message"].endswith("était à remettre le 31 janvier 2001 et est en retard.")


def test_reminder_counts_days_in_french_and_english() -> None:
    due = date(2026, 12, 10)
    assert message("Rapport", due, due - timedelta(days=1), Language.FR) == (
        "Rappel : Rapport est à remettre dans 1 jour, le 10 décembre 2026."
    )
    assert message("Report", due, due - timedelta(days=3)) == (
        "Reminder: Report is due in 3 days, on December 10, 2026."
    )
