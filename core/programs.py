"""What a program plugin declares: the plain data its hooks return.

These classes are the whole vocabulary a program needs to describe itself to the host; the host
(``core.plugin_host``) collects them once at startup into a ``Registry``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from core.eligibility import EligibilityRule as EligibilityRule
from core.events import EventHandler as EventHandler
from core.settings import ProgramSetting as ProgramSetting


@dataclass(frozen=True)
class ProgramInfo:
    """Identity of a program. ``slug`` equals its entry-point name and prefixes its tables;
    ``graphql_prefix`` prefixes its root fields (camelCase) and type names (PascalCase)."""

    slug: str
    title: str
    organization_kind: str
    version: str
    graphql_prefix: str
    description: str = ""


# How ``node(id:)`` fetches a type's objects: (context, keys) -> objects in key order, ``None``
# for those not found (``core.graphql.context.NodeResolver`` names it with its context type).
NodeBatch = Callable[..., Awaitable[Sequence[Any | None]]]


@dataclass(frozen=True)
class SchemaPart:
    """A program's slice of the one GraphQL API.

    ``nodes`` maps a GraphQL type name to a batch resolver so ``node(id:)`` can fetch the
    program's objects by global ID; ``types`` lists types no field reaches (interface
    implementations)."""

    query: type | None = None
    mutation: type | None = None
    types: Sequence[type] = ()
    nodes: Mapping[str, NodeBatch] = field(default_factory=dict)


@dataclass(frozen=True)
class ActivityKind:
    """A kind of activity that can earn credit, named ``<slug>.<kind>``. A ``program_managed``
    kind is created, attended and corrected only through the program's own workflow (a Peer
    Connect session needs a match and an approved account), never through core's mutations."""

    name: str
    title: str
    description: str = ""
    program_managed: bool = False


@dataclass(frozen=True)
class GroupKind:
    """A kind of capacity-bound group, named ``<slug>.<kind>``.

    ``capacity_rule`` is the rule ID reported when the group is full (e.g. ``SGLS-CAPACITY``);
    ``max_capacity`` is the largest capacity the program allows for this kind. A
    ``program_managed`` kind is filled only through the program's own services (a guide's
    caseload goes through requests and staff confirmation): core's joinGroup and leaveGroup
    refuse it."""

    name: str
    title: str
    capacity_rule: str
    max_capacity: int | None = None
    waitlist: bool = False
    program_managed: bool = False


@dataclass(frozen=True)
class DueItemKind:
    """A kind of due item, named ``<slug>.<kind>``. A ``program_managed`` kind is created and
    completed only by the program's own services (a survey is done when it is answered): core's
    createDueItem and completeDueItem refuse it."""

    name: str
    title: str
    program_managed: bool = False


CreditUnit = Literal["hour", "activity"]


@dataclass(frozen=True)
class CertificationSpec:
    """A certification of an activity kind a program ships with; seeded into
    ``core_certifications`` by ``peerlearn db upgrade``. Rates live in data: a recertification
    with a new rate is a new row with its own period, not a code change."""

    code: str
    activity_kind: str
    title: str
    credit_system: str
    credit_type: str
    rate: Decimal
    unit: CreditUnit
    effective_from: date
    effective_to: date | None = None


@dataclass(frozen=True)
class CreditCap:
    """At most ``limit`` credits per person may be awarded in ``scope``; ``code`` is the rule
    ID named in the ledger explanation when the cap cuts an award."""

    code: str
    scope: str
    limit: Decimal


@dataclass(frozen=True)
class CreditFormula:
    """How an activity kind earns credit: the rate and unit come from the kind's certification
    in force on the activity date; the core multiplies, rounds and applies the caps in order."""

    code: str
    activity_kind: str
    caps: tuple[CreditCap, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Migrations:
    """Where a program's Alembic revisions live; the branch label is the program slug."""

    directory: Path


class QuestionType(StrEnum):
    """How a question is answered; the value is what answers are stored and validated by."""

    TEXT = "text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    YES_NO = "yes_no"


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
SCALE_RANGE = range(1, 6)
"""A scale question is answered 1 to 5."""


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire. ``key`` names its answer for as long as the version
    lives; ``choices`` are offered only by single and multiple choice questions."""

    key: str
    prompt: str
    type: QuestionType
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionnaireSpec:
    """A version of a set of questions a program asks people about a subject (a session, a
    survey period). Questions are never changed in place: changing them is a new ``version``
    with the same ``key``, and answers keep the version they answered, so old answers still
    read with their own questions. Declare every version still to be shown; the highest is the
    one answered now. Answering one completes the person's open due item of ``due_item_kind``
    (one of the program's own kinds) about the same subject."""

    key: str
    version: int
    title: str
    questions: tuple[Question, ...]
    due_item_kind: str | None = None
