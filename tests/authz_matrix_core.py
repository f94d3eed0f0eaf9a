"""The authorization matrix's rows for core's root fields and mutations and the example program's.

Each row names an operation, the variables it is sent with (built per case from the world, on
fresh objects where it writes) and what each caller gets; see tests/authz_outcomes.py.

The example program widens who sees whom: people in an example circle see each other
(``register_access_rules``), so P sees G, as G sees P. Everyone sees the groups of the
organizations (and programs) they hold a role in, so they can find one to join; who is in a
group is a separate question.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.authz_documents import ELIGIBILITY, PEOPLE
from tests.authz_outcomes import (
    DENY,
    P_OR_STAFF_OF_A,
    PLATFORM_ADMIN_ONLY,
    PUBLIC,
    SEES_P,
    STAFF_OF_A,
    Entry,
    expect,
    inputs,
    mutation,
    no_variables,
    seen,
)
from tests.authz_world import (
    WORKSHOP_END,
    WORKSHOP_START,
    World,
    certificate_input,
)
from tests.factories import JOIN_GROUP, unique


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


CORE_MATRIX: dict[str, Entry] = {
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
    "exports": Entry("query { exports { name path } }", no_variables, PUBLIC),
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
        "{ total entries { nodes { id } } } }",
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
}
