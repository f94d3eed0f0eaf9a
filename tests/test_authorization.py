"""Who may see and do what, asked through the API by seven callers.

One world per database backend, built through the public API by the platform admin:

- organization A: coordinator C; physicians P and Q; guide G, who facilitates an example circle
  in which P is a member; a workshop held for that circle which P attended (so P has a credit
  entry), a second workshop and a second group nobody is in; a due item, a certificate and a
  note of P's;
- organization B: coordinator S and a member R, a group and a workshop.

A also runs Practising Well, with C as its program staff (an unscoped coordinator role covers
every program of A): P is an approved learner, matched with G, a Peer Guide of A; P has a goal,
a logged Peer Connect session (credited), a progress report, a question for the Information
Exchange and attended a Community of Practice call (credited and certified). Q's application is
pending and Q is matched with no one; G's application as a learner was declined. C and S are
coordinators, not physicians (nor is the platform admin), so every caller has applied or may not:
no ``pwApply`` case changes anyone's standing. A and B each have an Information Exchange
resource; S, staff of B only, has no part in A's program.

``MATRIX`` declares, for every root query field and every mutation, what each caller gets:
``ALLOW`` (data, or a payload without errors), ``DENY`` (UNAUTHENTICATED for the anonymous
caller, FORBIDDEN for everyone else, with a message naming no one), ``seen(...)`` (an answer
listing exactly those objects of the world) or ``refused_by(code)`` (a program rule said no: the
payload's errors, or a closed decision, carry exactly that rule). Each mutation case acts on
fresh objects made for it (or adds a due item or note to P's, which no other case reads, or a
goal, request, progress report or question, which other cases read only as objects the cases made:
``FRESH_TYPES``), so cases do not depend on one another or on their order.

The example program widens who sees whom: people in an example circle see each other
(``register_access_rules``), so P sees G, as G sees P. Everyone sees the groups of the
organizations (and programs) they hold a role in, so they can find one to join; who is in a
group is a separate question.

Practising Well's rules: a learner sees only their own goals, sessions and requests; a guide only
the learners matched with them; program staff run the program in their own organization; the
guide directory opens to approved learners, guides and staff (others get a PW-DIRECTORY decision
and no guides); unapproved learners are refused by PW-ACCOUNT; anonymous callers by
UNAUTHENTICATED.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from core.graphql.relay import encode_cursor, from_global_id, to_global_id
from tests.factories import (
    CREATE_ACTIVITY,
    CREATE_GROUP,
    JOIN_GROUP,
    RECORD_PARTICIPATION,
    Factory,
    unique,
)
from tests.graphql_client import GraphQLClient
from tests.pw_factories import (
    APPLY,
    CONFIRM_MATCH,
    CREATE_GUIDE,
    DECIDE,
    END_MATCH,
    REQUEST_GUIDE,
    Guide,
    Learner,
    PwFactory,
)

ANONYMOUS = "anonymous"
PHYSICIAN = "physician"
OTHER_PHYSICIAN = "other_physician"
GUIDE = "guide"
COORDINATOR_A = "coordinator_a"
STAFF_B = "staff_b"
ADMIN = "admin"
CALLERS = (ANONYMOUS, PHYSICIAN, OTHER_PHYSICIAN, GUIDE, COORDINATOR_A, STAFF_B, ADMIN)
CALLER_LABELS = {
    PHYSICIAN: "P",
    OTHER_PHYSICIAN: "Q",
    GUIDE: "G",
    COORDINATOR_A: "C",
    STAFF_B: "S",
    ADMIN: "admin",
}

ALLOW = "allow"
DENY = "deny"
WORKSHOP_START = "2024-03-01T17:00:00+00:00"
WORKSHOP_END = "2024-03-01T19:00:00+00:00"
CALL_START = "2024-03-05T17:00:00+00:00"
CALL_END = "2024-03-05T19:00:00+00:00"
PW = "ocfp_practising_well"
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


@dataclass
class World:
    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]
    pw: PwFactory
    tag: str
    ids: dict[str, str] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)

    def client(self, caller: str) -> GraphQLClient:
        return self.client_for(self.person(caller))

    def person(self, caller: str) -> str | None:
        return None if caller == ANONYMOUS else self.ids[CALLER_LABELS[caller]]

    def label(self, global_id: str) -> str:
        return next((k for k, v in self.ids.items() if v == global_id), global_id)

    def after(self, first_label: str) -> str:
        """A cursor just before the world's first object of a kind, so that even the platform
        admin's first page begins with the world (ids grow; the world's are consecutive)."""
        return encode_cursor(from_global_id(self.ids[first_label])[1] - 1)

    async def person_in(
        self, organization: str, family: str | None = None, profession: str = "FAMILY_PHYSICIAN"
    ) -> str:
        family = family or f"Fresh{uuid.uuid4().hex[:10]}"
        email = f"{family.lower()}-{uuid.uuid4().hex[:6]}@example.org"
        self.secrets += [family, email]
        return await self.make.person(
            profession, organization=self.ids[organization], familyName=family, email=email
        )

    async def group_in(
        self, organization: str, kind: str = "core.group", capacity: int = 12
    ) -> str:
        name = unique(f"{self.tag} group")
        self.secrets.append(name)
        payload = await self.gql.mutate(
            CREATE_GROUP,
            organizationId=self.ids[organization],
            kind=kind,
            name=name,
            capacity=capacity,
        )
        return payload["group"]["id"]

    async def activity_in(self, organization: str, group: str | None = None) -> str:
        title = unique(f"{self.tag} workshop")
        self.secrets.append(title)
        payload = await self.gql.mutate(
            CREATE_ACTIVITY,
            organizationId=self.ids[organization],
            kind="example.workshop",
            title=title,
            startsAt=WORKSHOP_START,
            endsAt=WORKSHOP_END,
            groupId=group,
        )
        return payload["activity"]["id"]

    async def attend(self, activity: str, person: str, field: str = "creditEntry") -> str:
        payload = await self.gql.mutate(
            RECORD_PARTICIPATION, activityId=activity, personId=person, hours="2"
        )
        return payload[field]["id"]

    async def credit_entry(self) -> str:
        return await self.attend(await self.activity_in("A"), await self.person_in("A"))

    async def participation(self) -> str:
        activity, person = await self.activity_in("A"), await self.person_in("A")
        return await self.attend(activity, person, "participation")

    async def due_item(self, person: str) -> str:
        payload = await self.gql.mutate(
            CREATE_DUE_ITEM,
            personId=person,
            program="example",
            kind="example.reading",
            title=unique("Reading"),
            dueOn="2027-01-31",
        )
        return payload["dueItem"]["id"]

    # Practising Well in A: fresh learners and guides are made by the platform admin, who is
    # staff everywhere; P and G are the world's.

    def learner_p(self) -> Learner:
        return Learner(self.ids["P"], self.ids["learnerP"], self.client(PHYSICIAN))

    def guide_g(self) -> Guide:
        return Guide(self.ids["guideG"], self.ids["G"], self.client(GUIDE))

    async def pw_learner(self, approved: bool = True, reporting: str = "CERTIFICATE") -> Learner:
        return await self.pw.learner(self.ids["A"], self.gql, approved, reporting)

    async def pw_guide(self) -> Guide:
        return await self.pw.guide(self.ids["A"], self.gql)

    async def pw_request_of_p(self) -> str:
        """P's open request for a fresh guide."""
        guide = await self.pw_guide()
        payload = await self.client(PHYSICIAN).mutate(REQUEST_GUIDE, guideId=guide.id)
        return payload["request"]["id"]

    async def pw_learner_group(self) -> str:
        """A learner group of A, facilitated by a fresh guide."""
        name = unique(f"{self.tag} learner group")
        self.secrets.append(name)
        payload = await self.gql.mutate(
            CREATE_LEARNER_GROUP, guideId=(await self.pw_guide()).id, name=name, capacity=2
        )
        return payload["group"]["id"]

    async def pw_goal(self, learner: GraphQLClient) -> str:
        payload = await learner.mutate(SET_GOAL, **smart_goal())
        return payload["goal"]["id"]

    async def pw_question_of_p(self) -> str:
        payload = await self.client(PHYSICIAN).mutate(ASK_QUESTION, **question())
        return payload["question"]["id"]

    async def pw_session(self, learner: Learner, guide: Guide) -> dict[str, Any]:
        return await learner.client.mutate(
            LOG_SESSION,
            guideId=guide.id,
            learnerId=learner.person,
            heldOn=today().isoformat(),
            hours="1",
        )

    async def pw_call(self, client: GraphQLClient) -> str:
        title = unique(f"{self.tag} call")
        self.secrets.append(title)
        payload = await client.mutate(
            SCHEDULE_CALL,
            organizationId=self.ids["A"],
            title=title,
            startsAt=CALL_START,
            endsAt=CALL_END,
        )
        return payload["call"]["id"]

    async def pw_resource(self, client: GraphQLClient, organization: str) -> str:
        payload = await client.mutate(ADD_RESOURCE, **resource(self, organization))
        return payload["resource"]["id"]

    async def grant(self, person: str, role: str, organization: str | None) -> str:
        payload = await self.gql.mutate(
            ASSIGN_ROLE,
            personId=person,
            organizationId=self.ids[organization] if organization else None,
            role=role,
        )
        return payload["roleAssignment"]["id"]


