"""Credits a physician earned outside peerlearn, recorded by themself.

They count towards the College's requirements on the physician's transcript, marked
self-reported, and never towards a program's caps: those count the ledger, and nothing here
writes to it. A physician records credit in the categories of the system they follow (or of
another they name), and may withdraw what they recorded in error; the row stays.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer, forbidden, require_visible
from core.db import utcnow
from core.errors import RuleViolation
from core.i18n import Text, _
from core.people.models import Person
from core.privacy.screen import screen
from core.repository import add
from core.transcripts import repository
from core.transcripts.cycles import system_of
from core.transcripts.judging import cents
from core.transcripts.models import ExternalCredit
from core.transcripts.systems import CREDIT_SYSTEMS, MAINPRO_PLUS

EXTERNAL = "CORE-EXTERNAL-CREDIT"
WITHDRAWN = "CORE-EXTERNAL-CREDIT-WITHDRAWN"
MOST_CREDITS = Decimal(250)
"""More than a whole Mainpro+ cycle's requirement in one record is a typing error."""
EARLIEST = date(1900, 1, 1)
MAX_TEXT, MAX_NOTE = 200, 1000


def _refused(message: Text, field: str) -> RuleViolation:
    return RuleViolation.single(EXTERNAL, message, field)


async def record_external_credit(
    session: AsyncSession,
    viewer: Viewer,
    *,
    earned_on: date,
    provider: str,
    title: str,
    credits: Decimal,
    category: str,
    hours: Decimal | None = None,
    credit_system: str | None = None,
    note: str = "",
) -> ExternalCredit:
    """Record credit earned elsewhere for the viewer themself."""
    screen(note=note)
    person_id = viewer.require_person()
    person = await session.get(Person, person_id)
    recorded = await repository.cycles_of(session, [person_id])
    system = (
        CREDIT_SYSTEMS.get(credit_system)
        if credit_system
        else system_of(person, recorded.get(person_id, [])) or MAINPRO_PLUS
    )
    if system is None:
        raise _refused(
            _("{system!r} is not a credit system peerlearn knows.", system=credit_system),
            "creditSystem",
        )
    if category not in {c.code for c in system.categories}:
        raise _refused(
            _(
                "{category!r} is not a {system} category; it has {known}.",
                category=category,
                system=system.name,
                known=", ".join(c.code for c in system.categories),
            ),
            "category",
        )
    if not provider.strip() or not title.strip():
        raise _refused(
            _("Say who provided the activity and what it was."),
            "provider" if not provider.strip() else "title",
        )
    for field, text, most in (
        ("provider", provider, MAX_TEXT),
        ("title", title, MAX_TEXT),
        ("note", note, MAX_NOTE),
    ):
        if len(text.strip()) > most:
            raise _refused(_("At most {most} characters.", most=most), field)
    if not Decimal(0) < credits <= MOST_CREDITS:
        raise _refused(
            _("Credits are more than 0 and at most {most}.", most=MOST_CREDITS), "credits"
        )
    if hours is not None and hours <= 0:
        raise _refused(_("Hours, when given, are more than 0."), "hours")
    for field, amount in (("credits", credits), ("hours", hours)):
        if amount is not None and amount != cents(amount):
            raise _refused(_("At most two decimal places."), field)
    if not EARLIEST <= earned_on <= utcnow().date():
        raise _refused(_("Credit is recorded once earned, not for a day to come."), "earnedOn")
    return await add(
        session,
        ExternalCredit(
            person_id=person_id,
            earned_on=earned_on,
            provider=provider.strip(),
            title=title.strip(),
            hours=None if hours is None else cents(hours),
            credits=cents(credits),
            credit_system=system.code,
            category=category,
            note=note.strip(),
        ),
    )


async def withdraw_external_credit(
    session: AsyncSession, viewer: Viewer, *, external_credit_id: int
) -> ExternalCredit:
    """The physician takes back a record made in error; it stays, marked withdrawn."""
    credit: ExternalCredit = await require_visible(
        session, viewer, ExternalCredit, external_credit_id
    )
    if credit.person_id != viewer.person_id:
        raise forbidden()
    if credit.withdrawn_at is not None:
        raise RuleViolation.single(
            WITHDRAWN, _("This credit was withdrawn already."), "externalCreditId"
        )
    credit.withdrawn_at = utcnow()
    await session.flush()
    return credit
