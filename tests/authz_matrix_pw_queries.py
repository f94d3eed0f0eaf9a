"""The authorization matrix's rows for Practising Well's root query fields, run in A by C.

Practising Well's rules: a learner sees only their own goals, sessions and requests; a guide only
the learners matched with them; program staff run the program in their own organization; the
guide directory opens to approved learners, guides and staff (others get a PW-DIRECTORY decision
and no guides); unapproved learners are refused by PW-ACCOUNT; anonymous callers by
UNAUTHENTICATED.
"""

from __future__ import annotations

from typing import Any

from tests.authz_documents import MY_ACCOUNT
from tests.authz_outcomes import (
    DENY,
    PW_DIRECTORY,
    STAFF_OF_A,
    Entry,
    expect,
    follows_p,
    no_variables,
    seen,
)
from tests.authz_world import ADMIN, COORDINATOR_A, World


async def organization_a(w: World, caller: str) -> dict[str, Any]:
    return {"org": w.ids["A"]}


async def learner_p(w: World, caller: str) -> dict[str, Any]:
    return {"learner": w.ids["P"]}


async def resources_variables(w: World, caller: str) -> dict[str, Any]:
    return {"search": w.tag}


async def questions_variables(w: World, caller: str) -> dict[str, Any]:
    return {"after": w.after("questionP")}


PW_QUERY_MATRIX: dict[str, Entry] = {
    "pwMyAccount": Entry(
        MY_ACCOUNT,
        no_variables,
        expect(
            # Like `me`: the anonymous caller has no account, which says nothing personal.
            anonymous=seen(),
            physician=seen("learnerP", "P"),
            other_physician=seen("learnerQ", "Q"),
            guide=seen("learnerG", "G"),
            coordinator_a=seen(),
            staff_b=seen(),
            admin=seen(),
        ),
    ),
    "pwLearners": Entry(
        "query($org: ID!) { pwLearners(organizationId: $org) { id } }",
        organization_a,
        {
            **STAFF_OF_A,
            COORDINATOR_A: seen("learnerP", "learnerQ", "learnerG"),
            ADMIN: seen("learnerP", "learnerQ", "learnerG"),
        },
    ),
    "pwGuideDirectory": Entry(
        "query($org: ID!) { pwGuideDirectory(organizationId: $org) "
        "{ decision { allowed reasons { code allowed message } } guides { id } } }",
        organization_a,
        expect(
            anonymous=DENY,
            physician=seen("guideG"),
            other_physician=PW_DIRECTORY,  # applied, not approved
            guide=seen("guideG"),
            coordinator_a=seen("guideG"),
            staff_b=PW_DIRECTORY,  # staff of B, not of A's program
            admin=seen("guideG"),
        ),
    ),
    "pwRequests": Entry(
        "query($org: ID!) { pwRequests(organizationId: $org) { id } }",
        organization_a,
        expect(
            anonymous=DENY,
            physician=seen("requestP"),
            other_physician=seen(),
            guide=seen("requestP"),  # it names G
            coordinator_a=seen("requestP"),
            staff_b=seen(),
            admin=seen("requestP"),
        ),
    ),
    "pwGoals": Entry(
        "query($learner: ID!) { pwGoals(learnerId: $learner) { id } }",
        learner_p,
        follows_p("goalP"),
    ),
    "pwSessions": Entry(
        "query($learner: ID!) { pwSessions(learnerId: $learner) { id } }",
        learner_p,
        follows_p("sessionP"),
    ),
    "pwProgressReports": Entry(
        "query($learner: ID!) { pwProgressReports(learnerId: $learner) { id } }",
        learner_p,
        follows_p("reportP"),
    ),
    "pwPendingCreditReport": Entry(
        "query($org: ID!) { pwPendingCreditReport(organizationId: $org) { creditEntryId } }",
        organization_a,
        STAFF_OF_A,
    ),
    "pwResources": Entry(
        "query($search: String) { pwResources(first: 100, search: $search) { nodes { id } } }",
        resources_variables,
        expect(
            anonymous=DENY,
            physician=seen("resA"),
            other_physician=seen(),
            guide=seen("resA"),
            coordinator_a=seen("resA"),
            staff_b=seen("resB"),
            admin=seen("resA", "resB"),
        ),
    ),
    "pwQuestions": Entry(
        "query($after: String) { pwQuestions(first: 100, after: $after) { nodes { id } } }",
        questions_variables,
        expect(
            anonymous=DENY,
            physician=seen("questionP"),
            other_physician=seen(),
            guide=seen("questionP"),  # guides of A answer A's questions
            coordinator_a=seen("questionP"),
            staff_b=seen(),
            admin=seen("questionP"),
        ),
    ),
    "pwFeedbackSummary": Entry(
        "query($org: ID!) { pwFeedbackSummary(organizationId: $org) { components { count } } }",
        organization_a,
        STAFF_OF_A,
    ),
}