CREATE_DUE_ITEM = """
mutation($input: CreateDueItemInput!) {
  createDueItem(input: $input) { dueItem { id } errors { code message } }
}"""

ASSIGN_ROLE = """
mutation($input: AssignRoleInput!) {
  assignRole(input: $input) {
    roleAssignment { id role organization { id } } errors { code message }
  }
}"""

REVOKE_ROLE = """
mutation($input: RevokeRoleInput!) {
  revokeRole(input: $input) { revoked errors { code message } }
}"""

ISSUE_CERTIFICATE = """
mutation($input: IssueCertificateInput!) {
  issueCertificate(input: $input) { certificate { id } errors { code message } }
}"""

ADD_NOTE = """
mutation($input: ExAddNoteInput!) {
  exAddNote(input: $input) { note { text } errors { code message } }
}"""


def today() -> date:
    return datetime.now(UTC).date()


def smart_goal() -> dict[str, Any]:
    return {
        "specific": "Taper two patients' opioid doses using the OCFP guide.",
        "measurable": "Two tapering plans written.",
        "achievable": "One clinic afternoon a month.",
        "relevant": "Chronic pain is a third of my practice.",
        "targetDate": (today() + timedelta(days=60)).isoformat(),
        "term": "SHORT",
    }


def question() -> dict[str, Any]:
    return {
        "topic": "CHRONIC_PAIN",
        "question": "Which resources help in planning an opioid taper?",
        "acknowledgeNotClinical": True,
    }


def resource(w: World, organization: str) -> dict[str, Any]:
    title = unique(f"{w.tag} resource")
    w.secrets.append(title)
    return {
        "organizationId": w.ids[organization],
        "title": title,
        "topic": "CHRONIC_PAIN",
        "summary": "Tapering plans, patient handouts and a pain-clinic directory.",
        "url": "https://example.org/pain",
    }


SET_GOAL = """
mutation($input: PwSetGoalInput!) {
  pwSetGoal(input: $input) { goal { id } errors { code field message } }
}"""

LOG_SESSION = """
mutation($input: PwLogSessionInput!) {
  pwLogSession(input: $input) {
    session { id activityId } creditEntry { id } errors { code field message }
  }
}"""

SUBMIT_SURVEY = """
mutation($input: PwSubmitProgressSurveyInput!) {
  pwSubmitProgressSurvey(input: $input) { report { id } errors { code field message } }
}"""

SCHEDULE_CALL = """
mutation($input: PwScheduleCallInput!) {
  pwScheduleCall(input: $input) { call { id } errors { code field message } }
}"""

RECORD_CALL_ATTENDANCE = """
mutation($input: PwRecordCallAttendanceInput!) {
  pwRecordCallAttendance(input: $input) {
    participation { id } creditEntry { id } certificate { id } errors { code field message }
  }
}"""

ADD_RESOURCE = """
mutation($input: PwAddResourceInput!) {
  pwAddResource(input: $input) { resource { id } errors { code field message } }
}"""

ASK_QUESTION = """
mutation($input: PwAskQuestionInput!) {
  pwAskQuestion(input: $input) { question { id } errors { code field message } }
}"""

CREATE_LEARNER_GROUP = """
mutation($input: PwCreateLearnerGroupInput!) {
  pwCreateLearnerGroup(input: $input) { group { id } errors { code field message } }
}"""

MEMBERSHIPS = """
query($id: ID!) { node(id: $id) { ... on Person { memberships { group { id kind } } } } }"""

MY_ACCOUNT = "query { pwMyAccount { id person { id } } }"

NODE = """
query($id: ID!) { node(id: $id) { id } }"""

PERSON_ROLES = """
query($id: ID!) { node(id: $id) { ... on Person { roles { role organization { id } } } } }"""

PEOPLE = """
query($search: String) { people(first: 100, search: $search) { nodes { id } } }"""


ELIGIBILITY = """
query($person: ID!, $subject: ID) {
  eligibility(personId: $person, action: "core.group.join", subjectId: $subject) { allowed }
}"""


