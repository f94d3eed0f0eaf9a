"""What the tests of due dates and tasks share: items set through the API, what a person reads
back as a frontend would, and the tasks run for a time the test chooses.

The tasks act on every open item of the enabled programs due by the time they run for, so the
tests run them for days long past (2001), which no other test's items are due by."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from tests.core_documents import COMPLETE_DUE_ITEM, CREATE_DUE_ITEM
from tests.factories import Factory, unique
from tests.graphql_client import GraphQLClient

READING = "example.reading"  # reminded on its due date and the day after (the default)
MONTHLY = "example.monthly_report"  # monthly for a year, reminded three days ahead too
FOLLOW_UP = "example.follow_up"  # two months after an event
REMINDER_KIND = "example.due_item_reminder"
DAY = date(2001, 1, 31)

ITEMS = """
query { me { dueItems(includeCompleted: true) { nodes {
  id kind dueOn state isOverdue followsId
  recurrence { months days every count occurrence nextDueOn }
} } } }"""

NOTIFICATIONS = """
query { me { notifications { nodes { kind message dueItemId reminderDay } } } }"""


def noon(day: date) -> datetime:
    """The time a task runs for, on ``day``."""
    return datetime.combine(day, time(12), UTC)


class Owner:
    """A person who owes things, and their own client to read them."""

    def __init__(self, gql: GraphQLClient, person: str, client: GraphQLClient) -> None:
        self.gql, self.person, self.client = gql, person, client

    @classmethod
    async def new(
        cls, make: Factory, gql: GraphQLClient, client_for: Callable[[str], GraphQLClient]
    ) -> Owner:
        person = await make.person()
        return cls(gql, person, client_for(person))

    async def owe(self, due_on: date, kind: str = READING) -> str:
        """An item the program's staff set for the person; its global ID."""
        payload = await self.gql.mutate(
            CREATE_DUE_ITEM,
            personId=self.person,
            program="example",
            kind=kind,
            title=unique("Report"),
            dueOn=due_on.isoformat(),
        )
        return payload["dueItem"]["id"]

    async def complete(self, item: str) -> None:
        await self.client.mutate(COMPLETE_DUE_ITEM, dueItemId=item)

    async def items(self) -> list[dict[str, Any]]:
        return (await self.client.data(ITEMS))["me"]["dueItems"]["nodes"]

    async def reminders(self) -> list[tuple[str, int]]:
        """Each reminder the person was sent: (its item, its day), oldest first."""
        notes = (await self.client.data(NOTIFICATIONS))["me"]["notifications"]["nodes"]
        return sorted(
            (n["dueItemId"], n["reminderDay"]) for n in notes if n["kind"] == REMINDER_KIND
        )


@pytest.fixture
async def owner(
    make: Factory, gql: GraphQLClient, client_for: Callable[[str], GraphQLClient]
) -> Owner:
    """A fresh person who owes things (import it as a fixture)."""
    return await Owner.new(make, gql, client_for)
