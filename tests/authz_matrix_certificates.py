"""The authorization matrix's rows for certificates as documents: listing them, issuing them in
batches, issuing a corrected one, and checking one by its verification code."""

from __future__ import annotations

from typing import Any

from tests.authz_documents import ISSUE_CERTIFICATE
from tests.authz_outcomes import (
    DENY,
    PUBLIC,
    STAFF_OF_A,
    Entry,
    expect,
    inputs,
    mutation,
    seen,
)
from tests.authz_world import World, certificate_input


async def certificates_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"person": w.ids["P"]}


async def unknown_code(w: World, caller: str) -> dict[str, Any]:
    return {"code": "2222-3333-4444-5555"}


async def batch_of_fresh_activity(w: World, caller: str) -> dict[str, Any]:
    activity = await w.activity_in("A")
    await w.attend(activity, await w.person_in("A"))
    values = {**certificate_input(w), "activityId": activity}
    del values["personId"]
    return values


async def fresh_certificate(w: World, caller: str) -> dict[str, Any]:
    attendee = await w.person_in("A")
    await w.attend(await w.activity_in("A"), attendee)
    issued = await w.gql.mutate(ISSUE_CERTIFICATE, **certificate_input(w, attendee))
    return {"certificateId": issued["certificate"]["id"]}


CERTIFICATES_MATRIX: dict[str, Entry] = {
    "certificates": Entry(
        "query($person: ID!) { certificates(personId: $person) { nodes { id } } }",
        certificates_of_p,
        expect(
            anonymous=DENY,
            physician=seen("certP", "certCall"),
            other_physician=seen(),
            guide=seen(),
            coordinator_a=seen("certP", "certCall"),
            staff_b=seen(),
            admin=seen("certP", "certCall"),
        ),
    ),
    "verifyCertificate": Entry(
        "query($code: String!) { verifyCertificate(code: $code) { number } }",
        unknown_code,
        PUBLIC,
    ),
    "issueCertificates": Entry(
        mutation("issueCertificates", "IssueCertificatesInput", "certificates { number }"),
        inputs(batch_of_fresh_activity),
        STAFF_OF_A,
    ),
    "reissueCertificate": Entry(
        mutation("reissueCertificate", "ReissueCertificateInput", "certificate { number }"),
        inputs(fresh_certificate),
        STAFF_OF_A,
    ),
}