@pytest.fixture(scope="module")
async def world(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    platform_admin: int,
    pw: PwFactory,
) -> World:
    w = World(
        gql=gql,
        make=make,
        client_for=client_for,
        pw=pw,
        tag=f"authz{''.join(random.choices(string.ascii_lowercase, k=10))}",
    )
    w.ids["admin"] = to_global_id("Person", platform_admin)
    w.ids["A"] = await make.organization()
    w.ids["B"] = await make.organization()
    staff = {"C", "S"}  # coordinators, not physicians
    for label, organization in (("P", "A"), ("Q", "A"), ("G", "A"), ("C", "A"), ("S", "B")):
        profession = "OTHER" if label in staff else "FAMILY_PHYSICIAN"
        w.ids[label] = await w.person_in(organization, f"{w.tag}-{label}", profession)
    w.ids["R"] = await w.person_in("B", f"{w.tag}-R")
    await w.grant(w.ids["C"], "COORDINATOR", "A")
    await w.grant(w.ids["G"], "GUIDE", "A")
    await w.grant(w.ids["S"], "COORDINATOR", "B")
    w.ids["circle"] = await w.group_in("A", kind="example.circle")
    w.ids["groupA2"] = await w.group_in("A", kind="example.circle")
    w.ids["groupB"] = await w.group_in("B", kind="example.circle")
    await gql.mutate(JOIN_GROUP, groupId=w.ids["circle"], personId=w.ids["G"], role="FACILITATOR")
    await gql.mutate(JOIN_GROUP, groupId=w.ids["circle"], personId=w.ids["P"])
    w.ids["actA"] = await w.activity_in("A", group=w.ids["circle"])
    w.ids["actA2"] = await w.activity_in("A")
    w.ids["actB"] = await w.activity_in("B")
    w.ids["entryP"] = await w.attend(w.ids["actA"], w.ids["P"])
    w.ids["dueP"] = await w.due_item(w.ids["P"])
    certificate = await gql.mutate(ISSUE_CERTIFICATE, **certificate_input(w))
    w.ids["certP"] = certificate["certificate"]["id"]
    await gql.mutate(ADD_NOTE, personId=w.ids["P"], text="What I learned about asthma")
    await practising_well(w)
    return w


async def practising_well(w: World) -> None:
    """A runs Practising Well, each step taken by the caller whose step it is."""
    p, c = w.client(PHYSICIAN), w.client(COORDINATOR_A)
    for label, caller in (("P", PHYSICIAN), ("Q", OTHER_PHYSICIAN), ("G", GUIDE)):
        applied = await w.client(caller).mutate(
            APPLY, organizationId=w.ids["A"], topicAreas=["CHRONIC_PAIN"], reporting="CERTIFICATE"
        )
        w.ids[f"learner{label}"] = applied["learner"]["id"]
    await c.mutate(DECIDE, accountId=w.ids["learnerP"], approve=True)
    await c.mutate(DECIDE, accountId=w.ids["learnerG"], approve=False)
    guide = await c.mutate(
        CREATE_GUIDE,
        personId=w.ids["G"],
        organizationId=w.ids["A"],
        bio="Family physician with a pain practice.",
        topicAreas=["CHRONIC_PAIN"],
        capacity=10,  # P, and a fresh learner for each pwLogSession case
    )
    w.ids["guideG"] = guide["guide"]["id"]
    memberships = (await w.gql.data(MEMBERSHIPS, {"id": w.ids["G"]}))["node"]["memberships"]
    (w.ids["caseload"],) = [
        m["group"]["id"] for m in memberships if m["group"]["kind"] == f"{PW}.caseload"
    ]
    requested = await p.mutate(REQUEST_GUIDE, guideId=w.ids["guideG"])
    w.ids["requestP"] = requested["request"]["id"]
    await c.mutate(CONFIRM_MATCH, requestId=w.ids["requestP"])
    w.ids["goalP"] = await w.pw_goal(p)
    logged = await w.pw_session(w.learner_p(), w.guide_g())
    w.ids["sessionP"] = logged["session"]["id"]
    w.ids["actPeer"] = logged["session"]["activityId"]
    w.ids["entryPeer"] = logged["creditEntry"]["id"]
    report = await p.mutate(
        SUBMIT_SURVEY, progress=4, reflection="One taper done.", goalId=w.ids["goalP"]
    )
    w.ids["reportP"] = report["report"]["id"]
    w.ids["actCall"] = await w.pw_call(c)
    attended = await c.mutate(
        RECORD_CALL_ATTENDANCE, callId=w.ids["actCall"], learnerId=w.ids["P"], hours="2"
    )
    w.ids["entryCall"] = attended["creditEntry"]["id"]
    w.ids["certCall"] = attended["certificate"]["id"]
    w.ids["resA"] = await w.pw_resource(c, "A")
    w.ids["resB"] = await w.pw_resource(w.client(STAFF_B), "B")
    w.ids["questionP"] = await w.pw_question_of_p()


def certificate_input(w: World, person: str | None = None) -> dict[str, Any]:
    return {
        "personId": person or w.ids["P"],
        "organizationId": w.ids["A"],
        "program": "example",
        "title": "Example workshops 2024",
        "periodStart": "2024-01-01",
        "periodEnd": "2024-12-31",
    }


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


async def p_only(w: World, caller: str) -> dict[str, Any]:
    return {"person": w.ids["P"]}


async def p_and_circle(w: World, caller: str) -> dict[str, Any]:
    return {"person": w.ids["P"], "subject": w.ids["circle"]}


IN_A = (
    *("A", "P", "Q", "G", "C", "circle", "groupA2", "actA", "actA2", "entryP", "dueP", "certP"),
    *("caseload", "actPeer", "actCall", "entryPeer", "entryCall", "certCall", "resA", "questionP"),
)
IN_B = ("B", "S", "R", "groupB", "actB", "resB")
NODE_LABELS = IN_A + IN_B
NODES = (
    "query("
    + ", ".join(f"${label}: ID!" for label in NODE_LABELS)
    + ") { "
    + " ".join(f"{label}: node(id: ${label}) {{ id }}" for label in NODE_LABELS)
    + " }"
)


async def node_variables(w: World, caller: str) -> dict[str, Any]:
    return {label: w.ids[label] for label in NODE_LABELS}


async def people_variables(w: World, caller: str) -> dict[str, Any]:
    return {"search": w.tag}


async def groups_variables(w: World, caller: str) -> dict[str, Any]:
    return {"after": w.after("circle")}


async def activities_variables(w: World, caller: str) -> dict[str, Any]:
    return {"after": w.after("actA")}


async def new_organization(w: World, caller: str) -> dict[str, Any]:
    return {"name": unique(f"{w.tag} org"), "kind": "association"}


async def new_person_in_a(w: World, caller: str) -> dict[str, Any]:
    family = f"New{uuid.uuid4().hex[:10]}"
    return {
        "organizationId": w.ids["A"],
        "givenName": "New",
        "familyName": family,
        "email": f"{family.lower()}@example.org",
        "profession": "FAMILY_PHYSICIAN",
        "licenceNumber": f"L{uuid.uuid4().hex[:8]}",
        "licenceProvince": "ON",
    }


async def new_group_in_a(w: World, caller: str) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "kind": "example.circle",
        "name": unique(f"{w.tag} group"),
        "capacity": 5,
    }


async def place_p_in_fresh_group(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await w.group_in("A"), "personId": w.ids["P"]}


async def take_p_out_of_fresh_group(w: World, caller: str) -> dict[str, Any]:
    group = await w.group_in("A")
    await w.gql.mutate(JOIN_GROUP, groupId=group, personId=w.ids["P"])
    return {"groupId": group, "personId": w.ids["P"]}


async def new_activity_in_a(w: World, caller: str) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "kind": "example.workshop",
        "title": unique(f"{w.tag} workshop"),
        "startsAt": WORKSHOP_START,
        "endsAt": WORKSHOP_END,
    }


