"""The world the authorization tests ask about: one per database backend, built through the
public API by the platform admin.

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

The world is built once per database backend for the whole session (the ``world`` fixture in
tests/conftest.py calls ``build_world``); tests that change anything act on fresh objects made
for them, so they do not depend on one another or on their order.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.db import Database
from core.graphql.connections import encode_cursor
from core.graphql.relay import from_global_id, to_global_id
from tests.authz_documents import (
    ADD_NOTE,
    ADD_RESOURCE,
    ASK_QUESTION,
    ASSIGN_ROLE,
    CREATE_DUE_ITEM,
    CREATE_LEARNER_GROUP,
    ISSUE_CERTIFICATE,
    LOG_SESSION,
    MEMBERSHIPS,
    RECORD_CALL_ATTENDANCE,
    SCHEDULE_CALL,
    SET_GOAL,
    SUBMIT_SURVEY,
)
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

WORKSHOP_START = "2024-03-01T17:00:00+00:00"
WORKSHOP_END = "2024-03-01T19:00:00+00:00"
CALL_START = "2024-03-05T17:00:00+00:00"
CALL_END = "2024-03-05T19:00:00+00:00"
PW = "ocfp_practising_well"


@dataclass
class World:
    gql: GraphQLClient
    make: Factory
    client_for: Callable[[int | str | None], GraphQLClient]
    pw: PwFactory
    tag: str
    database: Database  # for what only a program's code records (a notification)
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
        return encode_cursor((from_global_id(self.ids[first_label])[1] - 1,))

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


async def build_world(
    gql: GraphQLClient,
    make: Factory,
    client_for: Callable[[int | str | None], GraphQLClient],
    platform_admin: int,
    pw: PwFactory,
    database: Database,
) -> World:
    """The world every authorization test reads: built once per database by the session
    fixture ``world`` (tests/conftest.py), as building it takes dozens of API calls."""
    w = World(
        gql=gql,
        make=make,
        client_for=client_for,
        pw=pw,
        database=database,
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
    person = (await w.gql.data(MEMBERSHIPS, {"id": w.ids["G"]}))["node"]
    memberships = person["memberships"]["nodes"]
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
