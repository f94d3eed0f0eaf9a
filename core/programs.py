"""What a program plugin declares: the plain data its hooks return.

These classes are the whole vocabulary a program needs to describe itself to the host; the host
(``core.plugin_host``) collects them once at startup into a ``Registry``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from core.due_items.calendar import Interval as Interval
from core.due_items.calendar import Recurrence as Recurrence
from core.eligibility import EligibilityRule as EligibilityRule
from core.events import EventHandler as EventHandler
from core.groups.composition import CompositionRule
from core.groups.composition import Professions as Professions
from core.groups.composition import Roles as Roles
from core.i18n import Text
from core.settings import ProgramSetting as ProgramSetting
from core.tasks.spec import PeriodicTask as PeriodicTask

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from core.access import Viewer
    from core.plans.models import Plan


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
    refuse it.

    A ``member_formed`` kind may be formed by a member the program's rules on
    ``core.group.form`` allow (they become its lead) and is filled by invitations, which expire
    after ``invitation_days`` (a program wires a setting into it if it has one). A kind naming
    a ``parent_kind`` places its groups under a group of that kind (required when
    ``parent_required``); a ``practice`` kind's groups each represent a named practice, once
    per parent. ``composition`` lists the rules (``Professions``, ``Roles``) core keeps on
    every change of who holds a place (see ``core.groups.composition``)."""

    name: str
    title: str
    capacity_rule: str
    max_capacity: int | None = None
    waitlist: bool = False
    program_managed: bool = False
    member_formed: bool = False
    invitation_days: int = 14
    parent_kind: str | None = None
    parent_required: bool = False
    practice: bool = False
    composition: tuple[CompositionRule, ...] = ()


# Reminders sent by default: on the day an item falls due, and the day after, when it is
# overdue.
DEFAULT_REMINDERS = (0, 1)


@dataclass(frozen=True)
class DueItemKind:
    """A kind of due item, named ``<slug>.<kind>``. A ``program_managed`` kind is created and
    completed only by the program's own services (a survey is done when it is answered): core's
    createDueItem and completeDueItem refuse it.

    ``offset`` is when an item falls due after the event it follows (``schedule_due_item``
    given ``after=``); ``recurrence`` makes each item set the next when it falls due;
    ``reminders`` are the days, counted from the due date (-7: a week before, 0: on the day,
    1: the day after), on which the person is reminded of an item still open, each once."""

    name: str
    title: str
    program_managed: bool = False
    offset: Interval | None = None
    recurrence: Recurrence | None = None
    reminders: tuple[int, ...] = DEFAULT_REMINDERS


CreditUnit = Literal["hour", "activity", "achievement"]


@dataclass(frozen=True)
class CertificationSpec:
    """A certification of an activity kind a program ships with; seeded into
    ``core_certifications`` by ``peerlearn db upgrade``. Rates live in data: a recertification
    with a new rate is a new row with its own period, not a code change. An achievement kind
    (credit with no activity, ``core.credits.achievements``) is certified with unit
    ``"achievement"``: its rate is what one achievement earns. Staff add, close and supersede
    certifications through the API (``core.credits.certifications``)."""

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


PlanOwner = Literal["person", "group"]
CoEditors = Callable[["AsyncSession", "Viewer", "Plan"], Awaitable[bool]]


@dataclass(frozen=True)
class PlanKind:
    """A kind of plan, named ``<slug>.<kind>``: who owns one (a person, or a group shared by
    its members) and the program's own rules for its SMART goals.

    ``rule`` is the rule ID a refusal of a goal or of a submission names (``PW-GOALS``,
    ``QIG-GOALS``); ``min_goals`` is how many goals a plan needs before it is submitted;
    ``short_term_days`` and ``long_term_days`` bound how far ahead (in days, inclusive) a
    short- or long-term goal's target date may be. A ``program_managed`` kind is written only
    through the program's own services: core's plan mutations refuse it.

    ``co_editors(session, viewer, plan)`` names who, besides its owner, may see and draft a
    person's plan of the kind (a coordinator of the owner's division, a peer mentor): core asks
    it about the viewer. Submitting stays the owner's own act unless ``co_editors_submit``."""

    name: str
    title: str
    owner: PlanOwner
    rule: str | None = None
    min_goals: int = 0
    short_term_days: tuple[int, int] | None = None
    long_term_days: tuple[int, int] | None = None
    program_managed: bool = False
    co_editors: CoEditors | None = None
    co_editors_submit: bool = False


# What a program holds about one person: (read session, person ID) -> JSON-ready sections by
# name, for the person's export (``core.privacy.export``).
PersonalDataExport = Callable[["AsyncSession", int], Awaitable[Mapping[str, Any]]]
# An export's gate: (read session, viewer, query parameters) -> the arguments its rows need.
ExportCheck = Callable[["AsyncSession", "Viewer", Mapping[str, str]], Awaitable[Any]]
# An export's rows, in order, read lazily: (read session, the gate's arguments) -> rows.
ExportRows = Callable[["AsyncSession", Any], AsyncIterator[Sequence[object]]]


@dataclass(frozen=True)
class ExportSpec:
    """A CSV document staff download at ``/exports/<name>.csv`` (``core.exports``), named
    ``<slug>.<name>`` by a program.

    ``check`` is asked first, in its own read session: it refuses exactly as the same data's
    GraphQL field does (``Unauthenticated``, ``Forbidden``, ``NotFound``, or
    ``core.exports.InvalidParameter`` for a parameter it cannot read) and returns what
    ``rows`` needs. ``rows`` then yields the rows, one sequence of cells per row in
    ``columns``' order, while the response is sent: read them lazily (``core.exports.stream``)
    so memory stays flat however many there are. ``parameters`` names the query parameters
    it reads, for the catalog and the documentation.

    ``columns`` are the stable keys a script reads (``?header=keys``); ``headers`` words them
    for a person, one per column, and ``title`` the document: both are called while the
    request is answered, so they are in the reader's language (``lambda: _("Attendance")``)."""

    name: str
    title: Callable[[], Text]
    columns: tuple[str, ...]
    headers: Callable[[], Sequence[Text]]
    check: ExportCheck
    rows: ExportRows
    parameters: tuple[str, ...] = ()