async def fresh_attendance(w: World, caller: str) -> dict[str, Any]:
    return {
        "activityId": await w.activity_in("A"),
        "personId": await w.person_in("A"),
        "hours": "2",
    }


async def fresh_reversal(w: World, caller: str) -> dict[str, Any]:
    return {"entryId": await w.credit_entry(), "reason": "Recorded twice."}


async def offer_of_a_fresh_guide(w: World, caller: str) -> dict[str, Any]:
    """A fresh guide's freed place, offered to a fresh learner: neither P's nor G's."""
    _, request = await w.pw.offer(w.ids["A"], w.gql)
    return {"requestId": request, "accept": False}


async def fresh_learner_account(w: World, caller: str) -> dict[str, Any]:
    return {"accountId": (await w.pw_learner()).account}


async def fresh_correction(w: World, caller: str) -> dict[str, Any]:
    return {"participationId": await w.participation(), "hours": "1", "reason": "Left early."}


async def fresh_withdrawal(w: World, caller: str) -> dict[str, Any]:
    return {"participationId": await w.participation(), "reason": "Not there."}


async def due_item_for_p(w: World, caller: str) -> dict[str, Any]:
    return {
        "personId": w.ids["P"],
        "program": "example",
        "kind": "example.reading",
        "title": unique("Reading"),
        "dueOn": "2027-01-31",
    }


async def fresh_due_item_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"dueItemId": await w.due_item(w.ids["P"])}


async def certificate_for_fresh_attendee(w: World, caller: str) -> dict[str, Any]:
    # A credit is certified once: P's are on certP, so a fresh person's workshop is certified.
    attendee = await w.person_in("A")
    await w.attend(await w.activity_in("A"), attendee)
    return certificate_input(w, attendee)


async def guide_role_for_fresh_person(w: World, caller: str) -> dict[str, Any]:
    return {"personId": await w.person_in("A"), "organizationId": w.ids["A"], "role": "GUIDE"}


async def fresh_guide_assignment(w: World, caller: str) -> dict[str, Any]:
    return {"roleAssignmentId": await w.grant(await w.person_in("A"), "GUIDE", "A")}


async def note_for_p(w: World, caller: str) -> dict[str, Any]:
    return {"personId": w.ids["P"], "text": "Spirometry refresher"}


async def organization_a(w: World, caller: str) -> dict[str, Any]:
    return {"org": w.ids["A"]}


async def learner_p(w: World, caller: str) -> dict[str, Any]:
    return {"learner": w.ids["P"]}


async def resources_variables(w: World, caller: str) -> dict[str, Any]:
    return {"search": w.tag}


async def questions_variables(w: World, caller: str) -> dict[str, Any]:
    return {"after": w.after("questionP")}


async def application_to_a(w: World, caller: str) -> dict[str, Any]:
    return {
        "organizationId": w.ids["A"],
        "topicAreas": ["CHRONIC_PAIN"],
        "reporting": "CERTIFICATE",
    }


async def fresh_application(w: World, caller: str) -> dict[str, Any]:
    return {"accountId": (await w.pw_learner(approved=False)).account, "approve": True}


async def unchanged_reporting(w: World, caller: str) -> dict[str, Any]:
    return {"reporting": "CERTIFICATE"}  # everyone who has an account chose certificates


async def fresh_guide_profile(w: World, caller: str) -> dict[str, Any]:
    return {
        "personId": await w.person_in("A"),
        "organizationId": w.ids["A"],
        "bio": "Addiction medicine, twenty years.",
        "topicAreas": ["SUBSTANCE_USE"],
        "capacity": 2,
    }


async def g_keeps_accepting(w: World, caller: str) -> dict[str, Any]:
    # G's own profile, so G's right to change it is asked; accepting already, nothing changes.
    return {"guideId": w.ids["guideG"], "accepting": True}


async def fresh_guide_for_p(w: World, caller: str) -> dict[str, Any]:
    return {"guideId": (await w.pw_guide()).id}


async def fresh_request(w: World, caller: str) -> dict[str, Any]:
    learner, guide = await w.pw_learner(), await w.pw_guide()
    requested = await learner.client.mutate(REQUEST_GUIDE, guideId=guide.id)
    return {"requestId": requested["request"]["id"]}


async def fresh_request_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"requestId": await w.pw_request_of_p()}


async def p_finds_a_fresh_guide_full(w: World, caller: str) -> dict[str, Any]:
    """P's request for a fresh guide whose one place is taken: staff found it unavailable."""
    guide = await w.pw.guide(w.ids["A"], w.gql, capacity=1)
    await w.pw.match(await w.pw_learner(), guide, w.gql)
    requested = await w.client(PHYSICIAN).mutate(REQUEST_GUIDE, guideId=guide.id)
    request = requested["request"]["id"]
    confirmed = await w.gql.mutate(CONFIRM_MATCH, requestId=request)
    assert confirmed["request"]["status"] == "UNAVAILABLE", confirmed
    return {"requestId": request}


async def p_matched_with_fresh_guide(w: World, caller: str) -> dict[str, Any]:
    guide = await w.pw_guide()
    await w.pw.match(w.learner_p(), guide, w.gql)
    return {"guideId": guide.id, "learnerId": w.ids["P"]}


async def learner_group_for_fresh_guide(w: World, caller: str) -> dict[str, Any]:
    name = unique(f"{w.tag} learner group")
    w.secrets.append(name)
    return {"guideId": (await w.pw_guide()).id, "name": name, "capacity": 2}


async def fresh_learner_for_fresh_group(w: World, caller: str) -> dict[str, Any]:
    return {"groupId": await w.pw_learner_group(), "learnerId": (await w.pw_learner()).person}


async def goal_for_oneself(w: World, caller: str) -> dict[str, Any]:
    return smart_goal()


async def fresh_goal_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"goalId": await w.pw_goal(w.client(PHYSICIAN)), "status": "ACHIEVED"}


async def survey_answer(w: World, caller: str) -> dict[str, Any]:
    return {"progress": 3, "reflection": "Half-way there."}


async def fresh_learner_of_g(w: World, caller: str) -> dict[str, Any]:
    learner = await w.pw_learner()
    await w.pw.match(learner, w.guide_g(), w.gql)
    return {
        "guideId": w.ids["guideG"],
        "learnerId": learner.person,
        "heldOn": today().isoformat(),
        "hours": "1",
    }


async def fresh_call(w: World, caller: str) -> dict[str, Any]:
    title = unique(f"{w.tag} call")
    w.secrets.append(title)
    return {
        "organizationId": w.ids["A"],
        "title": title,
        "startsAt": CALL_START,
        "endsAt": CALL_END,
    }


async def fresh_call_attendance(w: World, caller: str) -> dict[str, Any]:
    call = await w.pw_call(w.gql)
    return {"callId": call, "learnerId": await w.person_in("A"), "hours": "2"}


