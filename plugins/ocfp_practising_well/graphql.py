"""Practising Well's queries and mutations: thin resolvers over the program's services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.access import Viewer
from core.activities.service import ActivityInput
from core.activities.types import Activity, Participation
from core.catalog.types import Decision
from core.certificates.types import Certificate
from core.credits.types import CreditEntry
from core.eligibility import EligibilityCheck, decide
from core.graphql.context import Info
from core.graphql.errors import Payload, mutate
from core.graphql.relay import decode_id, to_global_id
from core.groups.models import Group as GroupRow
from core.groups.models import Membership, MembershipRole, MembershipStatus
from core.groups.types import Group
from core.people.models import Person as PersonRow
from plugins.ocfp_practising_well import (
    DIRECTORY_ACTION,
    SLUG,
    credits,
    goals,
    matching,
    reporting,
    waitlist,
    withdrawal,
)
from plugins.ocfp_practising_well.accounts import service as accounts
from plugins.ocfp_practising_well.accounts.mutations import PwLearnerPayload
from plugins.ocfp_practising_well.accounts.mutations import learner as learner_payload
from plugins.ocfp_practising_well.accounts.types import PwTopic
from plugins.ocfp_practising_well.models import Goal as GoalRow
from plugins.ocfp_practising_well.models import (
    Guide,
    GuideRequest,
    Learner,
    RequestStatus,
)
from plugins.ocfp_practising_well.models import ProgressReport as ProgressRow
from plugins.ocfp_practising_well.types import (
    PwDirectory,
    PwGoal,
    PwGoalStatus,
    PwGoalTerm,
    PwGuide,
    PwPendingCredit,
    PwProgressReport,
    PwRequest,
    PwRequestStatus,
    PwSession,
)


def _settings(info: Info) -> Any:
    return info.context.registry.program(SLUG).settings


async def _guides(session: AsyncSession, rows: list[Guide]) -> list[PwGuide]:
    """Guides with their names, capacity, load, waitlist and offers, in four queries."""
    if not rows:
        return []
    names = dict(
        (
            await session.execute(
                select(PersonRow.id, PersonRow.given_name + " " + PersonRow.family_name).where(
                    PersonRow.id.in_([g.person_id for g in rows])
                )
            )
        ).all()
    )
    group_ids = [g.caseload_group_id for g in rows]
    capacities = dict(
        (
            await session.execute(
                select(GroupRow.id, GroupRow.capacity).where(GroupRow.id.in_(group_ids))
            )
        ).all()
    )
    loads = dict(
        (
            await session.execute(
                select(Membership.group_id, func.count())
                .where(
                    Membership.group_id.in_(group_ids),
                    Membership.status == MembershipStatus.ACTIVE,
                    Membership.role == MembershipRole.MEMBER,
                )
                .group_by(Membership.group_id)
            )
        ).all()
    )
    waiting = await waitlist.waiting_counts(session, [g.id for g in rows])
    return [
        PwGuide.from_row(
            g,
            names[g.person_id],
            capacities[g.caseload_group_id],
            loads.get(g.caseload_group_id, 0),
            waiting.get((g.id, RequestStatus.WAITLISTED), 0),
            waiting.get((g.id, RequestStatus.OFFERED), 0),
        )
        for g in rows
    ]


async def _requests(session: AsyncSession, statement: Any) -> list[PwRequest]:
    learner_person = aliased(PersonRow)
    guide_person = aliased(PersonRow)
    ended_by = aliased(PersonRow)
    rows = await session.execute(
        statement.add_columns(
            learner_person.given_name + " " + learner_person.family_name,
            guide_person.given_name + " " + guide_person.family_name,
            ended_by.given_name + " " + ended_by.family_name,
        )
        .join(Learner, Learner.id == GuideRequest.learner_id)
        .join(learner_person, learner_person.id == Learner.person_id)
        .outerjoin(Guide, Guide.id == GuideRequest.guide_id)
        .outerjoin(guide_person, guide_person.id == Guide.person_id)
        .outerjoin(ended_by, ended_by.id == GuideRequest.ended_by_id)
        .order_by(GuideRequest.created_at, GuideRequest.id)
    )
    return [PwRequest.from_row(*row) for row in rows.all()]


async def _request_types(session: AsyncSession, requests: list[GuideRequest]) -> list[PwRequest]:
    ids = [r.id for r in requests]
    return await _requests(session, select(GuideRequest).where(GuideRequest.id.in_(ids)))


async def _request_type(session: AsyncSession, request: GuideRequest) -> PwRequest:
    (built,) = await _request_types(session, [request])
    return built


def _viewer(info: Info) -> Viewer:
    return info.context.viewer


@strawberry.type
class PwQuery:
    @strawberry.field(
        description="The Peer Guide directory (PW-DIRECTORY): open to approved learners, "
        "guides and staff; `decision` says why it is closed to anyone else."
    )
    async def pw_guide_directory(
        self,
        info: Info,
        organization_id: strawberry.ID,
        topic: PwTopic | None = None,
        available_only: bool = False,
    ) -> PwDirectory:
        organization = decode_id(organization_id, "Organization")
        person_id = _viewer(info).require_person()
        async with info.context.db.read() as session:
            decision = await decide(
                EligibilityCheck(
                    session=session,
                    registry=info.context.registry,
                    action=DIRECTORY_ACTION,
                    person_id=person_id,
                    subject_id=organization,
                    program=SLUG,
                )
            )
            if not decision.allowed:
                return PwDirectory(decision=Decision.from_value(decision), guides=[])
            rows = list(
                (
                    await session.scalars(
                        select(Guide)
                        .where(Guide.organization_id == organization)
                        .order_by(Guide.id)
                    )
                ).all()
            )
            guides = await _guides(session, rows)
        chosen = [
            g
            for g in guides
            if (topic is None or topic in g.topics) and (g.available or not available_only)
        ]
        return PwDirectory(decision=Decision.from_value(decision), guides=chosen)

    @strawberry.field(
        description="Guide requests: staff see their organization's, a learner their own, a "
        "guide those naming them."
    )
    async def pw_requests(
        self,
        info: Info,
        organization_id: strawberry.ID,
        status: PwRequestStatus | None = None,
    ) -> list[PwRequest]:
        organization = decode_id(organization_id, "Organization")
        viewer = _viewer(info)
        person_id = viewer.require_person()
        statement = select(GuideRequest).where(Learner.organization_id == organization)
        if status is not None:
            statement = statement.where(GuideRequest.status == status)
        if not viewer.is_staff(organization, SLUG):
            statement = statement.where(
                (Learner.person_id == person_id) | (Guide.person_id == person_id)
            )
        async with info.context.db.read() as session:
            return await _requests(session, statement)

    @strawberry.field(description="A learner's goals: theirs, their guides' and staff's to see.")
    async def pw_goals(self, info: Info, learner_id: strawberry.ID) -> list[PwGoal]:
        person = decode_id(learner_id, "Person")
        async with info.context.db.read() as session:
            learner = await accounts.learner_by_person(session, _viewer(info), person)
            rows = await session.scalars(
                select(GoalRow).where(GoalRow.learner_id == learner.id).order_by(GoalRow.id)
            )
            return [PwGoal.from_row(r) for r in rows.all()]

    @strawberry.field(description="A learner's Peer Connect sessions, newest first.")
    async def pw_sessions(self, info: Info, learner_id: strawberry.ID) -> list[PwSession]:
        person = decode_id(learner_id, "Person")
        async with info.context.db.read() as session:
            learner = await accounts.learner_by_person(session, _viewer(info), person)
            return [PwSession.from_row(r) for r in await credits.sessions_of(session, learner.id)]

    @strawberry.field(description="A learner's answered progress surveys.")
    async def pw_progress_reports(
        self, info: Info, learner_id: strawberry.ID
    ) -> list[PwProgressReport]:
        person = decode_id(learner_id, "Person")
        async with info.context.db.read() as session:
            learner = await accounts.learner_by_person(session, _viewer(info), person)
            rows = await session.scalars(
                select(ProgressRow)
                .where(ProgressRow.learner_id == learner.id)
                .order_by(ProgressRow.submitted_at, ProgressRow.id)
            )
            return [PwProgressReport.from_row(r) for r in rows.all()]

    @strawberry.field(
        description="Credits OCFP still has to enter into Mainpro+ for learners who chose "
        "that (PW-REPORTING); mark them reported once entered."
    )
    async def pw_pending_credit_report(
        self, info: Info, organization_id: strawberry.ID
    ) -> list[PwPendingCredit]:
        organization = decode_id(organization_id, "Organization")
        async with info.context.db.read() as session:
            rows = await reporting.pending_report(session, _viewer(info), organization)
        return [
            PwPendingCredit(
                credit_entry_id=to_global_id("CreditEntry", entry.id),
                learner_name=person.name,
                licence_number=person.licence_number,
                earned_on=entry.earned_on,
                activity_kind=entry.scope,
                credits=entry.amount,
                credit_type=entry.credit_type,
            )
            for entry, person in rows
        ]


@strawberry.input
class PwCreateGuideInput:
    person_id: strawberry.ID
    organization_id: strawberry.ID
    bio: str
    topic_areas: list[PwTopic]
    capacity: int


@strawberry.input
class PwUpdateGuideInput:
    guide_id: strawberry.ID
    capacity: int | None = None
    accepting: bool | None = None


@strawberry.type
class PwGuidePayload(Payload):
    guide: PwGuide | None = None


@strawberry.input
class PwRequestGuideInput:
    guide_id: strawberry.ID | None = strawberry.field(
        default=None, description="Leave out to ask staff to pick a guide (PW-STAFF-PICK)."
    )
    message: str = ""


@strawberry.input
class PwConfirmMatchInput:
    request_id: strawberry.ID
    guide_id: strawberry.ID | None = strawberry.field(
        default=None, description="The guide staff picked, for a staff-pick request."
    )


@strawberry.input
class PwRequestIdInput:
    request_id: strawberry.ID


@strawberry.type
class PwRequestPayload(Payload):
    request: PwRequest | None = None


@strawberry.input
class PwDecideOfferInput:
    request_id: strawberry.ID
    accept: bool = strawberry.field(
        description="True: the guide takes the learner (a match); false: the place goes to the "
        "next learner waiting."
    )
    reason: str | None = None


@strawberry.input
class PwEndMatchInput:
    guide_id: strawberry.ID
    learner_id: strawberry.ID
    reason: str | None = strawberry.field(default=None, description="Kept on the ended request.")


@strawberry.type
class PwEndMatchPayload(Payload):
    request: PwRequest | None = strawberry.field(
        default=None, description="The request that made the match, now ENDED."
    )
    offered: list[PwRequest] = strawberry.field(
        default_factory=list,
        description="Waitlisted requests the freed place was offered to, for the guide to confirm.",
    )
    matched_from_waitlist: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Always empty: a freed place is offered, never given.",
        deprecation_reason="Freed places are offered to the guide first: see `offered`.",
    )


@strawberry.input
class PwWithdrawAccountInput:
    account_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The PwLearner account staff withdraw; leave out to withdraw your own.",
    )
    reason: str | None = None


@strawberry.input
class PwCreateLearnerGroupInput:
    guide_id: strawberry.ID
    name: str
    capacity: int


@strawberry.input
class PwAddToLearnerGroupInput:
    group_id: strawberry.ID
    learner_id: strawberry.ID


@strawberry.type
class PwGroupPayload(Payload):
    group: Group | None = None


@strawberry.input
class PwSetGoalInput:
    specific: str
    measurable: str
    achievable: str
    relevant: str
    target_date: date
    term: PwGoalTerm
    guide_id: strawberry.ID | None = None


@strawberry.input
class PwCloseGoalInput:
    goal_id: strawberry.ID
    status: PwGoalStatus


@strawberry.type
class PwGoalPayload(Payload):
    goal: PwGoal | None = None


@strawberry.input
class PwSubmitProgressSurveyInput:
    progress: int = strawberry.field(description="1 (stalled) to 5 (goal met).")
    reflection: str
    goal_id: strawberry.ID | None = None


@strawberry.type
class PwProgressPayload(Payload):
    report: PwProgressReport | None = None
    released: list[Certificate] = strawberry.field(
        default_factory=list,
        description="Certificates an overdue survey had held back, issued now (PW-PROGRESS).",
    )


@strawberry.input
class PwLogSessionInput:
    guide_id: strawberry.ID
    learner_id: strawberry.ID
    held_on: date
    hours: Decimal
    goal_id: strawberry.ID | None = None


@strawberry.type
class PwSessionPayload(Payload):
    session: PwSession | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None


@strawberry.input
class PwScheduleCallInput:
    organization_id: strawberry.ID
    title: str
    starts_at: datetime
    ends_at: datetime


@strawberry.type
class PwCallPayload(Payload):
    call: Activity | None = None


@strawberry.input
class PwRecordCallAttendanceInput:
    call_id: strawberry.ID
    learner_id: strawberry.ID
    hours: Decimal


@strawberry.type
class PwAttendancePayload(Payload):
    participation: Participation | None = None
    credit_entry: CreditEntry | None = None
    credit_decision: Decision | None = None
    certificate: Certificate | None = None
    certificate_decision: Decision | None = None


@strawberry.input
class PwIssueQuarterlyCertificatesInput:
    organization_id: strawberry.ID
    quarter: date = strawberry.field(description="Any day of the quarter to certify.")


@strawberry.type(description="A learner whose certificate waits, and why.")
class PwWithheldCertificate:
    learner_id: strawberry.ID
    decision: Decision


@strawberry.type
class PwQuarterPayload(Payload):
    issued: list[Certificate] = strawberry.field(default_factory=list)
    withheld: list[PwWithheldCertificate] = strawberry.field(default_factory=list)


@strawberry.input
class PwMarkCreditsReportedInput:
    organization_id: strawberry.ID
    credit_entry_ids: list[strawberry.ID]


@strawberry.type
class PwMarkCreditsReportedPayload(Payload):
    reported: int = 0


def _optional_id(value: strawberry.ID | None, type_name: str) -> int | None:
    return decode_id(value, type_name) if value is not None else None


@strawberry.type
class PwMutation:
    @strawberry.mutation(
        description="A learner leaves the program, or staff record it (PW-ACCOUNT): matches "
        "end, requests close, open progress surveys close; they may apply again."
    )
    async def pw_withdraw_account(
        self, info: Info, input: PwWithdrawAccountInput
    ) -> PwLearnerPayload:
        learner_id = _optional_id(input.account_id, "PwLearner")
        context = info.context
        return await mutate(
            info,
            PwLearnerPayload,
            lambda s: withdrawal.withdraw(
                s, context.registry, context.viewer, learner_id, input.reason
            ),
            learner_payload,
        )

    @strawberry.mutation(description="Staff list a clinician as a Peer Guide with a capacity.")
    async def pw_create_guide(self, info: Info, input: PwCreateGuideInput) -> PwGuidePayload:
        person = decode_id(input.person_id, "Person")
        organization = decode_id(input.organization_id, "Organization")

        async def work(session: AsyncSession) -> dict[str, Any]:
            guide = await matching.create_guide(
                session,
                info.context.registry,
                _viewer(info),
                person_id=person,
                organization_id=organization,
                bio=input.bio,
                topic_areas=[t.value for t in input.topic_areas],
                capacity_=input.capacity,
                max_capacity=_settings(info).integer("guide_max_capacity"),
            )
            (built,) = await _guides(session, [guide])
            return {"guide": built}

        return await mutate(info, PwGuidePayload, work)

    @strawberry.mutation(description="Change a guide's capacity or availability.")
    async def pw_update_guide(self, info: Info, input: PwUpdateGuideInput) -> PwGuidePayload:
        guide_id = decode_id(input.guide_id, "PwGuide")

        async def work(session: AsyncSession) -> dict[str, Any]:
            guide = await waitlist.update_guide(
                session,
                info.context.registry,
                _viewer(info),
                guide_id,
                capacity_=input.capacity,
                accepting=input.accepting,
                max_capacity=_settings(info).integer("guide_max_capacity"),
            )
            (built,) = await _guides(session, [guide])
            return {"guide": built}

        return await mutate(info, PwGuidePayload, work)

    @strawberry.mutation(description="Request a guide, or ask staff to pick (PW-REQUEST).")
    async def pw_request_guide(self, info: Info, input: PwRequestGuideInput) -> PwRequestPayload:
        guide_id = _optional_id(input.guide_id, "PwGuide")

        async def work(session: AsyncSession) -> dict[str, Any]:
            request = await matching.request_guide(
                session, info.context.registry, _viewer(info), guide_id, input.message
            )
            return {"request": await _request_type(session, request)}

        return await mutate(info, PwRequestPayload, work)

    @strawberry.mutation(
        description="Staff confirm the guide's capacity and match (PW-CAPACITY); a full "
        "guide makes the request UNAVAILABLE."
    )
    async def pw_confirm_match(self, info: Info, input: PwConfirmMatchInput) -> PwRequestPayload:
        request_id = decode_id(input.request_id, "PwRequest")
        guide_id = _optional_id(input.guide_id, "PwGuide")

        async def work(session: AsyncSession) -> dict[str, Any]:
            request = await matching.confirm(
                session, info.context.registry, _viewer(info), request_id, guide_id
            )
            return {"request": await _request_type(session, request)}

        return await mutate(info, PwRequestPayload, work)

    @strawberry.mutation(
        description="Wait for the preferred guide, first come first served; a place that "
        "frees up is OFFERED, and the guide confirms it."
    )
    async def pw_join_waitlist(self, info: Info, input: PwRequestIdInput) -> PwRequestPayload:
        request_id = decode_id(input.request_id, "PwRequest")

        async def work(session: AsyncSession) -> dict[str, Any]:
            request = await waitlist.join_waitlist(session, _viewer(info), request_id)
            return {"request": await _request_type(session, request)}

        return await mutate(info, PwRequestPayload, work)

    @strawberry.mutation(
        description="The guide (or staff for them) confirm a place offered from the waitlist, "
        "which matches within capacity (PW-CAPACITY), or decline it for the next in line."
    )
    async def pw_decide_offer(self, info: Info, input: PwDecideOfferInput) -> PwRequestPayload:
        request_id = decode_id(input.request_id, "PwRequest")

        async def work(session: AsyncSession) -> dict[str, Any]:
            request = await waitlist.decide_offer(
                session,
                info.context.registry,
                _viewer(info),
                request_id,
                input.accept,
                input.reason,
            )
            return {"request": await _request_type(session, request)}

        return await mutate(info, PwRequestPayload, work)

    @strawberry.mutation(description="Withdraw a request (and leave the waitlist).")
    async def pw_cancel_request(self, info: Info, input: PwRequestIdInput) -> PwRequestPayload:
        request_id = decode_id(input.request_id, "PwRequest")

        async def work(session: AsyncSession) -> dict[str, Any]:
            request = await waitlist.cancel(session, _viewer(info), request_id)
            return {"request": await _request_type(session, request)}

        return await mutate(info, PwRequestPayload, work)

    @strawberry.mutation(
        description="End a match: its request becomes ENDED and the freed place is offered to "
        "the guide's waitlist."
    )
    async def pw_end_match(self, info: Info, input: PwEndMatchInput) -> PwEndMatchPayload:
        guide_id = decode_id(input.guide_id, "PwGuide")
        learner = decode_id(input.learner_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            ended = await waitlist.end_match(
                session, _viewer(info), guide_id, learner, input.reason
            )
            return {
                "request": await _request_type(session, ended.request) if ended.request else None,
                "offered": await _request_types(session, ended.offered),
            }

        return await mutate(info, PwEndMatchPayload, work)

    @strawberry.mutation(description="A small learner group facilitated by a guide (PW-MULTI).")
    async def pw_create_learner_group(
        self, info: Info, input: PwCreateLearnerGroupInput
    ) -> PwGroupPayload:
        guide_id = decode_id(input.guide_id, "PwGuide")

        async def work(session: AsyncSession) -> dict[str, Any]:
            group = await matching.create_learner_group(
                session,
                info.context.registry,
                _viewer(info),
                guide_id=guide_id,
                name=input.name,
                capacity_=input.capacity,
                max_size=_settings(info).integer("learner_group_max_size"),
            )
            return {"group": Group.from_row(group)}

        return await mutate(info, PwGroupPayload, work)

    @strawberry.mutation(description="Staff place an approved learner in a learner group.")
    async def pw_add_to_learner_group(
        self, info: Info, input: PwAddToLearnerGroupInput
    ) -> PwGroupPayload:
        group_id = decode_id(input.group_id, "Group")
        learner = decode_id(input.learner_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            await matching.add_to_learner_group(
                session, info.context.registry, _viewer(info), group_id, learner
            )
            group = await session.get(GroupRow, group_id)
            assert group is not None
            return {"group": Group.from_row(group)}

        return await mutate(info, PwGroupPayload, work)

    @strawberry.mutation(description="Set a SMART learning goal (PW-GOALS).")
    async def pw_set_goal(self, info: Info, input: PwSetGoalInput) -> PwGoalPayload:
        guide_id = _optional_id(input.guide_id, "PwGuide")

        async def work(session: AsyncSession) -> dict[str, Any]:
            goal = await goals.set_goal(
                session,
                _viewer(info),
                specific=input.specific,
                measurable=input.measurable,
                achievable=input.achievable,
                relevant=input.relevant,
                target_date=input.target_date,
                term=input.term,
                guide_id=guide_id,
            )
            return {"goal": PwGoal.from_row(goal)}

        return await mutate(info, PwGoalPayload, work)

    @strawberry.mutation(description="Close a goal as achieved (then set another) or set aside.")
    async def pw_close_goal(self, info: Info, input: PwCloseGoalInput) -> PwGoalPayload:
        goal_id = decode_id(input.goal_id, "PwGoal")

        async def work(session: AsyncSession) -> dict[str, Any]:
            goal = await goals.close_goal(session, _viewer(info), goal_id, input.status)
            return {"goal": PwGoal.from_row(goal)}

        return await mutate(info, PwGoalPayload, work)

    @strawberry.mutation(description="Answer the periodic progress survey (PW-PROGRESS).")
    async def pw_submit_progress_survey(
        self, info: Info, input: PwSubmitProgressSurveyInput
    ) -> PwProgressPayload:
        goal_id = _optional_id(input.goal_id, "PwGoal")

        async def work(session: AsyncSession) -> dict[str, Any]:
            answered = await goals.submit_progress(
                session,
                info.context.registry,
                _viewer(info),
                progress=input.progress,
                reflection=input.reflection,
                goal_id=goal_id,
            )
            return {
                "report": PwProgressReport.from_row(answered.report),
                "released": [Certificate.from_row(c) for c in answered.released],
            }

        return await mutate(info, PwProgressPayload, work)

    @strawberry.mutation(
        description="Log Peer Connect time with a matched guide: 3 credits an hour up to 36 "
        "(PW-CREDIT-PEER)."
    )
    async def pw_log_session(self, info: Info, input: PwLogSessionInput) -> PwSessionPayload:
        guide_id = decode_id(input.guide_id, "PwGuide")
        learner = decode_id(input.learner_id, "Person")
        goal_id = _optional_id(input.goal_id, "PwGoal")

        async def work(session: AsyncSession) -> dict[str, Any]:
            logged = await credits.log_session(
                session,
                info.context.registry,
                _viewer(info),
                guide_id=guide_id,
                learner_person_id=learner,
                held_on=input.held_on,
                hours=input.hours,
                goal_id=goal_id,
            )
            entry = logged.award.entry
            return {
                "session": PwSession.from_row(logged.session),
                "credit_entry": CreditEntry.from_row(entry) if entry else None,
                "credit_decision": Decision.from_value(logged.award.decision),
            }

        return await mutate(info, PwSessionPayload, work)

    @strawberry.mutation(description="Staff schedule a monthly Community of Practice call.")
    async def pw_schedule_call(self, info: Info, input: PwScheduleCallInput) -> PwCallPayload:
        data = ActivityInput(
            organization_id=decode_id(input.organization_id, "Organization"),
            kind=credits.COP_CALL,
            title=input.title,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
        )

        async def work(session: AsyncSession) -> dict[str, Any]:
            call = await credits.schedule_call(session, info.context.registry, _viewer(info), data)
            return {"call": Activity.from_row(call)}

        return await mutate(info, PwCallPayload, work)

    @strawberry.mutation(
        description="Staff record call attendance: up to 12 credits (PW-CREDIT-COP); a "
        "certificate follows each call for learners who chose certificates."
    )
    async def pw_record_call_attendance(
        self, info: Info, input: PwRecordCallAttendanceInput
    ) -> PwAttendancePayload:
        call_id = decode_id(input.call_id, "Activity")
        learner = decode_id(input.learner_id, "Person")

        async def work(session: AsyncSession) -> dict[str, Any]:
            attended = await credits.record_call_attendance(
                session,
                info.context.registry,
                _viewer(info),
                call_id=call_id,
                person_id=learner,
                hours=input.hours,
            )
            entry = attended.award.entry
            certificate = attended.certificate
            certificate_decision = attended.certificate_decision
            return {
                "participation": Participation.from_row(attended.participation),
                "credit_entry": CreditEntry.from_row(entry) if entry else None,
                "credit_decision": Decision.from_value(attended.award.decision),
                "certificate": Certificate.from_row(certificate) if certificate else None,
                "certificate_decision": (
                    Decision.from_value(certificate_decision) if certificate_decision else None
                ),
            }

        return await mutate(info, PwAttendancePayload, work)

    @strawberry.mutation(description="Staff issue a quarter's Peer Connect certificates.")
    async def pw_issue_quarterly_certificates(
        self, info: Info, input: PwIssueQuarterlyCertificatesInput
    ) -> PwQuarterPayload:
        organization = decode_id(input.organization_id, "Organization")

        async def work(session: AsyncSession) -> dict[str, Any]:
            outcomes = await reporting.issue_quarterly_certificates(
                session, info.context.registry, _viewer(info), organization, input.quarter
            )
            return {
                "issued": [Certificate.from_row(o.certificate) for o in outcomes if o.certificate],
                "withheld": [
                    PwWithheldCertificate(
                        learner_id=to_global_id("Person", o.learner.person_id),
                        decision=Decision.from_value(o.decision),
                    )
                    for o in outcomes
                    if o.certificate is None
                ],
            }

        return await mutate(info, PwQuarterPayload, work)

    @strawberry.mutation(description="Record credits OCFP entered into Mainpro+ for learners.")
    async def pw_mark_credits_reported(
        self, info: Info, input: PwMarkCreditsReportedInput
    ) -> PwMarkCreditsReportedPayload:
        organization = decode_id(input.organization_id, "Organization")
        entry_ids = [decode_id(e, "CreditEntry") for e in input.credit_entry_ids]

        async def work(session: AsyncSession) -> dict[str, Any]:
            count = await reporting.mark_reported(session, _viewer(info), organization, entry_ids)
            return {"reported": count}

        return await mutate(info, PwMarkCreditsReportedPayload, work)
