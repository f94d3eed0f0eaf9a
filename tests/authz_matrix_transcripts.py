"""The authorization matrix's rows for a person's credit record: their College's cycles and the
credits they earned outside peerlearn.

A College's rules are no secret (``creditSystems``). Staff over a person enter their cycle; P
enters P's own (each case sets the same dates, 2023-07-01 for five years, on which ``transcript``
is asked, so no other case reads anything else); others are refused, acting on a fresh
physician of A. Staff of A import a College's list naming a fresh physician of A by licence. A
self-reported credit is its physician's alone: anyone signed in records their own, and only P
withdraws P's, not even the platform admin, who sees it. The audit trail of A's people (who
changed their records, who read their transcripts) is for A's staff.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.authz_outcomes import (
    P_ONLY,
    P_OR_STAFF_OF_A,
    PUBLIC,
    SIGNED_IN,
    STAFF_OF_A,
    Entry,
    inputs,
    mutation,
    no_variables,
)
from tests.authz_world import PHYSICIAN, World

MAINPRO = "mainpro+"
RECORD = mutation("recordExternalCredit", "RecordExternalCreditInput", "externalCredit { id }")


async def cycle_to_enter(w: World, caller: str) -> dict[str, Any]:
    person = w.ids["P"] if caller == PHYSICIAN else await w.person_in("A")
    return {"personId": person, "creditSystem": MAINPRO, "startsOn": "2023-07-01"}


async def college_list_for_a(w: World, caller: str) -> dict[str, Any]:
    licence = f"MX-{uuid.uuid4().hex[:12]}"
    w.secrets.append(licence)
    await w.make.person(organization=w.ids["A"], licenceNumber=licence)
    row = {
        "licenceProvince": "ON",
        "licenceNumber": licence,
        "creditSystem": MAINPRO,
        "startsOn": "2024-01-01",
    }
    return {"organizationId": w.ids["A"], "cycles": [row]}


async def credit_earned_elsewhere(w: World, caller: str) -> dict[str, Any]:
    return {
        "earnedOn": "2024-05-14",
        "provider": "A provincial chapter",
        "title": "Annual assembly",
        "credits": "3",
        "category": "certified",
        "creditSystem": MAINPRO,
    }


async def credit_of_p(w: World, caller: str) -> dict[str, Any]:
    recorded = await w.client(PHYSICIAN).mutate(RECORD, **await credit_earned_elsewhere(w, caller))
    return {"externalCreditId": recorded["externalCredit"]["id"]}


async def organization_a(w: World, caller: str) -> dict[str, Any]:
    return {"organization": w.ids["A"]}


TRANSCRIPTS_MATRIX: dict[str, Entry] = {
    # The audit trail of A's people is for A's staff; anyone signed in reads their own without
    # naming an organization.
    "auditEvents": Entry(
        "query($organization: ID) { auditEvents(first: 5, organizationId: $organization) "
        "{ nodes { action } } }",
        organization_a,
        STAFF_OF_A,
    ),
    "creditSystems": Entry("query { creditSystems { code } }", no_variables, PUBLIC),
    "setCreditCycle": Entry(
        mutation("setCreditCycle", "SetCreditCycleInput", "cycle { id }"),
        inputs(cycle_to_enter),
        P_OR_STAFF_OF_A,
    ),
    "importCreditCycles": Entry(
        mutation("importCreditCycles", "ImportCreditCyclesInput", "cycles { id }"),
        inputs(college_list_for_a),
        STAFF_OF_A,
    ),
    "recordExternalCredit": Entry(RECORD, inputs(credit_earned_elsewhere), SIGNED_IN),
    "withdrawExternalCredit": Entry(
        mutation("withdrawExternalCredit", "WithdrawExternalCreditInput", "externalCredit { id }"),
        inputs(credit_of_p),
        P_ONLY,
    ),
}