async def fresh_session_with_g(w: World, caller: str) -> dict[str, Any]:
    """A fresh learner's session with G: G's to correct, not P's. The match then ends, so G's
    caseload has room for every case (a session is corrected after its match too)."""
    learner = await w.pw_learner()
    await w.pw.match(learner, w.guide_g(), w.gql)
    logged = await w.pw_session(learner, w.guide_g())
    await w.gql.mutate(END_MATCH, guideId=w.ids["guideG"], learnerId=learner.person)
    return {"sessionId": logged["session"]["id"], "reason": "Logged in error."}


async def fresh_session_correction(w: World, caller: str) -> dict[str, Any]:
    return {**await fresh_session_with_g(w, caller), "hours": "0.5"}


async def fresh_call_participation(w: World, caller: str) -> dict[str, Any]:
    attended = await w.gql.mutate(RECORD_CALL_ATTENDANCE, **await fresh_call_attendance(w, caller))
    return {"participationId": attended["participation"]["id"], "reason": "Not on the call."}


async def fresh_call_correction(w: World, caller: str) -> dict[str, Any]:
    return {**await fresh_call_participation(w, caller), "hours": "1"}


async def quarter_nobody_earned_in(w: World, caller: str) -> dict[str, Any]:
    return {"organizationId": w.ids["A"], "quarter": "2019-02-15"}


async def fresh_pending_credit(w: World, caller: str) -> dict[str, Any]:
    learner, guide = await w.pw_learner(reporting="OCFP_ENTERS"), await w.pw_guide()
    await w.pw.match(learner, guide, w.gql)
    logged = await w.pw_session(learner, guide)
    return {"organizationId": w.ids["A"], "creditEntryIds": [logged["creditEntry"]["id"]]}


async def resource_for_a(w: World, caller: str) -> dict[str, Any]:
    return resource(w, "A")


async def question_for_oneself(w: World, caller: str) -> dict[str, Any]:
    return question()


async def fresh_question_of_p(w: World, caller: str) -> dict[str, Any]:
    return {"questionId": await w.pw_question_of_p(), "answer": "See the tapering toolkit."}


async def feedback(w: World, caller: str) -> dict[str, Any]:
    return {"component": "OVERALL", "rating": 5, "comments": "Worth the time."}


