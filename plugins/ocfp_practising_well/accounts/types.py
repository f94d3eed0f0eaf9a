"""GraphQL types of learner accounts, and the program's enums every domain's types use."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import strawberry

from core.graphql.context import Info
from core.graphql.relay import to_global_id
from core.graphql.rows import FromRow
from core.people import repository as people
from core.people.types import Person
from plugins.ocfp_practising_well import models
from plugins.ocfp_practising_well.accounts.repository import STATUS

PwTopic = models.Topic
strawberry.enum(PwTopic, name="PwTopic", description="A Practising Well topic area.")
PwAccountStatus = models.AccountStatus
strawberry.enum(PwAccountStatus, name="PwAccountStatus")
PwReportingPreference = models.ReportingPreference
strawberry.enum(PwReportingPreference, name="PwReportingPreference")


def person_id(pk: int | None) -> strawberry.ID | None:
    """The global ID of a person a row names, if it names one."""
    return to_global_id("Person", pk) if pk is not None else None


def topics(row: Any) -> list[models.Topic]:
    return [models.Topic(t) for t in row.topics]


async def _person(root: PwLearner, info: Info) -> Person:
    """Through the request's loader, so a list of accounts reads its people in one query."""
    return Person.from_row(await info.context.loaders(people.people_by_id).load(root.person_pk))


@strawberry.type(
    description="A peer learner's account (PW-ACCOUNT): its status is the learner's core "
    "enrolment in the program."
)
class PwLearner(FromRow):
    id: strawberry.ID
    person: Person = strawberry.field(resolver=_person)
    status: PwAccountStatus
    topics: list[PwTopic]
    reporting: PwReportingPreference
    applied_at: datetime
    decided_at: datetime | None
    decision_note: str | None
    withdrawn_at: datetime | None = strawberry.field(
        description="When the learner last left the program (kept if they apply again)."
    )
    withdrawn_by_id: strawberry.ID | None = strawberry.field(
        description="The Person who recorded it: the learner themselves, or program staff."
    )
    withdrawal_reason: str | None
    person_pk: strawberry.Private[int]

    COMPUTED: ClassVar[Mapping[str, Any]] = {
        "status": lambda row: STATUS[row.state],
        "topics": topics,
        "withdrawn_by_id": lambda row: person_id(row.withdrawn_by_id),
        "person_pk": lambda row: row.person_id,
    }
