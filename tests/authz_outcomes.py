"""What a caller gets from a root field or mutation, and the checks that prove it.

``MATRIX`` declares, for every root query field and every mutation, what each caller gets:
``ALLOW`` (data, or a payload without errors), ``DENY`` (UNAUTHENTICATED for the anonymous
caller, FORBIDDEN for everyone else, with a message naming no one), ``seen(...)`` (an answer
listing exactly those objects of the world) or ``refused_by(code)`` (a program rule said no: the
payload's errors, or a closed decision, carry exactly that rule). Each mutation case acts on
fresh objects made for it (or adds a due item or note to P's, which no other case reads, or a
goal, request, progress report or question, which other cases read only as objects the cases made:
``FRESH_TYPES``), so cases do not depend on one another or on their order.

A support module: the matrix rows (tests/authz_matrix_*.py) declare outcomes with these, and
every authorization test checks an answer with the same ``assert_*`` helpers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from core.graphql.relay import from_global_id
from tests.authz_world import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR_A,
    GUIDE,
    OTHER_PHYSICIAN,
    PHYSICIAN,
    STAFF_B,
    World,
)

ALLOW = "allow"
DENY = "deny"
# Groups and activities the mutation cases make in A may show up in A's lists, as may Practising
# Well's guides, learners, resources and P's goals, requests, reports and questions; any other
# object outside the world shown to a caller other than the platform admin is a leak.
FRESH_TYPES = frozenset(
    {
        "Group",
        "Activity",
        "PwGuide",
        "PwLearner",
        "PwResource",
        "PwGoal",
        "PwRequest",
        "PwProgressReport",
        "PwQuestion",
    }
)


@dataclass(frozen=True)
class Seen:
    labels: frozenset[str]


def seen(*labels: str) -> Seen:
    return Seen(frozenset(labels))


@dataclass(frozen=True)
class Refused:
    code: str


def refused_by(code: str) -> Refused:
    """Refused by a program rule, not by access: the payload's errors (or the decision of a
    query that answers with one) carry exactly this rule, and nothing is made or shown."""
    return Refused(code)


Outcome = str | Seen | Refused


def expect(
    *,
    anonymous: Outcome,
    physician: Outcome,
    other_physician: Outcome,
    guide: Outcome,
    coordinator_a: Outcome,
    staff_b: Outcome,
    admin: Outcome,
) -> dict[str, Outcome]:
    return {
        ANONYMOUS: anonymous,
        PHYSICIAN: physician,
        OTHER_PHYSICIAN: other_physician,
        GUIDE: guide,
        COORDINATOR_A: coordinator_a,
        STAFF_B: staff_b,
        ADMIN: admin,
    }


PUBLIC = expect(
    anonymous=ALLOW,
    physician=ALLOW,
    other_physician=ALLOW,
    guide=ALLOW,
    coordinator_a=ALLOW,
    staff_b=ALLOW,
    admin=ALLOW,
)
# Anyone signed in (what a person chooses or reads for themselves), no one anonymous.
SIGNED_IN = {**PUBLIC, ANONYMOUS: DENY}
PLATFORM_ADMIN_ONLY = expect(
    anonymous=DENY,
    physician=DENY,
    other_physician=DENY,
    guide=DENY,
    coordinator_a=DENY,
    staff_b=DENY,
    admin=ALLOW,
)
STAFF_OF_A = expect(
    anonymous=DENY,
    physician=DENY,
    other_physician=DENY,
    guide=DENY,
    coordinator_a=ALLOW,
    staff_b=DENY,
    admin=ALLOW,
)
P_OR_STAFF_OF_A = {**STAFF_OF_A, PHYSICIAN: ALLOW}
SEES_P = {**P_OR_STAFF_OF_A, GUIDE: ALLOW}
GUIDE_OR_STAFF_OF_A = {**STAFF_OF_A, GUIDE: ALLOW}
P_ONLY = {**PLATFORM_ADMIN_ONLY, PHYSICIAN: ALLOW, ADMIN: DENY}
PW_ACCOUNT = refused_by("PW-ACCOUNT")
PW_DIRECTORY = refused_by("PW-DIRECTORY")
# What an approved learner does for themselves: everyone else is not one (PW-ACCOUNT).
APPROVED_LEARNER = expect(
    anonymous=DENY,
    physician=ALLOW,
    other_physician=PW_ACCOUNT,
    guide=PW_ACCOUNT,
    coordinator_a=PW_ACCOUNT,
    staff_b=PW_ACCOUNT,
    admin=PW_ACCOUNT,
)


def follows_p(label: str) -> dict[str, Outcome]:
    """P's own Practising Well records: P's, their matched guide's and A's program staff's."""
    return expect(
        anonymous=DENY,
        physician=seen(label),
        other_physician=DENY,
        guide=seen(label),
        coordinator_a=seen(label),
        staff_b=DENY,
        admin=seen(label),
    )


