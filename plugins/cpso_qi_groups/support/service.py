"""QIG-SUPPORT: a group asks a CPSO Medical Advisor or QI Coach for support; CPSO staff answer
once, and both the request and its answer are kept."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.access import Viewer
from core.db import utcnow
from core.errors import Forbidden, RuleViolation
from core.groups.models import Group
from core.kinds import INVALID
from core.locks import lock_row
from core.privacy.screen import screen
from core.repository import add, find
from plugins.cpso_qi_groups import SLUG
from plugins.cpso_qi_groups.groups.service import qi_group
from plugins.cpso_qi_groups.i18n import _
from plugins.cpso_qi_groups.models import Advisor, SupportRequest
from plugins.cpso_qi_groups.support import repository

RULE = "QIG-SUPPORT"
MAX_TEXT = 4000


def _text(value: str, name: str) -> str:
    text = value.strip()
    if not 0 < len(text) <= MAX_TEXT:
        raise RuleViolation.single(INVALID, _("Write 1 to {most} characters.", most=MAX_TEXT), name)
    return text


async def request_support(
    session: AsyncSession, viewer: Viewer, *, group_id: int, advisor: Advisor, question: str
) -> SupportRequest:
    """An active member asks for the group."""
    screen(question=question)
    person_id = viewer.require_person()
    group = await qi_group(session, viewer, group_id, staff=False)
    row = SupportRequest(
        group_id=group.id,
        requested_by_id=person_id,
        advisor=advisor,
        question=_text(question, "question"),
    )
    return await add(session, row)


async def answer_support(
    session: AsyncSession, viewer: Viewer, *, request_id: int, answer: str
) -> SupportRequest:
    """CPSO staff of the group's organization answer a request, once."""
    screen(answer=answer)
    viewer.require_person()
    found = await find(session, SupportRequest, request_id)
    if found is None:
        raise Forbidden()
    group = await find(session, Group, found.group_id, missing="group")
    viewer.require_staff(group.organization_id, SLUG)
    row = await lock_row(session, SupportRequest, request_id, missing="support request")
    if row.answered_at is not None:
        raise RuleViolation.single(RULE, _("This request was answered already."), "requestId")
    row.answer = _text(answer, "answer")
    row.answered_by_id = viewer.person_id
    row.answered_at = utcnow()
    await session.flush()
    return row


async def requests(session: AsyncSession, viewer: Viewer, *, group_id: int) -> list[SupportRequest]:
    group = await qi_group(session, viewer, group_id)
    return await repository.of_groups(session, [group.id])
