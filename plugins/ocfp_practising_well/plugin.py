"""Practising Well's hooks: what the program declares to the peerlearn host."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from strawberry.tools import merge_types

from core import hookimpl
from core.access import AccessRule
from core.events import ENROLMENT_APPROVED, ENROLMENT_CLOSED, ENROLMENT_WITHDRAWN, EventHandler
from core.i18n import N_
from core.privacy.export import Condition, rows_about
from core.programs import (
    ActivityKind,
    CertificationSpec,
    CreditCap,
    CreditFormula,
    DueItemKind,
    EligibilityRule,
    ExportSpec,
    GroupKind,
    Migrations,
    PersonalDataExport,
    PlanKind,
    ProgramInfo,
    ProgramSetting,
    SchemaPart,
)
from core.registry import DemoLoader
from core.settings import ProgramSettings
from plugins.ocfp_practising_well import COP_CALL, PEER_CONNECT, SLUG, SURVEY
from plugins.ocfp_practising_well.accounts.mutations import AccountsMutation
from plugins.ocfp_practising_well.accounts.queries import AccountsQuery
from plugins.ocfp_practising_well.accounts.rules import ApplicationFirst, ApprovedAccount
from plugins.ocfp_practising_well.accounts.service import on_approved
from plugins.ocfp_practising_well.demo import load_demo
from plugins.ocfp_practising_well.exchange.models import MODELS as EXCHANGE_MODELS
from plugins.ocfp_practising_well.exchange.models import Question
from plugins.ocfp_practising_well.exchange.mutations import ExchangeMutation
from plugins.ocfp_practising_well.exchange.queries import EXCHANGE_NODES, ExchangeQuery
from plugins.ocfp_practising_well.goals.mutations import GoalsMutation
from plugins.ocfp_practising_well.goals.queries import GoalsQuery
from plugins.ocfp_practising_well.goals.service import PLAN_KIND
from plugins.ocfp_practising_well.matching.mutations import MatchingMutation
from plugins.ocfp_practising_well.matching.queries import MatchingQuery
from plugins.ocfp_practising_well.matching.rules import ACCESS_RULES, DirectoryAccess
from plugins.ocfp_practising_well.matching.service import CAPACITY, CASELOAD, LEARNER_GROUP
from plugins.ocfp_practising_well.models import (
    MODELS,
    Guide,
    GuideRequest,
    Learner,
    PeerSession,
    ProgressReport,
)
from plugins.ocfp_practising_well.reporting.exports import PENDING_REPORT
from plugins.ocfp_practising_well.reporting.mutations import ReportingMutation
from plugins.ocfp_practising_well.reporting.queries import ReportingQuery
from plugins.ocfp_practising_well.reporting.rules import ProgramCertificates, ProgressUpToDate
from plugins.ocfp_practising_well.sessions.mutations import SessionsMutation
from plugins.ocfp_practising_well.sessions.queries import SessionsQuery
from plugins.ocfp_practising_well.sessions.service import CREDIT_COP, CREDIT_PEER
from plugins.ocfp_practising_well.withdrawal.mutations import WithdrawalMutation
from plugins.ocfp_practising_well.withdrawal.service import on_left

PEER_CONNECT_CAP = Decimal(36)
COP_CAP = Decimal(12)
CERTIFIED_SINCE = date(2019, 1, 1)


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="OCFP Practising Well",
        organization_kind="association",
        version="1.0.0",
        graphql_prefix="pw",
        description=N_(
            "Community of Practice calls, the Information Exchange, and Peer Connect "
            "mentoring of family physicians by Peer Guides."
        ),
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting(
            "cop_rate",
            Decimal(1),
            N_("Mainpro+ credits per hour of Community of Practice call (PW-CREDIT-COP)."),
            minimum=Decimal(0),
        ),
        ProgramSetting(
            "progress_survey_days",
            90,
            N_("Days between progress surveys (PW-PROGRESS)."),
            minimum=7,
            maximum=365,
        ),
        ProgramSetting(
            "guide_max_capacity", 10, N_("Most learners one guide may take."), minimum=1, maximum=50
        ),
        ProgramSetting(
            "learner_group_max_size",
            8,
            N_("Most learners in a learner group."),
            minimum=2,
            maximum=20,
        ),
    ]


@hookimpl
def register_models() -> list[type]:
    return [*MODELS, *EXCHANGE_MODELS]


@hookimpl
def register_migrations() -> Migrations:
    return Migrations(directory=Path(__file__).parent / "migrations")


@hookimpl
def register_schema() -> SchemaPart:
    """The domain folders' root fields, gathered here above them all (as core's builtin
    program gathers its slices'), so no folder imports another's GraphQL."""
    return SchemaPart(
        query=merge_types(
            "PwQueries",
            (
                AccountsQuery,
                MatchingQuery,
                GoalsQuery,
                SessionsQuery,
                ReportingQuery,
                ExchangeQuery,
            ),
        ),
        mutation=merge_types(
            "PwMutations",
            (
                AccountsMutation,
                WithdrawalMutation,
                MatchingMutation,
                GoalsMutation,
                SessionsMutation,
                ReportingMutation,
                ExchangeMutation,
            ),
        ),
        nodes=EXCHANGE_NODES,
    )


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(
            PEER_CONNECT,
            N_("Peer Connect"),
            N_("Time with a Peer Guide on learning goals."),
            program_managed=True,
        ),
        ActivityKind(
            COP_CALL,
            N_("Community of Practice call"),
            N_("A monthly province-wide call."),
            program_managed=True,
        ),
    ]


@hookimpl
def register_group_kinds(settings: ProgramSettings) -> list[GroupKind]:
    return [
        GroupKind(
            CASELOAD,
            N_("Peer Guide caseload"),
            CAPACITY,
            max_capacity=settings.integer("guide_max_capacity"),
            waitlist=True,
            program_managed=True,
        ),
        GroupKind(
            LEARNER_GROUP,
            N_("Learner group"),
            CAPACITY,
            max_capacity=settings.integer("learner_group_max_size"),
            program_managed=True,
        ),
    ]


@hookimpl
def register_due_item_kinds() -> list[DueItemKind]:
    return [DueItemKind(SURVEY, N_("Practising Well progress survey"), program_managed=True)]


@hookimpl
def register_plan_kinds() -> list[PlanKind]:
    """A learner's SMART goals are the goals of their plan of this kind (PW-GOALS)."""
    return [PLAN_KIND]


