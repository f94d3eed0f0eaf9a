"""Practising Well's GraphQL types: ``Pw``-prefixed, built from rows with plain attributes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from core.graphql.relay import to_global_id
from core.graphql.types import Decision, Person
from plugins.ocfp_practising_well import models

PwTopic = strawberry.enum(models.Topic, name="PwTopic", description="A Practising Well topic area.")
PwAccountStatus = strawberry.enum(models.AccountStatus, name="PwAccountStatus")
PwReportingPreference = strawberry.enum(models.ReportingPreference, name="PwReportingPreference")
PwRequestStatus = strawberry.enum(models.RequestStatus, name="PwRequestStatus")
PwGoalTerm = strawberry.enum(models.GoalTerm, name="PwGoalTerm")
PwGoalStatus = strawberry.enum(models.GoalStatus, name="PwGoalStatus")


@strawberry.type(description="A peer learner's account (PW-ACCOUNT).")
class PwLearner:
    id: strawberry.ID
    person: Person
    status: PwAccountStatus
    topics: list[PwTopic]
    reporting: PwReportingPreference
    applied_at: datetime
    decided_at: datetime | None
    decision_note: str | None

    @classmethod
    def from_row(cls, row: models.Learner, person: Person) -> PwLearner:
        return cls(
            id=to_global_id("PwLearner", row.id),
            person=person,
            status=row.status,
            topics=[models.Topic(t) for t in row.topics],
            reporting=row.reporting,
            applied_at=row.applied_at,
            decided_at=row.decided_at,
            decision_note=row.decision_note,
        )


@strawberry.type(description="A Peer Guide's directory profile (PW-DIRECTORY).")
class PwGuide:
    id: strawberry.ID
    name: str
    bio: str
    topics: list[PwTopic]
    capacity: int = strawberry.field(description="Learners the guide can take one-to-one.")
    load: int = strawberry.field(description="Learners matched now.")
    waitlist: int = strawberry.field(description="Learners waiting for a place.")
    accepting: bool
    available: bool = strawberry.field(description="Accepting and with a place free.")

    @classmethod
    def from_row(
        cls, row: models.Guide, name: str, capacity: int, load: int, waitlist: int
    ) -> PwGuide:
        return cls(
            id=to_global_id("PwGuide", row.id),
            name=name,
            bio=row.bio,
            topics=[models.Topic(t) for t in row.topics],
            capacity=capacity,
            load=load,
            waitlist=waitlist,
            accepting=row.accepting,
            available=row.accepting and load < capacity,
        )


@strawberry.type(description="Whether the directory is open to the caller, and its guides.")
class PwDirectory:
    decision: Decision
    guides: list[PwGuide]


@strawberry.type(description="A learner's request for a guide, or for staff to pick one.")
class PwRequest:
    id: strawberry.ID
    learner_name: str
    guide_id: strawberry.ID | None
    guide_name: str | None
    status: PwRequestStatus
    staff_pick: bool = strawberry.field(description="The learner asked staff to choose.")
    message: str
    created_at: datetime
    decided_at: datetime | None


@strawberry.type(description="A SMART learning goal (PW-GOALS).")
class PwGoal:
    id: strawberry.ID
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: PwGoalTerm
    status: PwGoalStatus
    created_at: datetime
    closed_at: datetime | None

    @classmethod
    def from_row(cls, row: models.Goal) -> PwGoal:
        return cls(
            id=to_global_id("PwGoal", row.id),
            specific=row.specific,
            measurable=row.measurable,
            achievable=row.achievable,
            relevant=row.relevant,
            target_date=row.target_date,
            term=row.term,
            status=row.status,
            created_at=row.created_at,
            closed_at=row.closed_at,
        )


@strawberry.type(description="An answered progress survey (PW-PROGRESS).")
class PwProgressReport:
    id: strawberry.ID
    progress: int
    reflection: str
    goal_id: strawberry.ID | None
    submitted_at: datetime

    @classmethod
    def from_row(cls, row: models.ProgressReport) -> PwProgressReport:
        return cls(
            id=to_global_id("PwProgressReport", row.id),
            progress=row.progress,
            reflection=row.reflection,
            goal_id=to_global_id("PwGoal", row.goal_id) if row.goal_id else None,
            submitted_at=row.submitted_at,
        )


@strawberry.type(description="Peer Connect time with a guide (PW-CREDIT-PEER).")
class PwSession:
    id: strawberry.ID
    guide_id: strawberry.ID
    goal_id: strawberry.ID | None
    held_on: date
    hours: Decimal
    activity_id: strawberry.ID

    @classmethod
    def from_row(cls, row: models.PeerSession) -> PwSession:
        return cls(
            id=to_global_id("PwSession", row.id),
            guide_id=to_global_id("PwGuide", row.guide_id),
            goal_id=to_global_id("PwGoal", row.goal_id) if row.goal_id else None,
            held_on=row.held_on,
            hours=row.hours,
            activity_id=to_global_id("Activity", row.activity_id),
        )


@strawberry.type(description="A credit OCFP still has to enter into Mainpro+ (PW-REPORTING).")
class PwPendingCredit:
    credit_entry_id: strawberry.ID
    learner_name: str
    licence_number: str | None
    earned_on: date
    activity_kind: str
    credits: Decimal
    credit_type: str