MATRIX: dict[str, Entry] = {
    "me": Entry(
        "query { me { id } }",
        no_variables,
        expect(
            anonymous=seen(),
            physician=seen("P"),
            other_physician=seen("Q"),
            guide=seen("G"),
            coordinator_a=seen("C"),
            staff_b=seen("S"),
            admin=seen("admin"),
        ),
    ),
    "node": Entry(
        NODES,
        node_variables,
        expect(
            anonymous=seen("A", "B"),
            physician=seen(
                *("A", "B", "P", "G", "circle", "groupA2", "caseload", "actA", "actPeer"),
                *("actCall", "entryP", "entryPeer", "entryCall", "dueP", "certP", "certCall"),
                *("resA", "questionP"),
            ),
            other_physician=seen("A", "B", "Q", "circle", "groupA2", "caseload"),
            guide=seen(
                *("A", "B", "G", "P", "circle", "groupA2", "caseload", "actA", "resA"),
                "questionP",
            ),
            coordinator_a=seen("B", *IN_A),
            staff_b=seen("A", *IN_B),
            admin=seen(*NODE_LABELS),
        ),
    ),
    "programs": Entry("query { programs { slug } }", no_variables, PUBLIC),
    "organizations": Entry(
        "query { organizations(first: 5) { nodes { name } } }", no_variables, PUBLIC
    ),
    "people": Entry(
        PEOPLE,
        people_variables,
        expect(
            anonymous=seen(),
            physician=seen("P", "G"),
            other_physician=seen("Q"),
            guide=seen("G", "P"),
            coordinator_a=seen("P", "Q", "G", "C"),
            staff_b=seen("S", "R"),
            admin=seen("P", "Q", "G", "C", "S", "R"),
        ),
    ),
    "groups": Entry(
        "query($after: String) { groups(first: 100, after: $after) "
        "{ nodes { id organization { id } } } }",
        groups_variables,
        expect(
            anonymous=seen(),
            physician=seen("circle", "groupA2", "caseload", "A"),
            other_physician=seen("circle", "groupA2", "caseload", "A"),
            guide=seen("circle", "groupA2", "caseload", "A"),
            coordinator_a=seen("circle", "groupA2", "caseload", "A"),
            staff_b=seen("groupB", "B"),
            admin=seen("circle", "groupA2", "groupB", "caseload", "A", "B"),
        ),
    ),
    "activities": Entry(
        "query($after: String) { activities(first: 100, after: $after) "
        "{ nodes { id organization { id } } } }",
        activities_variables,
        expect(
            anonymous=seen(),
            physician=seen("actA", "actPeer", "actCall", "A"),
            other_physician=seen(),
            guide=seen("actA", "A"),
            coordinator_a=seen("actA", "actA2", "actPeer", "actCall", "A"),
            staff_b=seen("actB", "B"),
            admin=seen("actA", "actA2", "actB", "actPeer", "actCall", "A", "B"),
        ),
    ),
    "certifications": Entry("query { certifications { code } }", no_variables, PUBLIC),
    "transcript": Entry(
        'query($person: ID!) { transcript(personId: $person, cycleStart: "2023-07-01") '
        "{ total entries { id } } }",
        p_only,
        expect(
            anonymous=DENY,
            physician=seen("entryP", "entryPeer", "entryCall"),
            other_physician=DENY,
            guide=seen(),  # G sees P, but not P's credits
            coordinator_a=seen("entryP", "entryPeer", "entryCall"),
            staff_b=DENY,
            admin=seen("entryP", "entryPeer", "entryCall"),
        ),
    ),
    "eligibility": Entry(
        ELIGIBILITY,
        p_and_circle,
        SEES_P,
    ),
    "eligibilityActions": Entry("query { eligibilityActions }", no_variables, PUBLIC),
    # The example program's notes are P's own: read by whoever sees P (as P's transcript is),
    # written by P and the staff of P's organization.
    "exNotes": Entry("query($person: ID!) { exNotes(personId: $person) { text } }", p_only, SEES_P),
    "createOrganization": Entry(
        mutation("createOrganization", "CreateOrganizationInput", "organization { id }"),
        inputs(new_organization),
        PLATFORM_ADMIN_ONLY,
    ),
    "createPerson": Entry(
        mutation("createPerson", "CreatePersonInput", "person { id }"),
        inputs(new_person_in_a),
        STAFF_OF_A,
    ),
    "createGroup": Entry(
        mutation("createGroup", "CreateGroupInput", "group { id }"),
        inputs(new_group_in_a),
        STAFF_OF_A,
    ),
    "joinGroup": Entry(
        mutation("joinGroup", "JoinGroupInput", "membership { status }"),
        inputs(place_p_in_fresh_group),
        P_OR_STAFF_OF_A,
    ),
    "leaveGroup": Entry(
        mutation("leaveGroup", "LeaveGroupInput", "membership { status }"),
        inputs(take_p_out_of_fresh_group),
        P_OR_STAFF_OF_A,
    ),
    "createActivity": Entry(
        mutation("createActivity", "CreateActivityInput", "activity { id }"),
        inputs(new_activity_in_a),
        STAFF_OF_A,
    ),
    "recordParticipation": Entry(
        mutation("recordParticipation", "RecordParticipationInput", "creditEntry { id }"),
        inputs(fresh_attendance),
        STAFF_OF_A,
    ),
    "reverseCreditEntry": Entry(
        mutation("reverseCreditEntry", "ReverseCreditEntryInput", "entry { id }"),
        inputs(fresh_reversal),
        STAFF_OF_A,
    ),
    "correctAttendance": Entry(
        mutation("correctAttendance", "CorrectAttendanceInput", "participation { id }"),
        inputs(fresh_correction),
        STAFF_OF_A,
    ),
    "withdrawAttendance": Entry(
        mutation("withdrawAttendance", "WithdrawAttendanceInput", "participation { id }"),
        inputs(fresh_withdrawal),
        STAFF_OF_A,
    ),
    "createDueItem": Entry(
        mutation("createDueItem", "CreateDueItemInput", "dueItem { id }"),
        inputs(due_item_for_p),
        STAFF_OF_A,
    ),
    "completeDueItem": Entry(
        mutation("completeDueItem", "CompleteDueItemInput", "dueItem { completedAt }"),
        inputs(fresh_due_item_of_p),
        P_OR_STAFF_OF_A,
    ),
    "issueCertificate": Entry(
        mutation("issueCertificate", "IssueCertificateInput", "certificate { number }"),
        inputs(certificate_for_fresh_attendee),
        STAFF_OF_A,
    ),
    "assignRole": Entry(
        mutation("assignRole", "AssignRoleInput", "roleAssignment { role }"),
        inputs(guide_role_for_fresh_person),
        STAFF_OF_A,
    ),
    "revokeRole": Entry(
        mutation("revokeRole", "RevokeRoleInput", "revoked"),
        inputs(fresh_guide_assignment),
        STAFF_OF_A,
    ),
    "exAddNote": Entry(
        mutation("exAddNote", "ExAddNoteInput", "note { text }"),
        inputs(note_for_p),
        P_OR_STAFF_OF_A,
    ),
    # Practising Well, run in A by C.
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
    # Everyone signed in may apply, for themselves; in this world all have applied already or
    # are not physicians (test_a_physician_applies_for_themselves shows an application made).
    "pwApply": Entry(
        mutation("pwApply", "PwApplyInput", "learner { id }"),
        inputs(application_to_a),
        {**{caller: PW_ACCOUNT for caller in CALLERS}, ANONYMOUS: DENY},
    ),
    "pwDecideApplication": Entry(
        mutation("pwDecideApplication", "PwDecideApplicationInput", "learner { status }"),
        inputs(fresh_application),
        STAFF_OF_A,
    ),
    # The preference is part of an application: whoever applied keeps it, approved or not.
    "pwSetReportingPreference": Entry(
        mutation("pwSetReportingPreference", "PwSetReportingPreferenceInput", "learner { id }"),
        inputs(unchanged_reporting),
        {**APPROVED_LEARNER, OTHER_PHYSICIAN: ALLOW, GUIDE: ALLOW},
    ),
    "pwCreateGuide": Entry(
        mutation("pwCreateGuide", "PwCreateGuideInput", "guide { id }"),
        inputs(fresh_guide_profile),
        STAFF_OF_A,
    ),
    "pwUpdateGuide": Entry(
        mutation("pwUpdateGuide", "PwUpdateGuideInput", "guide { accepting }"),
        inputs(g_keeps_accepting),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwRequestGuide": Entry(
        mutation("pwRequestGuide", "PwRequestGuideInput", "request { status }"),
        inputs(fresh_guide_for_p),
        APPROVED_LEARNER,
    ),
    "pwConfirmMatch": Entry(
        mutation("pwConfirmMatch", "PwConfirmMatchInput", "request { status }"),
        inputs(fresh_request),
        STAFF_OF_A,
    ),
    "pwJoinWaitlist": Entry(
        mutation("pwJoinWaitlist", "PwRequestIdInput", "request { status }"),
        inputs(p_finds_a_fresh_guide_full),
        P_ONLY,
    ),
    "pwCancelRequest": Entry(
        mutation("pwCancelRequest", "PwRequestIdInput", "request { status }"),
        inputs(fresh_request_of_p),
        P_ONLY,
    ),
    # The learner, the guide (not G: another guide's match) or staff end a match.
    "pwEndMatch": Entry(
        mutation("pwEndMatch", "PwEndMatchInput", "matchedFromWaitlist"),
        inputs(p_matched_with_fresh_guide),
        P_OR_STAFF_OF_A,
    ),
    "pwDecideOffer": Entry(
        mutation("pwDecideOffer", "PwDecideOfferInput", "request { status }"),
        inputs(offer_of_a_fresh_guide),
        STAFF_OF_A,
    ),
    "pwWithdrawAccount": Entry(
        mutation("pwWithdrawAccount", "PwWithdrawAccountInput", "learner { status }"),
        inputs(fresh_learner_account),
        STAFF_OF_A,
    ),
    "pwCreateLearnerGroup": Entry(
        mutation("pwCreateLearnerGroup", "PwCreateLearnerGroupInput", "group { capacity }"),
        inputs(learner_group_for_fresh_guide),
        STAFF_OF_A,
    ),
    "pwAddToLearnerGroup": Entry(
        mutation("pwAddToLearnerGroup", "PwAddToLearnerGroupInput", "group { capacity }"),
        inputs(fresh_learner_for_fresh_group),
        STAFF_OF_A,
    ),
    "pwSetGoal": Entry(
        mutation("pwSetGoal", "PwSetGoalInput", "goal { id }"),
        inputs(goal_for_oneself),
        APPROVED_LEARNER,
    ),
    "pwCloseGoal": Entry(
        mutation("pwCloseGoal", "PwCloseGoalInput", "goal { status }"),
        inputs(fresh_goal_of_p),
        SEES_P,
    ),
    "pwSubmitProgressSurvey": Entry(
        mutation("pwSubmitProgressSurvey", "PwSubmitProgressSurveyInput", "report { id }"),
        inputs(survey_answer),
        APPROVED_LEARNER,
    ),
    # Peer Connect time is logged by the learner or their guide: a fresh learner of G's.
    "pwLogSession": Entry(
        mutation("pwLogSession", "PwLogSessionInput", "session { hours }"),
        inputs(fresh_learner_of_g),
        {**PLATFORM_ADMIN_ONLY, GUIDE: ALLOW, ADMIN: DENY},
    ),
    "pwScheduleCall": Entry(
        mutation("pwScheduleCall", "PwScheduleCallInput", "call { id }"),
        inputs(fresh_call),
        STAFF_OF_A,
    ),
    "pwRecordCallAttendance": Entry(
        mutation("pwRecordCallAttendance", "PwRecordCallAttendanceInput", "creditEntry { id }"),
        inputs(fresh_call_attendance),
        STAFF_OF_A,
    ),
    "pwCorrectSession": Entry(
        mutation("pwCorrectSession", "PwCorrectSessionInput", "session { hours }"),
        inputs(fresh_session_correction),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwWithdrawSession": Entry(
        mutation("pwWithdrawSession", "PwWithdrawSessionInput", "session { id }"),
        inputs(fresh_session_with_g),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwCorrectCallAttendance": Entry(
        mutation("pwCorrectCallAttendance", "CorrectAttendanceInput", "creditEntry { id }"),
        inputs(fresh_call_correction),
        STAFF_OF_A,
    ),
    "pwWithdrawCallAttendance": Entry(
        mutation("pwWithdrawCallAttendance", "WithdrawAttendanceInput", "reversals { id }"),
        inputs(fresh_call_participation),
        STAFF_OF_A,
    ),
    "pwIssueQuarterlyCertificates": Entry(
        mutation(
            "pwIssueQuarterlyCertificates",
            "PwIssueQuarterlyCertificatesInput",
            "issued { id } withheld { learnerId }",
        ),
        inputs(quarter_nobody_earned_in),
        STAFF_OF_A,
    ),
    "pwMarkCreditsReported": Entry(
        mutation("pwMarkCreditsReported", "PwMarkCreditsReportedInput", "reported"),
        inputs(fresh_pending_credit),
        STAFF_OF_A,
    ),
    "pwAddResource": Entry(
        mutation("pwAddResource", "PwAddResourceInput", "resource { id }"),
        inputs(resource_for_a),
        STAFF_OF_A,
    ),
    "pwAskQuestion": Entry(
        mutation("pwAskQuestion", "PwAskQuestionInput", "question { id }"),
        inputs(question_for_oneself),
        APPROVED_LEARNER,
    ),
    "pwAnswerQuestion": Entry(
        mutation("pwAnswerQuestion", "PwAnswerQuestionInput", "question { status }"),
        inputs(fresh_question_of_p),
        GUIDE_OR_STAFF_OF_A,
    ),
    "pwSubmitFeedback": Entry(
        mutation("pwSubmitFeedback", "PwSubmitFeedbackInput", "feedback { rating }"),
        inputs(feedback),
        APPROVED_LEARNER,
    ),
}


