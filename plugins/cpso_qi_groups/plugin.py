"""CPSO QI Groups' hooks: what the program declares to the peerlearn host."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from strawberry.tools import merge_types

from core import hookimpl
from core.events import PLAN_ACCEPTED, EventHandler
from core.i18n import N_
from core.privacy.export import rows_about
from core.programs import (
    CertificationSpec,
    CreditCap,
    CreditFormula,
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
from plugins.cpso_qi_groups import (
    ASSESSMENT,
    LINKING_LEARNING,
    PIP_CREDIT,
    PIP_KIND,
    QI_GROUP,
    SLUG,
)
from plugins.cpso_qi_groups.activities.mutations import ActivitiesMutation
from plugins.cpso_qi_groups.activities.queries import ActivitiesQuery
from plugins.cpso_qi_groups.demo import load_demo
from plugins.cpso_qi_groups.groups.exports import GROUPS
from plugins.cpso_qi_groups.groups.mutations import GroupsMutation
from plugins.cpso_qi_groups.groups.queries import GroupsQuery
from plugins.cpso_qi_groups.groups.rules import InvitedMembersForm
from plugins.cpso_qi_groups.models import MODELS, SupportRequest
from plugins.cpso_qi_groups.pip.completion import CREDITED, on_pip_accepted
from plugins.cpso_qi_groups.pip.mutations import PipMutation
from plugins.cpso_qi_groups.pip.queries import PipQuery
from plugins.cpso_qi_groups.support.mutations import SupportMutation
from plugins.cpso_qi_groups.support.queries import SupportQuery

CERTIFIED_FROM = date(2020, 1, 1)
ASSESSMENT_CAP = Decimal(18)


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug=SLUG,
        title="CPSO QI Groups",
        organization_kind="college",
        version="1.0.0",
        graphql_prefix="qig",
        description=N_(
            "Members CPSO invited form QI groups, complete four individual QI "
            "activities and write one group Practice Improvement Plan that CPSO reviews."
        ),
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting(
            "group_size", 7, N_("Most members of a QI group (QIG-SIZE)."), minimum=2, maximum=7
        ),
        ProgramSetting(
            "invitation_days", 14, N_("Days an invitation to a QI group stays open."), minimum=1
        ),
        ProgramSetting(
            "completion_years",
            5,
            N_("Years an accepted PIP meets CPSO's quality requirement (QIG-COMPLETE)."),
            minimum=1,
            maximum=10,
        ),
        ProgramSetting(
            "assessment_credits",
            Decimal(6),
            N_("Mainpro+ Certified Assessment credits per credited individual activity."),
            minimum=Decimal(0),
        ),
        ProgramSetting(
            "pip_credits", Decimal(6), N_("Credits for the accepted PIP."), minimum=Decimal(0)
        ),
        ProgramSetting(
            "linking_learning_credits",
            Decimal(5),
            N_("Credits per Linking Learning exercise (one per PIP goal)."),
            minimum=Decimal(0),
        ),
    ]


@hookimpl
def register_models() -> list[type]:
    return list(MODELS)


@hookimpl
def register_migrations() -> Migrations:
    return Migrations(directory=Path(__file__).parent / "migrations")


@hookimpl
def register_schema() -> SchemaPart:
    return SchemaPart(
        query=merge_types("QigQueries", (GroupsQuery, ActivitiesQuery, PipQuery, SupportQuery)),
        mutation=merge_types(
            "QigMutations", (GroupsMutation, ActivitiesMutation, PipMutation, SupportMutation)
        ),
    )


@hookimpl
def register_group_kinds(settings: ProgramSettings) -> list[GroupKind]:
    """Places are taken only by invitation (core's acceptInvitation) and given up only with
    ``qigLeaveGroup`` (before the PIP is submitted): core's joinGroup and leaveGroup refuse a
    program-managed kind."""
    return [
        GroupKind(
            QI_GROUP,
            N_("QI Group"),
            "QIG-SIZE",
            max_capacity=settings.integer("group_size"),
            member_formed=True,
            invitation_days=settings.integer("invitation_days"),
            program_managed=True,
        )
    ]


@hookimpl
def register_plan_kinds() -> list[PlanKind]:
    return [
        PlanKind(
            PIP_KIND,
            N_("Group Practice Improvement Plan"),
            owner="group",
            rule="QIG-GOALS",
            min_goals=2,
            program_managed=True,
        )
    ]


def _achievements(settings: ProgramSettings) -> list[tuple[str, str, str, Decimal]]:
    """(kind, certification code, title, credits) of every achievement the program credits."""
    per_activity = settings.decimal("assessment_credits")
    kinds = [
        (
            f"{ASSESSMENT}.{activity.value}",
            f"QIG-{activity.value.upper().replace('_', '-')}",
            f"CPSO QI Groups: {title}",
            per_activity,
        )
        for activity, title in CREDITED.items()
    ]
    return [
        *kinds,
        (PIP_CREDIT, "QIG-PIP", "CPSO QI Groups: Group PIP", settings.decimal("pip_credits")),
        (
            LINKING_LEARNING,
            "QIG-LINKING-LEARNING",
            "CPSO QI Groups: Linking Learning",
            settings.decimal("linking_learning_credits"),
        ),
    ]


@hookimpl
def register_credit_formulas(settings: ProgramSettings) -> list[CreditFormula]:
    cap = CreditCap("QIG-COMPLETE", ASSESSMENT, ASSESSMENT_CAP)
    return [
        CreditFormula("QIG-COMPLETE", kind, caps=(cap,) if kind.startswith(ASSESSMENT) else ())
        for kind, _, _, _ in _achievements(settings)
    ]


@hookimpl
def register_certifications(settings: ProgramSettings) -> list[CertificationSpec]:
    return [
        CertificationSpec(
            code=code,
            activity_kind=kind,
            title=title,
            credit_system="mainpro+",
            credit_type="certified-assessment",
            rate=rate,
            unit="achievement",
            effective_from=CERTIFIED_FROM,
        )
        for kind, code, title, rate in _achievements(settings)
    ]


@hookimpl
def register_eligibility_rules() -> list[EligibilityRule]:
    return [InvitedMembersForm()]


@hookimpl
def register_event_handlers() -> list[EventHandler]:
    return [EventHandler(PLAN_ACCEPTED, on_pip_accepted)]


@hookimpl
def register_demo_data() -> DemoLoader:
    return load_demo


@hookimpl
def register_exports() -> list[ExportSpec]:
    """CPSO's overview of its QI groups."""
    return [GROUPS]


@hookimpl
def register_personal_data() -> PersonalDataExport:
    """Their selection, activity records and completions, and the support they asked for."""
    return rows_about(
        MODELS, also={SupportRequest: lambda person: SupportRequest.requested_by_id == person}
    )
