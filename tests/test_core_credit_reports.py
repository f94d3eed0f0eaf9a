"""Credits a program reports to the credit system itself (``report_entries``) reach it that
way only: each is reported once, never one already certified or another program's, and
core's certificates leave reported credits out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core.certificates import service as certificates
from core.certificates.models import Certificate, CertifiedEntry, CreditReport
from core.db import Database
from tests.core_service_support import pk, refusal_codes
from tests.factories import RECORD_PARTICIPATION, Factory
from tests.graphql_client import GraphQLClient

EXAMPLE = "example"
REPORTED = "CORE-CREDIT-REPORTED"


async def _learner_with_entries(
    gql: GraphQLClient, make: Factory, count: int
) -> tuple[int, int, list[int]]:
    """An organization, a physician in it and ``count`` credit entries they earned there."""
    organization = await make.organization()
    person = await make.person(organization=organization)
    entries = []
    for _ in range(count):
        activity = await make.activity(organization=organization)
        payload = await gql.mutate(
            RECORD_PARTICIPATION, activityId=activity, personId=person, hours="1"
        )
        entries.append(pk(payload["creditEntry"]["id"]))
    return pk(organization), pk(person), entries


async def _report(
    database: Database, entries: Sequence[int], by: int, program: str = EXAMPLE
) -> list[CreditReport]:
    async with database.write() as session:
        return await certificates.report_entries(
            session, program=program, entry_ids=entries, reported_by_id=by
        )


async def _certify(database: Database, organization: int, person: int) -> Certificate:
    async with database.write() as session:
        return await certificates.certify(
            session,
            person_id=person,
            organization_id=organization,
            program=EXAMPLE,
            title="Example workshops 2024",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        )


async def test_report_entries_keeps_reported_credits_off_certificates(
    database: Database, gql: GraphQLClient, make: Factory
) -> None:
    organization, person, (reported, certified) = await _learner_with_entries(gql, make, 2)

    reports = await _report(database, [reported], person)
    certificate = await _certify(database, organization, person)

    assert [(r.credit_entry_id, r.reported_by_id) for r in reports] == [(reported, person)]
    async with database.read() as session:
        covered = await session.scalars(
            select(CertifiedEntry.credit_entry_id).where(
                CertifiedEntry.certificate_id == certificate.id
            )
        )
        assert list(covered) == [certified]
    assert certificate.credits == Decimal(3)


async def test_report_entries_refuses_what_reached_the_credit_system_already(
    database: Database, gql: GraphQLClient, make: Factory
) -> None:
    organization, person, (first, second) = await _learner_with_entries(gql, make, 2)
    await _report(database, [first], person)
    await _certify(database, organization, person)  # covers the second

    assert await refusal_codes(_report(database, [first], person)) == [REPORTED]
    assert await refusal_codes(_report(database, [second], person)) == [REPORTED]


async def test_report_entries_refuses_another_programs_or_unknown_entries_all_or_nothing(
    database: Database, gql: GraphQLClient, make: Factory
) -> None:
    _, person, (entry,) = await _learner_with_entries(gql, make, 1)

    not_its_own = _report(database, [entry], person, "ocfp_practising_well")
    assert await refusal_codes(not_its_own) == [REPORTED]
    assert await refusal_codes(_report(database, [entry, 2_000_000_000], person)) == [REPORTED]
    reports = await _report(database, [entry, entry], person)

    assert [r.credit_entry_id for r in reports] == [entry]


async def test_certify_refuses_when_every_credit_was_reported(
    database: Database, gql: GraphQLClient, make: Factory
) -> None:
    organization, person, entries = await _learner_with_entries(gql, make, 1)
    await _report(database, entries, person)

    refused = _certify(database, organization, person)

    assert await refusal_codes(refused) == ["CORE-CERTIFICATE-EMPTY"]
