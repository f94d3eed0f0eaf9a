"""Core's own declarations, made through the same hooks every program implements.

This module stands above core's domain slices and gathers their GraphQL parts into core's
part of the schema; no slice imports it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from strawberry.tools import merge_types

from core import hookimpl
from core.activities import models as activities
from core.activities.mutations import ActivitiesMutation
from core.activities.part_mutations import ActivityPartsMutation
from core.activities.queries import ActivitiesQuery
from core.activities.seat_mutations import ActivitySeatsMutation
from core.activities.types import Activity, Participation, part_nodes
from core.audit import models as audit
from core.audit.queries import AuditQuery
from core.audit.types import AuditEvent
from core.budgets import models as budgets
from core.budgets.mutations import BudgetsMutation
from core.budgets.queries import BudgetsQuery
from core.budgets.types import allocation_nodes, entry_nodes
from core.calendars import models as calendars
from core.calendars.mutations import CalendarsMutation
from core.calendars.queries import CalendarsQuery
from core.catalog.queries import CatalogQuery
from core.certificates import models as certificates
from core.certificates.mutations import CertificatesMutation
from core.certificates.queries import CertificatesQuery
from core.certificates.types import Certificate
from core.credits import models as credits
from core.credits.certification_mutations import CertificationsMutation
from core.credits.mutations import CreditsMutation
from core.credits.queries import CreditsQuery
from core.credits.types import Certification, CreditEntry
from core.demo import load_core_demo
from core.due_items import models as due_items
from core.due_items.mutations import DueItemsMutation
from core.due_items.types import DueItem
from core.enrolments import models as enrolments
from core.enrolments.mutations import EnrolmentsMutation
from core.enrolments.queries import EnrolmentsQuery
from core.enrolments.types import enrolment_nodes
from core.exports.queries import ExportsQuery
from core.graphql.nodes import public_nodes, visible_nodes
from core.groups import models as groups
from core.groups.capacity import DEFAULT_CAPACITY_RULE
from core.groups.invitation_mutations import InvitationsMutation
from core.groups.mutations import GroupsMutation
from core.groups.queries import GroupsQuery
from core.groups.types import Group, invitation_nodes
from core.i18n import N_
from core.idempotency import models as idempotency
from core.measures import models as measures
from core.measures.mutations import MeasuresMutation
from core.measures.queries import MeasuresQuery
from core.measures.types import measure_nodes
from core.notifications import models as notifications
from core.notifications.mutations import NotificationsMutation
from core.people import models as people
from core.people.mutations import PeopleMutation
from core.people.queries import PeopleQuery
from core.people.types import Organization, Person
from core.plans import models as plans
from core.plans.mutations import PlansMutation
from core.plans.queries import PlansQuery
from core.plans.types import goal_nodes, plan_nodes
from core.privacy.export import rows_about
from core.programs import (
    ActivityKind,
    GroupKind,
    PeriodicTask,
    PersonalDataExport,
    PlanKind,
    ProgramInfo,
    SchemaPart,
)
from core.questionnaires import models as questionnaires
from core.questionnaires.mutations import QuestionnairesMutation
from core.questionnaires.queries import QuestionnairesQuery
from core.questionnaires.types import submission_nodes
from core.registry import DemoLoader
from core.tasks.jobs import CORE_TASKS
from core.transcripts import models as transcripts
from core.transcripts.mutations import TranscriptsMutation
from core.transcripts.queries import TranscriptsQuery
from core.transcripts.record_types import CreditCycle, ExternalCredit


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug="core",
        title="peerlearn core",
        organization_kind="any",
        version="0.1.0",
        graphql_prefix="",
        description=N_("People, organizations, groups, activities and the credit ledger."),
    )


@hookimpl
def register_models() -> list[type]:
    return [
        people.Organization,
        people.Person,
        people.RoleAssignment,
        groups.Group,
        groups.Membership,
        groups.Invitation,
        activities.Activity,
        activities.Participation,
        activities.ActivityPart,
        activities.PartAttendance,
        activities.Seat,
        credits.Certification,
        credits.CreditEntry,
        transcripts.CreditCycle,
        transcripts.ExternalCredit,
        audit.AuditEvent,
        idempotency.IdempotencyKey,
        certificates.Certificate,
        certificates.CertifiedEntry,
        certificates.CreditReport,
        calendars.CalendarFeed,
        due_items.DueItem,
        notifications.Notification,
        measures.Measure,
        measures.MeasureValue,
        budgets.Allocation,
        budgets.SpendingEntry,
        questionnaires.QuestionnaireVersion,
        questionnaires.Submission,
        plans.Plan,
        plans.PlanGoal,
        plans.PlanReview,
        credits.Achievement,
        enrolments.Enrolment,
    ]


def _of_own_plan(person: int) -> Any:
    return select(plans.Plan.id).where(plans.Plan.person_id == person)


def _of_own_attendance(person: int) -> Any:
    return select(activities.Participation.id).where(activities.Participation.person_id == person)


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """Core's sections: every core row naming the person (person_id), their own row, the
    invitations sent to them, their plans' goals and reviews, the parts of each attendance, and
    the audit trail's events about them and by them."""
    return rows_about(
        register_models(),
        also={
            people.Person: lambda person: people.Person.id == person,
            groups.Invitation: lambda person: groups.Invitation.invitee_id == person,
            plans.PlanGoal: lambda person: plans.PlanGoal.plan_id.in_(_of_own_plan(person)),
            plans.PlanReview: lambda person: plans.PlanReview.plan_id.in_(_of_own_plan(person)),
            activities.PartAttendance: lambda person: (
                activities.PartAttendance.participation_id.in_(_of_own_attendance(person))
            ),
            audit.AuditEvent: lambda person: audit.AuditEvent.actor_id == person,
        },
    )