@pytest.mark.parametrize(("name", "caller"), [(n, c) for n in MATRIX for c in CALLERS])
async def test_matrix(world: World, name: str, caller: str) -> None:
    entry = MATRIX[name]
    body = await world.client(caller).execute(entry.operation, await entry.variables(world, caller))

    outcome = entry.expect[caller]
    if outcome == DENY:
        assert_refused(body, caller, world)
    elif isinstance(outcome, Seen):
        assert_seen(body, caller, world, outcome)
    elif isinstance(outcome, Refused):
        assert_rule(body, world, outcome)
    else:
        assert_allowed(body)


ROOT_FIELDS = """
{ __schema { queryType { fields { name } } mutationType { fields { name } } } }"""


async def root_fields(gql: GraphQLClient) -> set[str]:
    schema = (await gql.data(ROOT_FIELDS))["__schema"]
    return {f["name"] for root in ("queryType", "mutationType") for f in schema[root]["fields"]}


async def test_matrix_declares_every_root_field_and_mutation(gql: GraphQLClient) -> None:
    missing = await root_fields(gql) - MATRIX.keys()

    assert not missing, f"declare who may use these in MATRIX: {sorted(missing)}"


async def test_matrix_names_only_fields_the_schema_has(gql: GraphQLClient) -> None:
    unknown = MATRIX.keys() - await root_fields(gql)

    assert not unknown, f"MATRIX names fields the schema lacks: {sorted(unknown)}"


A_OBJECTS = ("P", "circle", "actA", "entryP")


@pytest.mark.parametrize("label", A_OBJECTS)
async def test_node_in_another_organization_is_null_without_error(world: World, label: str) -> None:
    body = await world.client(STAFF_B).execute(NODE, {"id": world.ids[label]})

    assert body == {"data": {"node": None}}


@pytest.mark.parametrize("label", A_OBJECTS)
async def test_node_in_own_organization_is_returned_to_its_coordinator(
    world: World, label: str
) -> None:
    data = await world.client(COORDINATOR_A).data(NODE, {"id": world.ids[label]})

    assert data["node"] == {"id": world.ids[label]}


async def grant_as(
    world: World, caller: str, person: str, role: str, organization: str | None
) -> dict[str, Any]:
    return await world.client(caller).execute(
        ASSIGN_ROLE,
        {
            "input": {
                "personId": person,
                "organizationId": world.ids[organization] if organization else None,
                "role": role,
            }
        },
    )


async def revoke_as(world: World, caller: str, assignment: str) -> dict[str, Any]:
    return await world.client(caller).execute(
        REVOKE_ROLE, {"input": {"roleAssignmentId": assignment}}
    )


async def roles_of(world: World, person: str) -> set[tuple[str, str | None]]:
    node = (await world.gql.data(PERSON_ROLES, {"id": person}))["node"]
    return {(r["role"], r["organization"] and r["organization"]["id"]) for r in node["roles"]}


@pytest.mark.parametrize("role", ["ADMIN", "PROGRAM_STAFF"])
async def test_coordinator_cannot_grant_a_role_above_their_own(world: World, role: str) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, COORDINATOR_A, person, role, "A")

    assert_refused(body, COORDINATOR_A, world)
    assert (role, world.ids["A"]) not in await roles_of(world, person)


async def test_coordinator_grants_guide_in_own_organization(world: World) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, COORDINATOR_A, person, "GUIDE", "A")

    assert_allowed(body)
    assert ("GUIDE", world.ids["A"]) in await roles_of(world, person)


@pytest.mark.parametrize("role", ["ADMIN", "PROGRAM_STAFF", "COORDINATOR", "GUIDE", "MEMBER"])
async def test_coordinator_cannot_grant_any_role_in_another_organization(
    world: World, role: str
) -> None:
    person = await world.person_in("B")

    body = await grant_as(world, COORDINATOR_A, person, role, "B")

    assert_refused(body, COORDINATOR_A, world)


@pytest.mark.parametrize("role", ["ADMIN", "PROGRAM_STAFF", "COORDINATOR", "GUIDE", "MEMBER"])
async def test_physician_cannot_grant_any_role_even_to_themselves(world: World, role: str) -> None:
    physician = await world.person_in("A")
    client = world.client_for(physician)

    body = await client.execute(
        ASSIGN_ROLE,
        {"input": {"personId": physician, "organizationId": world.ids["A"], "role": role}},
    )

    assert_refused(body, PHYSICIAN, world)
    assert await roles_of(world, physician) == {("MEMBER", world.ids["A"])}


async def test_coordinator_cannot_grant_platform_admin(world: World) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, COORDINATOR_A, person, "ADMIN", None)

    assert_refused(body, COORDINATOR_A, world)


async def test_platform_admin_grants_platform_admin(world: World) -> None:
    person = await world.person_in("A")

    body = await grant_as(world, ADMIN, person, "ADMIN", None)

    assert_allowed(body)
    assert ("ADMIN", None) in await roles_of(world, person)
    await revoke_as(world, ADMIN, body["data"]["assignRole"]["roleAssignment"]["id"])


