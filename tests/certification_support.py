"""Documents and helpers for the certification and achievement tests: certifications added,
closed and superseded through the API, attendance at activities held while none was in force."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from tests.factories import RECORD_PARTICIPATION, Factory, unique
from tests.graphql_client import GraphQLClient

_CERTIFIED = """certification { id code state effectiveFrom effectiveTo activityId supersedesId
                                 supersededById creditType rate unit }
    closed { id code state effectiveTo }
    awarded { id amount explanation earnedOn capsApplied { code after } }
    errors { code field message }"""
ADD = (
    "mutation($input: AddCertificationInput!) { addCertification(input: $input) "
    f"{{ {_CERTIFIED} }} }}"
)
CLOSE = (
    "mutation($input: CloseCertificationInput!) { closeCertification(input: $input) "
    f"{{ {_CERTIFIED} }} }}"
)
SUPERSEDE = (
    "mutation($input: SupersedeCertificationInput!) { supersedeCertification(input: $input) "
    f"{{ {_CERTIFIED} }} }}"
)
AWARD = (
    "mutation($input: AwardCertifiedCreditsInput!) { awardCertifiedCredits(input: $input) "
    f"{{ {_CERTIFIED} }} }}"
)
CERTIFICATIONS = """
query($program: String, $kind: String, $activity: ID) {
  certifications(program: $program, activityKind: $kind, activityId: $activity) {
    id code state effectiveFrom effectiveTo supersedesId supersededById rate
  }
}"""
TRANSCRIPT = """
query($id: ID!) {
  transcript(personId: $id, cycleStart: "2024-07-01") {
    total byCategory { category total }
    entries { nodes { amount creditType unit explanation reversesEntryId } }
  }
}"""
LEDGER = """
query($id: ID!, $start: Date!) {
  transcript(personId: $id, cycleStart: $start) { entries { nodes { id amount explanation } } }
}"""

_codes = itertools.count(1)


def code(prefix: str = "CERT") -> str:
    return f"{prefix}-{next(_codes)}-{unique('x').split()[-1]}"


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def held_in(make: Factory, year: int, month: int = 6, hours: int = 2) -> str:
    """A workshop held on a day of ``year``, when the example's kind may be uncertified."""
    return await make.activity(hours=hours, starts_at=datetime(year, month, 10, 17, tzinfo=UTC))


async def attend(gql: GraphQLClient, activity: str, person: str, hours: str = "2") -> dict:
    return await gql.mutate(RECORD_PARTICIPATION, activityId=activity, personId=person, hours=hours)


async def certify_activity(
    gql: GraphQLClient, activity: str, starts: str, **fields: Any
) -> dict[str, Any]:
    """Add a certification of one activity (the payload, errors and all)."""
    values = {
        "activityId": activity,
        "code": code(),
        "title": "One workshop",
        "rate": "1",
        "effectiveFrom": starts,
        **fields,
    }
    return await gql.payload(ADD, **values)


async def ledger(gql: GraphQLClient, person: str, start: str) -> list[dict[str, Any]]:
    data = await gql.data(LEDGER, {"id": person, "start": start})
    return data["transcript"]["entries"]["nodes"]
