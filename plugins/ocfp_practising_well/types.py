"""Practising Well's GraphQL types: ``Pw``-prefixed, built from rows with plain attributes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from core.catalog.types import Decision
from core.graphql.relay import to_global_id
from plugins.ocfp_practising_well import models
from plugins.ocfp_practising_well.accounts.types import PwTopic

PwRequestStatus = strawberry.enum(models.RequestStatus, name="PwRequestStatus")
PwGoalTerm = strawberry.enum(models.GoalTerm, name="PwGoalTerm")
PwGoalStatus = strawberry.enum(models.GoalStatus, name="PwGoalStatus")


def _person_id(pk: int | None) -> strawberry.ID | None:
    return to_global_id("Person", pk) if pk is not None else None


@strawberry.type(description="A Peer Guide's directory profile (PW-DIRECTORY).")
class PwGuide:
    id: strawberry.ID
    name: str
    bio: str
    topics: list[PwTopic]
    capacity: int = strawberry.field(description="Learners the guide can take one-to-one.")
    load: int = strawberry.field(description="Learners matched now.")
    waitlist: int = strawberry.field(description="Learners waiting for a place.")
    offered: int = strawberry.field(
        description="Places offered to learners from the waitlist, held until the guide "
        "confirms or declines them."
    )
    accepting: bool
    available: bool = strawberry.field(description="Accepting and with a place free.")

    @classmethod
    def from_row(
        cls, row: models.Guide, name: str, capacity: int, load: int, waitlist: int, offered: int
    ) -> PwGuide:
        return cls(
            id=to_global_id("PwGuide", row.id),
            name=name,
            bio=row.bio,
            topics=[models.Topic(t) for t in row.topics],
            capacity=capacity,
            load=load,
            waitlist=waitlist,
            offered=offered,
            accepting=row.accepting,
            available=row.accepting and load + offered < capacity,
        )


@strawberry.type(description="Whether the directory is open to the caller, and its guides.")
class PwDirectory:
    decision: Decision
    guides: list[PwGuide]


@strawberry.type(
    description="A learner's request for a guide, or for staff to pick one, with its history: "
    "a match that ended stays, ENDED, with when, by whom and why."
)
class PwRequest:
    id: strawberry.ID
    learner_name: str
    guide_id: strawberry.ID | None
    guide_name: str | None
    status: PwRequestStatus
    staff_pick: bool = strawberry.field(description="The learner asked staff to choose.")
    message: str
    created_at: datetime
    decided_at: datetime | None = strawberry.field(
        description="When staff matched it or found the guide full, or an offer was answered."
    )
    waitlisted_at: datetime | None = strawberry.field(
        description="When the learner joined the guide's waitlist (their place in line)."
    )
    offered_at: datetime | None = strawberry.field(
        description="When a freed place was offered to the learner, for the guide to confirm."
    )
    ended_at: datetime | None
    ended_by_id: strawberry.ID | None = strawberry.field(description="The Person who ended it.")
    ended_by_name: str | None
    reason: str | None = strawberry.field(
        description="Why the offer was declined, the request cancelled for the learner, or the "
        "match ended."
    )

    @classmethod
    def from_row(
        cls,
        row: models.GuideRequest,
        learner_name: str,
        guide_name: str | None,
        ended_by_name: str | None,
    ) -> PwRequest:
        return cls(
            id=to_global_id("PwRequest", row.id),
            learner_name=learner_name,
            guide_id=to_global_id("PwGuide", row.guide_id) if row.guide_id else None,
            guide_name=guide_name,
            status=row.status,
            staff_pick=row.staff_pick,
            message=row.message,
            created_at=row.created_at,
            decided_at=row.decided_at,
            waitlisted_at=row.waitlisted_at,
            offered_at=row.offered_at,
            ended_at=row.ended_at,
            ended_by_id=_person_id(row.ended_by_id),
            ended_by_name=ended_by_name,
            reason=row.reason,
        )


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