def collect_ids(value: Any) -> set[str]:
    """Every ``id`` anywhere in a response."""
    if isinstance(value, list):
        return set().union(*(collect_ids(v) for v in value))
    if not isinstance(value, dict):
        return set()
    found = {value["id"]} if isinstance(value.get("id"), str) else set()
    return found.union(*(collect_ids(v) for v in value.values()))


def assert_refused(body: dict[str, Any], caller: str, world: World) -> None:
    """Refused as the caller should be, with a message that says nothing about the object."""
    errors = body.get("errors")
    assert errors, f"expected a refusal, got {body}"
    wanted = "UNAUTHENTICATED" if caller == ANONYMOUS else "FORBIDDEN"
    assert [e["extensions"]["code"] for e in errors] == [wanted], errors
    for error in errors:
        message = error["message"].lower()
        assert not [s for s in world.secrets if s.lower() in message], error
    assert not any((body.get("data") or {}).values()), body


def assert_allowed(body: dict[str, Any]) -> None:
    assert not body.get("errors"), body
    payload_errors = [
        v["errors"] for v in body["data"].values() if isinstance(v, dict) and "errors" in v
    ]
    assert all(errors == [] for errors in payload_errors), payload_errors


def assert_seen(body: dict[str, Any], caller: str, world: World, outcome: Seen) -> None:
    assert_allowed(body)
    ids = collect_ids(body["data"])
    known = set(world.ids.values())
    assert {world.label(i) for i in ids & known} == outcome.labels
    if caller != ADMIN:
        strangers = {i for i in ids - known if from_global_id(i)[0] not in FRESH_TYPES}
        assert not strangers, f"{caller} was shown objects outside their reach: {strangers}"


def assert_rule(body: dict[str, Any], world: World, outcome: Refused) -> None:
    assert not body.get("errors"), body
    (value,) = body["data"].values()
    if "errors" in value:
        reasons = value["errors"]
    else:
        decision = value["decision"]
        assert decision["allowed"] is False, decision
        reasons = [r for r in decision["reasons"] if not r["allowed"]]
    assert [r["code"] for r in reasons] == [outcome.code], reasons
    for reason in reasons:
        message = reason["message"].lower()
        assert not [s for s in world.secrets if s.lower() in message], reason
    assert not collect_ids(value), f"refused, yet made or shown: {value}"


Variables = Callable[[World, str], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Entry:
    operation: str
    variables: Variables
    expect: dict[str, Outcome]


async def no_variables(w: World, caller: str) -> dict[str, Any]:
    return {}


def mutation(name: str, input_type: str, selection: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ {selection} errors {{ code field message }} }} }}"
    )


def inputs(build: Variables) -> Variables:
    """Variables of a mutation: the case's input."""

    async def variables(w: World, caller: str) -> dict[str, Any]:
        return {"input": await build(w, caller)}

    return variables


def merged(*parts: dict[str, Entry]) -> dict[str, Entry]:
    """One matrix from its parts, refusing a field declared twice: a later part would otherwise
    silently replace an earlier part's row, and the replaced expectations would go unchecked."""
    matrix: dict[str, Entry] = {}
    for part in parts:
        twice = matrix.keys() & part.keys()
        if twice:
            raise ValueError(f"declared in more than one part of the matrix: {sorted(twice)}")
        matrix.update(part)
    return matrix
