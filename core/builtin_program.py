"""Core's own declarations, made through the same hooks every program implements."""

from __future__ import annotations

from decimal import Decimal

from strawberry.tools import merge_types

from core import hookimpl
from core.activities import models as activities
from core.certificates import models as certificates
from core.credits import models as credits
from core.demo import load_core_demo
from core.due_items import models as due_items
from core.graphql.corrections import CorrectionMutation
from core.graphql.mutations import CoreMutation
from core.graphql.nodes import CORE_NODES
from core.graphql.queries import CoreQuery
from core.groups import models as groups
from core.groups.capacity import DEFAULT_CAPACITY_RULE
from core.notifications import models as notifications
from core.people import models as people
from core.programs import (
    ActivityKind,
    DemoLoader,
    GroupKind,
    ProgramInfo,
    ProgramSetting,
    SchemaPart,
)


@hookimpl
def program_info() -> ProgramInfo:
    return ProgramInfo(
        slug="core",
        title="peerlearn core",
        organization_kind="any",
        version="0.1.0",
        graphql_prefix="",
        description="People, organizations, groups, activities and the credit ledger.",
    )


@hookimpl
def register_settings() -> list[ProgramSetting]:
    return [
        ProgramSetting(
            "cycle_total_credits",
            Decimal(250),
            "Credits required in a five-year Mainpro+ cycle.",
            minimum=Decimal(0),
        ),
        ProgramSetting(
            "cycle_certified_credits",
            Decimal(125),
            "Certified credits required in a cycle.",
            minimum=Decimal(0),
        ),
        ProgramSetting(
            "cycle_year_credits",
            Decimal(25),
            "Credits required in every year of a cycle.",
            minimum=Decimal(0),
        ),
    ]


@hookimpl
def register_models() -> list[type]:
    return [
        people.Organization,
        people.Person,
        people.RoleAssignment,
        groups.Group,
        groups.Membership,
        activities.Activity,
        activities.Participation,
        credits.Certification,
        credits.CreditEntry,
        certificates.Certificate,
        certificates.CertifiedEntry,
        certificates.CreditReport,
        due_items.DueItem,
        notifications.Notification,
    ]


@hookimpl
def register_schema() -> SchemaPart:
    mutation = merge_types("CoreMutation", (CoreMutation, CorrectionMutation))
    return SchemaPart(query=CoreQuery, mutation=mutation, nodes=CORE_NODES)


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [ActivityKind("core.meeting", "Meeting", "A gathering that earns no credit.")]


@hookimpl
def register_group_kinds() -> list[GroupKind]:
    return [GroupKind("core.group", "Group", DEFAULT_CAPACITY_RULE)]


@hookimpl
def register_demo_data() -> DemoLoader:
    return load_core_demo
