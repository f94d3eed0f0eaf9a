"""Certificates as documents a physician holds: a PDF stating who earned what, where and when,
listed and downloaded by its holder and their program's staff; issued in batches and
corrected by issuing anew; checked by anyone holding its verification code."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from tests.certification_support import attend
from tests.factories import CREATE_ACTIVITY, Factory, unique
from tests.graphql_client import GraphQLClient

Clients = Callable[[int | str | None], GraphQLClient]
CERTIFICATE = "id number credits verificationCode current downloadPath"
ISSUE = f"""
mutation($input: IssueCertificateInput!) {{
  issueCertificate(input: $input) {{ certificate {{ {CERTIFICATE} }} errors {{ code message }} }}
}}"""
ISSUE_MANY = f"""
mutation($input: IssueCertificatesInput!) {{
  issueCertificates(input: $input) {{
    certificates {{ {CERTIFICATE} }} refused {{ personId error {{ code }} }} errors {{ code }}
  }}
}}"""
REISSUE = f"""
mutation($input: ReissueCertificateInput!) {{
  reissueCertificate(input: $input) {{ certificate {{ {CERTIFICATE} }} errors {{ code message }} }}
}}"""
REVERSE = """
mutation($input: ReverseCreditEntryInput!) {
  reverseCreditEntry(input: $input) { entry { amount } errors { code } }
}"""
MINE = "query { certificates { nodes { number } } }"
VERIFY = """
query($code: String!) {
  verifyCertificate(code: $code) {
    number holder title provider program periodStart periodEnd credits replacedBy
    categories { category credits }
  }
}"""
LOCATION = "St. Paul's Hospital, Room 4"
PERIOD = {"periodStart": "2025-01-01", "periodEnd": "2025-12-31"}


async def _organization(gql: GraphQLClient) -> tuple[str, str]:
    name = unique("Fraser Northwest Division")
    payload = await gql.mutate(
        "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) "
        "{ organization { id } errors { code } } }",
        name=name,
        kind="association",
    )
    return payload["organization"]["id"], name


async def _workshop(gql: GraphQLClient, organization: str, title: str) -> str:
    start = datetime(2025, 3, 6, 17, tzinfo=UTC)
    payload = await gql.mutate(
        CREATE_ACTIVITY,
        organizationId=organization,
        kind="example.workshop",
        title=title,
        startsAt=start.isoformat(),
        endsAt=start.replace(hour=20).isoformat(),
        location=LOCATION,
    )
    return payload["activity"]["id"]


async def _attended(
    gql: GraphQLClient, make: Factory, count: int = 1
) -> tuple[str, str, str, list[str]]:
    """An organization, a three-hour workshop there, and ``count`` physicians who attended."""
    organization, name = await _organization(gql)
    activity = await _workshop(gql, organization, "Deprescribing in older adults")
    people = [await make.person(organization=organization) for _ in range(count)]
    for person in people:
        await attend(gql, activity, person, hours="3")
    return organization, name, activity, people


async def _issue(gql: GraphQLClient, organization: str, person: str) -> dict[str, Any]:
    payload = await gql.mutate(
        ISSUE,
        personId=person,
        organizationId=organization,
        program="example",
        title="Deprescribing series 2025",
        **PERIOD,
    )
    return payload["certificate"]


async def _download(client: GraphQLClient, path: str) -> Any:
    return await client.http.get(path, headers=client.headers)


def _text(pdf: bytes) -> str:
    """The text of every page, with line breaks a narrow column made read as spaces."""
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)


async def test_certificate_pdf_states_holder_activity_provider_dates_place_credits_and_code(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, provider, _, (person,) = await _attended(gql, make)
    certificate = await _issue(gql, organization, person)
    holder = (
        await gql.data(
            "query($id: ID!) { node(id: $id) { ... on Person { name licenceNumber } } }",
            {"id": person},
        )
    )["node"]

    response = await _download(client_for(person), certificate["downloadPath"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "private, no-store"
    text = _text(response.content)
    for stated in (
        holder["name"],
        f"ON {holder['licenceNumber']}",
        "Deprescribing series 2025",
        "Deprescribing in older adults",
        provider,
        "2025-01-01 to 2025-12-31",
        "2025-03-06",
        LOCATION,
        "Mainpro+ Certified",
        "EX-2024",
        certificate["number"],
        certificate["verificationCode"],
    ):
        assert stated in text, f"{stated!r} is not on the certificate:\n{text}"
    assert "Credits 3" in text


async def test_certificate_listed_and_downloaded_by_its_holder_and_administrators_only(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, _, _, (person, other) = await _attended(gql, make, count=2)
    certificate = await _issue(gql, organization, person)

    mine = await client_for(person).data(MINE)
    theirs = await client_for(other).data(MINE)
    statuses = {
        who: (await _download(client, certificate["downloadPath"])).status_code
        for who, client in (
            ("holder", client_for(person)),
            ("admin", gql),
            ("other", client_for(other)),
        )
    }

    assert [c["number"] for c in mine["certificates"]["nodes"]] == [certificate["number"]]
    assert theirs["certificates"]["nodes"] == []
    assert statuses == {"holder": 200, "admin": 200, "other": 403}


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [("anonymous", 401, "UNAUTHENTICATED"), ("stranger", 403, "FORBIDDEN")],
)
async def test_certificate_download_refused_with_a_code_and_no_hint(
    gql: GraphQLClient, make: Factory, client_for: Clients, caller: str, status: int, code: str
) -> None:
    stranger = await make.person()
    client = client_for(None if caller == "anonymous" else stranger)

    response = await _download(client, "/certificates/PL-2025-999999.pdf")

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_certificate_verified_by_anyone_with_its_code_showing_only_what_it_states(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, provider, _, (person,) = await _attended(gql, make)
    certificate = await _issue(gql, organization, person)
    anonymous = client_for(None)

    found = await anonymous.data(VERIFY, {"code": certificate["verificationCode"].lower()})
    unknown = await anonymous.data(VERIFY, {"code": "2222-3333-4444-5555"})

    assert found["verifyCertificate"]["number"] == certificate["number"]
    assert found["verifyCertificate"]["provider"] == provider
    assert found["verifyCertificate"]["credits"] == "3.00"
    assert found["verifyCertificate"]["categories"] == [
        {"category": "Mainpro+ Certified", "credits": "3.00"}
    ]
    assert found["verifyCertificate"]["replacedBy"] is None
    assert unknown["verifyCertificate"] is None


async def test_certificates_issued_in_a_batch_for_one_session(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, _, activity, people = await _attended(gql, make, count=3)
    batch = {"organizationId": organization, "program": "example", "title": "Session", **PERIOD}

    first = await gql.mutate(ISSUE_MANY, activityId=activity, **batch)
    again = await gql.mutate(ISSUE_MANY, activityId=activity, **batch)

    assert [c["credits"] for c in first["certificates"]] == ["3.00"] * len(people)
    assert again["certificates"] == []
    assert again["refused"] == []


async def test_certificate_batches_at_once_certify_each_credit_once(
    gql: GraphQLClient, make: Factory
) -> None:
    organization, _, activity, people = await _attended(gql, make, count=4)
    batch = {"organizationId": organization, "program": "example", "title": "Session", **PERIOD}

    payloads = await asyncio.gather(
        *(gql.payload(ISSUE_MANY, activityId=activity, **batch) for _ in range(6))
    )

    issued = [c for p in payloads for c in p["certificates"]]
    assert len(issued) == len(people)
    assert all(p["errors"] == [] for p in payloads)


async def test_corrected_certificate_issued_anew_and_the_old_one_names_it(
    gql: GraphQLClient, make: Factory, client_for: Clients
) -> None:
    organization, _, _, (person,) = await _attended(gql, make)
    second = await _workshop(gql, organization, "Opioid tapering")
    entry = (await attend(gql, second, person, hours="2"))["creditEntry"]
    old = await _issue(gql, organization, person)
    await gql.mutate(REVERSE, entryId=entry["id"], reason="Recorded for someone else.")

    new = (await gql.mutate(REISSUE, certificateId=old["id"]))["certificate"]
    again = await gql.payload(REISSUE, certificateId=old["id"])
    verified = await client_for(None).data(VERIFY, {"code": old["verificationCode"]})
    listed = await client_for(person).data("query { certificates { nodes { number current } } }")

    assert (old["credits"], new["credits"]) == ("5.00", "3.00")
    assert [e["code"] for e in again["errors"]] == ["CORE-CERTIFICATE-SUPERSEDED"]
    assert verified["verifyCertificate"]["replacedBy"] == new["number"]
    assert listed["certificates"]["nodes"] == [
        {"number": old["number"], "current": False},
        {"number": new["number"], "current": True},
    ]
