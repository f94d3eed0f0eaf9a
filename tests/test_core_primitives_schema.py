"""The primitives programs share are core's own: with no program enabled
(``PEERLEARN_PROGRAMS=`` empty) the schema still offers each of them, so a third-party program
can rely on them without any other program installed."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from core.graphql.schema import build_schema
from core.plugin_host import load_registry
from core.settings import Settings

# Each primitive of issue 9 and root fields that reach it.
PRIMITIVES: dict[str, tuple[str, ...]] = {
    "certifications": ("certifications", "addCertification", "supersedeCertification"),
    "achievement credits": ("awardCertifiedCredits",),
    "invitations": ("formGroup", "inviteToGroup", "acceptInvitation", "myInvitations"),
    "teams and composition": ("setGroupParent", "changeMemberRoles"),
    "organization hierarchy": ("moveOrganization",),
    "activities in parts": ("setActivityParts", "recordPartAttendance", "registerForActivity"),
    "goals and plans": ("plan", "plans", "createPlan", "submitPlan", "reviewPlan"),
    "measures and run charts": ("defineMeasure", "recordMeasureValue", "runChart"),
    "budgets": ("allocateBudget", "recordSpending", "budgets"),
    "enrolment": ("requestEnrolment", "decideEnrolment", "myEnrolments", "enrolments"),
    "questionnaires": ("questionnaire", "submitQuestionnaire", "questionnaireAnswers"),
}


@pytest.fixture(scope="module")
def core_alone() -> GraphQLSchema:
    settings = Settings(database_url="sqlite://", programs=(), environ={})
    return build_schema(load_registry(settings), settings).schema._schema


def _root_fields(schema: GraphQLSchema) -> set[str]:
    return {
        name
        for root in (schema.query_type, schema.mutation_type)
        if root is not None
        for name in root.fields
    }


@pytest.mark.parametrize("primitive", PRIMITIVES)
def test_core_primitive_is_in_the_schema_of_core_alone(
    primitive: str, core_alone: GraphQLSchema
) -> None:
    missing = set(PRIMITIVES[primitive]) - _root_fields(core_alone)
    assert not missing, f"{primitive}: core alone lacks {sorted(missing)}"


def test_core_time_due_items_carry_their_state_in_the_schema_of_core_alone(
    core_alone: GraphQLSchema,
) -> None:
    due_item = core_alone.get_type("DueItem")
    assert due_item is not None
    assert {"state", "isOverdue", "recurrence"} <= set(due_item.fields)  # type: ignore[attr-defined]
