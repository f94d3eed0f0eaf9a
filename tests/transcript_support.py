"""What the transcript tests share: a physician with a College cycle and credits recorded
through the API, and the transcript read back as a frontend reads it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tests.factories import Factory
from tests.graphql_client import GraphQLClient

SET_CYCLE = """
mutation($input: SetCreditCycleInput!) {
  setCreditCycle(input: $input) {
    cycle { id creditSystem kind startsOn endsOn source setById }
    errors { code message field }
  }
}"""

RECORD_EXTERNAL = """
mutation($input: RecordExternalCreditInput!) {
  recordExternalCredit(input: $input) {
    externalCredit { id credits category creditSystem }
    errors { code message field }
  }
}"""

TRANSCRIPT = """
query($id: ID!, $start: Date) {
  transcript(personId: $id, cycleStart: $start) {
    total
    creditSystem { code }
    byProgram { program total }
    byCategory { category total }
    bySource { source total }
    cycle {
      startsOn endsOn kind source setById met
      requirements { code required earned missing met }
      years { startsOn endsOn total met requirements { code earned missing met } }
    }
    caps { code program remaining awarded }
    forecast {
      since until pace met
      shortfalls { code yearStartsOn yearEndsOn required projected short message }
      opportunities { program activityKind rate unit remaining closes message }
    }
    selfReported { credits category }
  }
}"""


@dataclass
class Physician:
    """A physician and their own client (self-reported credit is theirs to record)."""

    id: str
    client: GraphQLClient

    async def record(self, earned_on: str, credits: str | int, category: str) -> None:
        await self.client.mutate(
            RECORD_EXTERNAL,
            earnedOn=earned_on,
            provider="Provincial CME office",
            title=f"Course of {earned_on}",
            credits=str(credits),
            category=category,
        )

    async def record_all(self, credits: Iterable[tuple[str, str | int, str]]) -> None:
        for earned_on, amount, category in credits:
            await self.record(earned_on, amount, category)


async def physician(
    make: Factory,
    client_for: Callable[[str], GraphQLClient],
    profession: str = "FAMILY_PHYSICIAN",
) -> Physician:
    person = await make.person(profession)
    return Physician(person, client_for(person))


async def set_cycle(
    gql: GraphQLClient, person: str, system: str, starts_on: str, **more: Any
) -> dict[str, Any]:
    """Staff (the platform admin) enter the cycle the College assigned."""
    payload = await gql.mutate(
        SET_CYCLE, personId=person, creditSystem=system, startsOn=starts_on, **more
    )
    return payload["cycle"]


async def transcript(gql: GraphQLClient, person: str, start: str | None = None) -> dict[str, Any]:
    data = await gql.data(TRANSCRIPT, {"id": person, "start": start})
    return data["transcript"]


def requirement(found: dict[str, Any], code: str) -> dict[str, Any]:
    """The cycle's requirement ``code``, amounts as decimals."""
    (match,) = [r for r in found["cycle"]["requirements"] if r["code"] == code]
    return {
        k: Decimal(v) if k in {"required", "earned", "missing"} else v for k, v in match.items()
    }


def by(rows: list[dict[str, Any]], key: str) -> dict[str, Decimal]:
    return {row[key]: Decimal(row["total"]) for row in rows}