async def test_coordinator_revokes_guide_in_own_organization(world: World) -> None:
    person = await world.person_in("A")
    assignment = await world.grant(person, "GUIDE", "A")

    body = await revoke_as(world, COORDINATOR_A, assignment)

    assert_allowed(body)
    assert ("GUIDE", world.ids["A"]) not in await roles_of(world, person)


@pytest.mark.parametrize(
    ("role", "organization"),
    [("ADMIN", "A"), ("PROGRAM_STAFF", "A"), ("GUIDE", "B"), ("ADMIN", None)],
    ids=["admin-in-A", "program-staff-in-A", "guide-in-B", "platform-admin"],
)
async def test_coordinator_cannot_revoke_what_they_could_not_grant(
    world: World, role: str, organization: str | None
) -> None:
    person = await world.person_in(organization or "A")
    assignment = await world.grant(person, role, organization)

    body = await revoke_as(world, COORDINATOR_A, assignment)

    assert_refused(body, COORDINATOR_A, world)
    assert (role, organization and world.ids[organization]) in await roles_of(world, person)


async def test_physician_cannot_revoke_a_role(world: World) -> None:
    person = await world.person_in("A")
    assignment = await world.grant(person, "GUIDE", "A")

    body = await revoke_as(world, PHYSICIAN, assignment)

    assert_refused(body, PHYSICIAN, world)


async def test_anonymous_cannot_revoke_a_role(world: World) -> None:
    assignment = await world.grant(await world.person_in("A"), "GUIDE", "A")

    body = await revoke_as(world, ANONYMOUS, assignment)

    assert_refused(body, ANONYMOUS, world)


ME = "query { me { id roles { role program organization { id } } } }"
OWN_ROLES = {
    PHYSICIAN: {("MEMBER", "A")},
    GUIDE: {("MEMBER", "A"), ("GUIDE", "A")},
    COORDINATOR_A: {("MEMBER", "A"), ("COORDINATOR", "A")},
    STAFF_B: {("MEMBER", "B"), ("COORDINATOR", "B")},
    ADMIN: {("ADMIN", None)},
}


@pytest.mark.parametrize("caller", list(OWN_ROLES))
async def test_me_is_the_caller_with_their_roles(world: World, caller: str) -> None:
    me = (await world.client(caller).data(ME))["me"]

    assert me["id"] == world.person(caller)
    roles = {
        (r["role"], r["organization"] and world.label(r["organization"]["id"])) for r in me["roles"]
    }
    assert roles == OWN_ROLES[caller]


async def test_me_is_null_for_anonymous(world: World) -> None:
    body = await world.client(ANONYMOUS).execute(ME)

    assert body == {"data": {"me": None}}


# Beyond the matrix: ways to reach, or learn about, people and objects out of the caller's sight.

JOIN = mutation("joinGroup", "JoinGroupInput", "membership { person { id name email } }")
LEAVE = mutation(
    "leaveGroup",
    "LeaveGroupInput",
    "membership { status } promoted { person { id name email } }",
)
RECORD = mutation(
    "recordParticipation", "RecordParticipationInput", "participation { person { id email } }"
)
CREATE_ACTIVITY_FOR = mutation("createActivity", "CreateActivityInput", "activity { id }")


async def visible_to(world: World, caller: str, person: str) -> bool:
    return (await world.client(caller).data(NODE, {"id": person}))["node"] is not None


async def test_coordinator_cannot_place_another_organizations_person_in_a_group(
    world: World,
) -> None:
    stranger = await world.person_in("B")
    group = await world.group_in("A")

    body = await world.client(COORDINATOR_A).execute(
        JOIN, {"input": {"groupId": group, "personId": stranger}}
    )

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger)


async def test_coordinator_cannot_record_attendance_of_another_organizations_person(
    world: World,
) -> None:
    stranger = await world.person_in("B")
    activity = await world.activity_in("A")

    body = await world.client(COORDINATOR_A).execute(
        RECORD, {"input": {"activityId": activity, "personId": stranger, "hours": "1"}}
    )

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger)


async def test_coordinator_cannot_hold_an_activity_for_another_organizations_group(
    world: World,
) -> None:
    group_in_b = await world.group_in("B")
    data = await new_activity_in_a(world, COORDINATOR_A)

    body = await world.client(COORDINATOR_A).execute(
        CREATE_ACTIVITY_FOR, {"input": {**data, "groupId": group_in_b}}
    )

    assert_refused(body, COORDINATOR_A, world)


async def test_member_leaving_a_group_is_not_shown_whom_the_waitlist_promoted(
    world: World,
) -> None:
    leaver, waiting = await world.person_in("A"), await world.person_in("A")
    group = await world.group_in("A", capacity=1)
    await world.gql.mutate(JOIN_GROUP, groupId=group, personId=leaver)
    await world.gql.mutate(JOIN_GROUP, groupId=group, personId=waiting, waitlist=True)

    body = await world.client_for(leaver).execute(
        LEAVE, {"input": {"groupId": group, "personId": leaver}}
    )

    assert_allowed(body)
    assert waiting not in collect_ids(body)


async def test_eligibility_about_another_organizations_group_is_forbidden(world: World) -> None:
    body = await world.client(STAFF_B).execute(
        ELIGIBILITY, {"person": world.ids["S"], "subject": world.ids["circle"]}
    )

    assert_refused(body, STAFF_B, world)


async def test_a_physician_applies_for_themselves(world: World) -> None:
    physician = await world.person_in("A")
    client = world.client_for(physician)

    body = await client.execute(
        mutation("pwApply", "PwApplyInput", "learner { id status person { id } }"),
        {"input": await application_to_a(world, PHYSICIAN)},
    )

    assert_allowed(body)
    learner = body["data"]["pwApply"]["learner"]
    assert (learner["status"], learner["person"]["id"]) == ("PENDING", physician)
    assert (await client.data(MY_ACCOUNT))["pwMyAccount"]["id"] == learner["id"]


CREATE_GUIDE_FOR = mutation("pwCreateGuide", "PwCreateGuideInput", "guide { id }")
ADD_TO_LEARNER_GROUP = mutation("pwAddToLearnerGroup", "PwAddToLearnerGroupInput", "group { id }")


async def test_coordinator_cannot_make_another_organizations_person_a_guide(
    world: World,
) -> None:
    stranger = await world.person_in("B")
    profile = {**await fresh_guide_profile(world, COORDINATOR_A), "personId": stranger}

    body = await world.client(COORDINATOR_A).execute(CREATE_GUIDE_FOR, {"input": profile})

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger)


async def test_coordinator_cannot_place_another_organizations_learner_in_a_learner_group(
    world: World,
) -> None:
    stranger = await world.pw.learner(world.ids["B"], world.client(STAFF_B))
    group = await world.pw_learner_group()

    body = await world.client(COORDINATOR_A).execute(
        ADD_TO_LEARNER_GROUP, {"input": {"groupId": group, "learnerId": stranger.person}}
    )

    assert_refused(body, COORDINATOR_A, world)
    assert not await visible_to(world, COORDINATOR_A, stranger.person)
