"""The authorization matrix's rows for a person's notifications and choices: each marks their
own notifications read (P's here, no one else's, not even the platform admin's) and chooses
their own email preference and language."""

from __future__ import annotations

from typing import Any

from core.graphql.relay import from_global_id, to_global_id
from core.i18n import _
from core.notifications.service import notify
from tests.authz_outcomes import P_ONLY, SIGNED_IN, Entry, inputs, mutation
from tests.authz_world import World

PROGRAM = "ocfp_practising_well"


async def notification_of_p(w: World, caller: str) -> dict[str, Any]:
    """A fresh message for P, recorded as a program records it."""
    person = from_global_id(w.ids["P"])[1]
    async with w.database.write() as session:
        note = await notify(
            session, person_id=person, program=PROGRAM, kind=f"{PROGRAM}.match", message=_("Hi.")
        )
        await session.flush()
    return {"ids": [to_global_id("Notification", note.id)]}


async def required_only(w: World, caller: str) -> dict[str, Any]:
    return {"preference": "REQUIRED"}


async def request_language(w: World, caller: str) -> dict[str, Any]:
    """Null, the default: the callers are shared by every test, and one left speaking French
    would word the refusals other tests read in English."""
    return {"language": None}


NOTIFICATIONS_MATRIX: dict[str, Entry] = {
    "markNotificationsRead": Entry(
        mutation("markNotificationsRead", "MarkNotificationsReadInput", "notifications { readAt }"),
        inputs(notification_of_p),
        P_ONLY,
    ),
    "setEmailPreference": Entry(
        mutation("setEmailPreference", "SetEmailPreferenceInput", "person { emailPreference }"),
        inputs(required_only),
        SIGNED_IN,
    ),
    "setLanguage": Entry(
        mutation("setLanguage", "SetLanguageInput", "person { language }"),
        inputs(request_language),
        SIGNED_IN,
    ),
}