@hookimpl
def register_certifications(settings: ProgramSettings) -> list[CertificationSpec]:
    return [
        CertificationSpec(
            code="PW-PEER-CONNECT",
            activity_kind=PEER_CONNECT,
            title="Practising Well Peer Connect (Mainpro+ certified, up to 36 credits)",
            credit_system="mainpro+",
            credit_type="certified",
            rate=Decimal(3),
            unit="hour",
            effective_from=CERTIFIED_SINCE,
        ),
        CertificationSpec(
            code="PW-COMMUNITY-OF-PRACTICE",
            activity_kind=COP_CALL,
            title="Practising Well Community of Practice (up to 12 credits)",
            credit_system="mainpro+",
            credit_type="certified",
            rate=settings.decimal("cop_rate"),
            unit="hour",
            effective_from=CERTIFIED_SINCE,
        ),
    ]


@hookimpl
def register_credit_formulas() -> list[CreditFormula]:
    return [
        CreditFormula(
            CREDIT_PEER,
            PEER_CONNECT,
            caps=(CreditCap(CREDIT_PEER, PEER_CONNECT, PEER_CONNECT_CAP),),
            description="3 credits per hour with a Peer Guide, up to 36.",
        ),
        CreditFormula(
            CREDIT_COP,
            COP_CALL,
            caps=(CreditCap(CREDIT_COP, COP_CALL, COP_CAP),),
            description="Community of Practice calls, up to 12 credits.",
        ),
    ]


@hookimpl
def register_eligibility_rules() -> list[EligibilityRule]:
    return [
        ApprovedAccount(),
        DirectoryAccess(),
        ProgressUpToDate(),
        ProgramCertificates(),
        ApplicationFirst(),
    ]


@hookimpl
def register_access_rules() -> list[AccessRule]:
    return list(ACCESS_RULES)


@hookimpl
def register_demo_data() -> DemoLoader:
    return load_demo


@hookimpl
def register_event_handlers() -> list[EventHandler]:
    """A learner's enrolment decided or ended, however staff or the learner did it."""
    return [
        EventHandler(ENROLMENT_APPROVED, on_approved),
        EventHandler(ENROLMENT_WITHDRAWN, on_left),
        EventHandler(ENROLMENT_CLOSED, on_left),
    ]


@hookimpl
def register_exports() -> list[ExportSpec]:
    """The report to OCFP of credits it still enters into Mainpro+ (PW-REPORTING)."""
    return [PENDING_REPORT]


def _accounts(person: int) -> tuple[Any, Any]:
    """The IDs of the person's learner account and of their guide profile, as subqueries."""
    return (
        select(Learner.id).where(Learner.person_id == person),
        select(Guide.id).where(Guide.person_id == person),
    )


def _theirs(learner_id: Any, guide_id: Any) -> Condition:
    """A row of the person's as the learner or as the guide it names."""

    def condition(person: int) -> Any:
        learners, guides = _accounts(person)
        return or_(learner_id.in_(learners), guide_id.in_(guides))

    return condition


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """Their learner account and guide profile, the requests, progress reports and Peer
    Connect sessions they are the learner or the guide of, their questions and feedback."""
    return rows_about(
        register_models(),
        also={
            GuideRequest: _theirs(GuideRequest.learner_id, GuideRequest.guide_id),
            PeerSession: _theirs(PeerSession.learner_id, PeerSession.guide_id),
            ProgressReport: lambda person: ProgressReport.learner_id.in_(_accounts(person)[0]),
            Question: lambda person: Question.asker_id == person,
        },
    )
