"""The authorization matrix's rows for people's accounts: correcting, deactivating and
reactivating a person, and linking them to an identity provider's subject.

Each case acts on a fresh member of A. A's coordinator (who could grant the member's role) and
the platform admin correct, deactivate and reactivate them; no one else learns they exist.
Subjects are linked and unlinked by the platform admin alone.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.authz_outcomes import PLATFORM_ADMIN_ONLY, STAFF_OF_A, Entry, inputs, mutation
from tests.authz_world import World
from tests.people_accounts_support import DEACTIVATE_PERSON, LINK_AUTH_SUBJECT

PERSON = "person { id active }"


async def fresh_member(w: World, caller: str) -> dict[str, Any]:
    return {"personId": await w.person_in("A")}


async def renamed_member(w: World, caller: str) -> dict[str, Any]:
    return {**await fresh_member(w, caller), "givenName": "Corrected"}


async def deactivated_member(w: World, caller: str) -> dict[str, Any]:
    person = await fresh_member(w, caller)
    await w.gql.mutate(DEACTIVATE_PERSON, **person)
    return person


async def member_and_subject(w: World, caller: str) -> dict[str, Any]:
    return {**await fresh_member(w, caller), "authSubject": f"oidc|{uuid.uuid4().hex}"}


async def linked_member(w: World, caller: str) -> dict[str, Any]:
    link = await member_and_subject(w, caller)
    await w.gql.mutate(LINK_AUTH_SUBJECT, **link)
    return {"personId": link["personId"]}


PEOPLE_ACCOUNTS_MATRIX: dict[str, Entry] = {
    "updatePerson": Entry(
        mutation("updatePerson", "UpdatePersonInput", PERSON), inputs(renamed_member), STAFF_OF_A
    ),
    "deactivatePerson": Entry(
        mutation("deactivatePerson", "PersonAccountInput", PERSON),
        inputs(fresh_member),
        STAFF_OF_A,
    ),
    "reactivatePerson": Entry(
        mutation("reactivatePerson", "PersonAccountInput", PERSON),
        inputs(deactivated_member),
        STAFF_OF_A,
    ),
    "linkAuthSubject": Entry(
        mutation("linkAuthSubject", "LinkAuthSubjectInput", PERSON),
        inputs(member_and_subject),
        PLATFORM_ADMIN_ONLY,
    ),
    "unlinkAuthSubject": Entry(
        mutation("unlinkAuthSubject", "PersonAccountInput", PERSON),
        inputs(linked_member),
        PLATFORM_ADMIN_ONLY,
    ),
}