@hookimpl
def register_schema() -> SchemaPart:
    """Each slice's root fields, merged in the order a reader meets the domains."""
    query = merge_types(
        "CoreQuery",
        (
            PeopleQuery,
            GroupsQuery,
            ActivitiesQuery,
            CreditsQuery,
            TranscriptsQuery,
            AuditQuery,
            CertificatesQuery,
            CalendarsQuery,
            MeasuresQuery,
            BudgetsQuery,
            QuestionnairesQuery,
            PlansQuery,
            EnrolmentsQuery,
            CatalogQuery,
            ExportsQuery,
        ),
    )
    mutation = merge_types(
        "CoreMutation",
        (
            PeopleMutation,
            GroupsMutation,
            InvitationsMutation,
            ActivitiesMutation,
            ActivityPartsMutation,
            ActivitySeatsMutation,
            DueItemsMutation,
            CertificatesMutation,
            CalendarsMutation,
            CreditsMutation,
            MeasuresMutation,
            BudgetsMutation,
            QuestionnairesMutation,
            PlansMutation,
            CertificationsMutation,
            EnrolmentsMutation,
            NotificationsMutation,
            TranscriptsMutation,
        ),
    )
    nodes = {
        "Organization": public_nodes(people.Organization, Organization.from_row),
        "Person": visible_nodes(people.Person, Person.from_row),
        "Group": visible_nodes(groups.Group, Group.from_row),
        "Activity": visible_nodes(activities.Activity, Activity.from_row),
        "Participation": visible_nodes(activities.Participation, Participation.from_row),
        "ActivityPart": part_nodes,
        "CreditEntry": visible_nodes(credits.CreditEntry, CreditEntry.from_row),
        "DueItem": visible_nodes(due_items.DueItem, DueItem.from_row),
        "Certificate": visible_nodes(certificates.Certificate, Certificate.from_row),
        "Measure": measure_nodes,
        "Allocation": allocation_nodes,
        "SpendingEntry": entry_nodes,
        "QuestionnaireSubmission": submission_nodes,
        "Plan": plan_nodes,
        "PlanGoal": goal_nodes,
        "Certification": visible_nodes(credits.Certification, Certification.from_row),
        "Invitation": invitation_nodes,
        "Enrolment": enrolment_nodes,
        "CreditCycle": visible_nodes(transcripts.CreditCycle, CreditCycle.from_row),
        "ExternalCredit": visible_nodes(transcripts.ExternalCredit, ExternalCredit.from_row),
        "AuditEvent": visible_nodes(audit.AuditEvent, AuditEvent.from_row),
    }
    return SchemaPart(query=query, mutation=mutation, nodes=nodes)


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [ActivityKind("core.meeting", "Meeting", "A gathering that earns no credit.")]


@hookimpl
def register_group_kinds() -> list[GroupKind]:
    return [GroupKind("core.group", "Group", DEFAULT_CAPACITY_RULE)]


@hookimpl
def register_plan_kinds() -> list[PlanKind]:
    return [
        PlanKind("core.learning_plan", "Learning plan", owner="person"),
        PlanKind("core.group_plan", "Group plan", owner="group"),
    ]


@hookimpl
def register_demo_data() -> DemoLoader:
    return load_core_demo


@hookimpl
def register_tasks() -> list[PeriodicTask]:
    return list(CORE_TASKS)
